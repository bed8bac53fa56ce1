package dev.webhooks.core.application.dispatch;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;

import dev.webhooks.core.application.cache.Caches;
import dev.webhooks.core.application.telemetry.DeliveryTelemetry;
import dev.webhooks.core.config.Origins;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryOutcome;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.InboundEvent;
import dev.webhooks.core.port.SendLeases;
import dev.webhooks.core.settings.DeliverySettings;

/**
 * Sends with SmallRye Fault Tolerance around each attempt: a short retry with jittered backoff for failures that never
 * reached the endpoint (the longer waits of the retry schedule live in the queue), and a circuit breaker per
 * organization and endpoint (scheme, host, port) that counts every transient failure (connection errors, timeouts,
 * 5xx, 429), so one dead endpoint cannot spend the batch's time, and one organization's failures never pause another's
 * deliveries to a shared host. An endpoint whose recent answers are slow is sent only under a fleet-wide
 * {@linkplain SendLeases lease}, so it holds at most {@link DeliverySettings#slowEndpointConcurrency()} function
 * instances. Guards are built programmatically and live as long as the warm function.
 */
@ApplicationScoped
public class GuardedSender {

    private static final Logger LOG = Logger.getLogger(GuardedSender.class);

    private final WebhookSender sender;
    private final SendLeases leases;
    private final DeliverySettings settings;
    private final DeliveryTelemetry telemetry;
    private final Clock clock;
    /**
     * Guards of this many hosts are kept; the least recently used go first, losing only their breaker's memory. One
     * idle for a day is dropped: its breaker would have closed long ago.
     */
    static final int CAPACITY = 10_000;

    private final Cache<String, Endpoint> endpoints;

    public GuardedSender(WebhookSender sender, SendLeases leases, DeliverySettings settings,
            DeliveryTelemetry telemetry, Clock clock) {
        this.sender = sender;
        this.leases = leases;
        this.settings = settings;
        this.telemetry = telemetry;
        this.clock = clock;
        this.endpoints = Caches.bounded(CAPACITY, clock).expireAfterAccess(Duration.ofDays(1)).build();
    }

    /**
     * The outcome of one attempt, after its immediate retries (the last call's outcome).
     *
     * @throws OutOfTimeException when the invocation has too little time left to start (another) send; nothing
     *         that was started is abandoned
     * @throws EndpointPausedException when the endpoint's circuit is open, or it is slow and busy: no call was made
     */
    public DeliveryOutcome send(WebhookConfig config, InboundEvent event, String body, Deadline deadline) {
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<DeliveryOutcome> last = new AtomicReference<>();
        if (deadline.remaining().compareTo(settings.sendTimeout().plus(settings.safetyMargin())) < 0) {
            // Checked before the breaker sees the call: a send that never starts is neither a success nor a failure.
            throw new OutOfTimeException();
        }
        // Breakers are per organization and origin, never per host alone: one organization's failing endpoint on a
        // shared SaaS host must not pause the others' deliveries to that host.
        String endpoint = Origins.of(config.url());
        Endpoint state = endpoints.get(config.organizationId() + " " + endpoint,
                ignored -> new Endpoint(newGuard(config.organizationId(), endpoint)));
        TypedGuard<DeliveryOutcome> guard = state.guard();
        Instant started = clock.instant();
        Instant budgetEnd = started.plus(settings.sendTimeout());
        Duration recentLatency = Duration.ofMillis(state.latencyMillis().get());
        Optional<SendLeases.Lease> lease = Optional.empty();
        if (recentLatency.compareTo(settings.slowEndpointThreshold()) > 0) {
            // A slow endpoint gets a few deliveries at a time from the whole fleet; the others wait in the queue, not
            // in a function instance that every other organization's messages would then wait for.
            lease = leases.acquire(config.organizationId(), endpoint, settings.slowEndpointConcurrency(), started,
                    budgetEnd.plus(settings.safetyMargin()));
            if (lease.isEmpty()) {
                throw new EndpointPausedException(settings.slowEndpointDeferral(), endpoint + " is slow (about "
                        + recentLatency.toSeconds() + " s an answer) and already has "
                        + settings.slowEndpointConcurrency() + " deliveries in flight");
            }
        }
        try {
            DeliveryOutcome outcome = guard.call(() -> {
                // An immediate retry runs within the same budget: it needs what is left of it, in the invocation too.
                if (calls.get() > 0) {
                    Duration budgetLeft = Duration.between(clock.instant(), budgetEnd);
                    if (budgetLeft.compareTo(Duration.ZERO) <= 0
                            || deadline.remaining().compareTo(budgetLeft.plus(settings.safetyMargin())) < 0) {
                        throw new OutOfTimeException();
                    }
                }
                calls.incrementAndGet();
                DeliveryOutcome attempt = sender.send(config, event, body, budgetEnd);
                last.set(attempt);
                if (attempt.retryable()) {
                    throw new TransientFailure(attempt);
                }
                return attempt;
            });
            return outcome;
        } catch (TransientFailure | OutOfTimeException | CircuitBreakerOpenException e) {
            if (last.get() != null) {
                // Retries are best effort: the last finished attempt is the outcome.
                return last.get();
            }
            if (e instanceof CircuitBreakerOpenException) {
                throw new EndpointPausedException(settings.circuitBreakerDelay(), "the circuit for " + endpoint
                        + " is open after repeated failures");
            }
            throw new OutOfTimeException();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Unexpected checked exception from a send", e);
        } finally {
            if (last.get() != null) {
                state.observe(last.get().duration());
            }
            lease.ifPresent(this::release);
        }
    }

    /**
     * Gives a send lease back. A failure to do so is only logged: the send's outcome stands, and the lease runs out at
     * the end of its send budget anyway.
     */
    private void release(SendLeases.Lease lease) {
        try {
            leases.release(lease);
        } catch (RuntimeException e) {
            LOG.warnf("Could not give back a send lease of %s (it runs out by itself): %s", lease.endpoint(),
                    e.getMessage());
        }
    }

    /** An endpoint of one organization: its breaker and its recent answer time. */
    private record Endpoint(TypedGuard<DeliveryOutcome> guard, AtomicLong latencyMillis) {

        Endpoint(TypedGuard<DeliveryOutcome> guard) {
            this(guard, new AtomicLong());
        }

        /** An exponentially weighted moving average: the last answers count most; the first sets it. */
        void observe(Duration took) {
            latencyMillis.accumulateAndGet(Math.max(1, took.toMillis()),
                    (average, sample) -> average == 0 ? sample : (average * 3 + sample) / 4);
        }
    }

    private TypedGuard<DeliveryOutcome> newGuard(String organizationId, String endpoint) {
        long delay = settings.immediateRetryDelay().toMillis();
        return TypedGuard.create(DeliveryOutcome.class)
                .withRetry()
                .maxRetries(settings.immediateRetries())
                .delay(delay, ChronoUnit.MILLIS)
                .jitter(delay, ChronoUnit.MILLIS)
                .whenException(GuardedSender::worthRetryingNow)
                .done()
                .withCircuitBreaker()
                .requestVolumeThreshold(settings.circuitBreakerVolume())
                .failureRatio(settings.circuitBreakerFailureRatio())
                .delay(settings.circuitBreakerDelay().toMillis(), ChronoUnit.MILLIS)
                .failOn(TransientFailure.class)
                .skipOn(OutOfTimeException.class)
                .onStateChange(state -> {
                    if (state == CircuitBreakerState.OPEN) {
                        telemetry.circuitOpened(organizationId, endpoint);
                    }
                })
                .done()
                .build();
    }

    /**
     * Only a connection error is retried within the invocation: nothing reached the endpoint, so retrying adds no
     * delivery. Every other transient failure waits for the retry schedule in the queue.
     */
    private static boolean worthRetryingNow(Throwable failure) {
        return failure instanceof TransientFailure retryable && retryable.outcome.code() == FailureCode.ConnectionError;
    }

    /**
     * The endpoint is paused for this organization (its circuit is open) or too slow to take another delivery now: the
     * delivery waits in the queue for {@code pause}. Not an attempt: no retry is spent, no failure is recorded against
     * the endpoint's health.
     */
    public static final class EndpointPausedException extends RuntimeException {
        private final transient Duration pause;

        public EndpointPausedException(Duration pause, String reason) {
            super(reason, null, false, false);
            this.pause = pause;
        }

        public Duration pause() {
            return pause;
        }
    }

    /** The invocation ends before another send could finish; the attempt is rescheduled on the queue. */
    public static final class OutOfTimeException extends RuntimeException {
        public OutOfTimeException() {
            super("Not enough time left in this invocation to start a send", null, false, false);
        }
    }

    /** A transient failure inside the guard: retried, and counted by the host's circuit breaker. */
    static final class TransientFailure extends RuntimeException {
        private final transient DeliveryOutcome outcome;

        TransientFailure(DeliveryOutcome outcome) {
            super(outcome.message(), null, false, false);
            this.outcome = outcome;
        }
    }
}
