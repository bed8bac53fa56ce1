package dev.webhooks.core.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * What follows an attempt: nothing (it succeeded), another attempt at a set time, or the final failure.
 *
 * @param dueAt when the next attempt is due, for {@link Action#RETRY} only
 * @param delay how long from the decision until then, for {@link Action#RETRY} only
 */
public record RetryDecision(Action action, Instant dueAt, Duration delay) {

    public enum Action {
        /** The attempt succeeded: the delivery is done. */
        DONE,
        /** The attempt failed and another is due at {@code dueAt}. */
        RETRY,
        /** The attempt failed and no other follows: the delivery failed for good. */
        GIVE_UP
    }

    public static RetryDecision done() {
        return new RetryDecision(Action.DONE, null, null);
    }

    public static RetryDecision giveUp() {
        return new RetryDecision(Action.GIVE_UP, null, null);
    }

    public static RetryDecision retryAt(Instant dueAt, Duration wait) {
        return new RetryDecision(Action.RETRY, dueAt, wait);
    }
}
