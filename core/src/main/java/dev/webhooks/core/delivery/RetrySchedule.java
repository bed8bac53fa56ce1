package dev.webhooks.core.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.DoubleSupplier;

import dev.webhooks.core.config.RetryPolicy;

/**
 * When the next retry of a failed delivery is due. The steps are the Standard Webhooks schedule (5 s, 5 min, 30 min,
 * 2 h, 5 h by default); a config uses the first {@code maxAttempts} of them. Each wait is spread by a random jitter
 * (±20 % by default). A {@code Retry-After} from the endpoint is honoured: the wait is at least that long, but never
 * more than twice the scheduled step, so a receiver cannot park a delivery for days.
 *
 * <p>{@link #decide} is the whole retry rule as one pure function, unit-tested without a queue or a clock.
 */
public final class RetrySchedule {

    private final List<Duration> steps;
    private final double jitter;
    private final DoubleSupplier random;

    /** @param random uniform in [0, 1): the jitter's source, fixed in tests */
    public RetrySchedule(List<Duration> steps, double jitter, DoubleSupplier random) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("A retry schedule needs at least one step");
        }
        this.steps = List.copyOf(steps);
        this.jitter = jitter;
        this.random = random;
    }

    /**
     * What follows an attempt.
     *
     * @param policy the config's retry policy ({@code null}: stored before policies existed, never retried)
     * @param attemptsMade the attempts made so far, the one that produced {@code outcome} included
     * @param outcome the attempt's outcome, with the endpoint's {@code Retry-After} if it sent one
     */
    public RetryDecision decide(RetryPolicy policy, int attemptsMade, DeliveryOutcome outcome, Instant now) {
        if (outcome.succeeded()) {
            return RetryDecision.done();
        }
        if (outcome.code() == FailureCode.Gone || !outcome.retryable() || !allowsRetry(policy, attemptsMade)) {
            return RetryDecision.giveUp();
        }
        Duration wait = waitBefore(attemptsMade, outcome.retryAfter());
        return RetryDecision.retryAt(now.plus(wait), wait);
    }

    /**
     * Whether another attempt follows the given number of attempts made, under the config's policy. A config stored
     * before retry policies existed has none and is not retried, as in the epilot contract.
     */
    public boolean allowsRetry(RetryPolicy policy, int attemptsMade) {
        return policy != null && policy.enabled() && attemptsMade <= Math.min(policy.maxAttempts(), steps.size());
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry).
     *
     * @param retryAfter the endpoint's {@code Retry-After}, or {@code null}
     */
    public Duration waitBefore(int retry, Duration retryAfter) {
        Duration step = steps.get(Math.min(retry, steps.size()) - 1);
        double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
        Duration wait = Duration.ofMillis(Math.round(step.toMillis() * factor));
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
            Duration cap = step.multipliedBy(2);
            wait = retryAfter.compareTo(cap) > 0 ? cap : retryAfter;
        }
        return wait;
    }
}
