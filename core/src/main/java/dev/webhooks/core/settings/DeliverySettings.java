package dev.webhooks.core.settings;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How webhooks are sent. */
@ConfigMapping(prefix = "webhooks.delivery")
public interface DeliverySettings {

    /**
     * How many deliveries of one invocation run at once (threads of the delivery pool). The attempts of one
     * (event, config) pair always run one after the other.
     */
    @WithDefault("32")
    int concurrency();

    /**
     * How many of them one organization may take at once: its share, so that one organization's slow endpoints cannot
     * occupy the whole invocation while others wait.
     */
    @WithDefault("8")
    int perOrganizationConcurrency();

    /** Time to establish the TCP (and TLS) connection to an endpoint. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Time for a whole request, from connecting to the last byte read; the request is aborted after it. */
    @WithDefault("15s")
    Duration totalTimeout();

    /**
     * One time budget for a whole send: the OAuth token fetch, the request, the refetch and resend after a 401, and
     * the immediate retries. Each request also stays within {@link #totalTimeout()}. A send starts only when the
     * invocation has this much time left (plus {@link #safetyMargin()}).
     */
    @WithDefault("20s")
    Duration sendTimeout();

    /** How much of an endpoint's answer is read and recorded in the delivery log. */
    @WithDefault("4096")
    int responseBodyLimit();

    /**
     * Address ranges (CIDR) the SSRF guard lets through although they are loopback, private, ... Empty when deployed;
     * local runs and tests allow loopback so that a receiver on this machine can be reached.
     */
    Optional<List<String>> allowedAddressRanges();

    /**
     * Retries within one invocation, for connection errors only (nothing reached the endpoint). Everything else that
     * is worth retrying waits in the queue ({@link #retrySchedule()}).
     */
    @WithDefault("2")
    int immediateRetries();

    /**
     * Waits before the retries of a config's retry policy: the first {@code maxAttempts} of them are used. The
     * Standard Webhooks schedule; tests shorten it.
     */
    @WithDefault("5s,5m,30m,2h,5h")
    List<Duration> retrySchedule();

    /** Random spread of each scheduled wait, as a fraction (0.2 = ±20 %), so retries of many events do not align. */
    @WithDefault("0.2")
    double retryJitter();

    /**
     * The longest delay one queue message can carry (SQS allows 15 minutes). Longer waits hop through several delayed
     * messages.
     */
    @WithDefault("900s")
    Duration maxQueueDelay();

    /**
     * A config whose deliveries have all failed for this long, counted from the first failure after its last
     * success, is disabled.
     */
    @WithDefault("5d")
    Duration autoDisableAfter();

    /**
     * The longest a delivery may stay in progress, from its first attempt: one that its config's rate limit still
     * holds back after this long fails ({@code RateLimited}) instead of waiting on. It covers the longest retry schedule
     * (about 8 h, 16 h with {@code Retry-After}) and stays well inside the delivery log's 28-day retention, so no record
     * is left {@code in_progress} when it expires.
     */
    @WithDefault("2d")
    Duration maxDeliveryAge();

    /** Wait before an immediate retry; a random jitter of up to the same amount is added. */
    @WithDefault("200ms")
    Duration immediateRetryDelay();

    /** Consecutive calls to a host that are judged for its circuit breaker. */
    @WithDefault("10")
    int circuitBreakerVolume();

    /** Share of failed calls among them that opens the breaker. */
    @WithDefault("0.8")
    double circuitBreakerFailureRatio();

    /** How long an open breaker stops calls to the host before it tries one again. */
    @WithDefault("30s")
    Duration circuitBreakerDelay();

    /**
     * An endpoint whose recent answers take longer than this is slow: the whole fleet sends it at most
     * {@link #slowEndpointConcurrency()} deliveries at a time, and defers the others through the queue instead of
     * holding function instances for it.
     */
    @WithDefault("5s")
    Duration slowEndpointThreshold();

    /**
     * Sends in flight at once to a slow endpoint of one organization, across every dispatcher instance (leases in the
     * rate-limits table). A function instance waits for each send it makes, so this is how many instances a slow
     * endpoint can hold while the others serve everyone else.
     */
    @WithDefault("2")
    int slowEndpointConcurrency();

    /** How long a delivery to a slow endpoint waits in the queue before it tries again. */
    @WithDefault("10s")
    Duration slowEndpointDeferral();

    /** How long the enabled configs of an (organization, event) pair are cached in a warm function. */
    @WithDefault("30s")
    Duration configCacheTtl();

    /** Time kept free at the end of an invocation: no send starts unless send-timeout plus this remains. */
    @WithDefault("2s")
    Duration safetyMargin();

    /** Upper bound for evaluating one JSONata filter condition. */
    @WithDefault("250ms")
    Duration jsonataTimeout();

    /** Threads that evaluate JSONata filter conditions: how many may run at once in one function instance. */
    @WithDefault("4")
    int jsonataEvaluators();

    /**
     * How many of one organization's JSONata conditions may run at once: the rest of the evaluators stay free for the
     * other organizations, however slow its expressions.
     */
    @WithDefault("1")
    int jsonataEvaluatorsPerOrganization();
}
