package dev.webhooks.core.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a delivery over its config's rate limit waits. Every delivery that asks for a slot in a second is counted,
 * admitted or not, so the count of a full second says how many wait ahead of this one. The {@code n}-th delivery over
 * a limit of {@code perSecond} takes a slot {@code ceil(n / perSecond)} seconds later, spread across that second: a
 * backlog drains at the limit, with each waiting delivery requeued about once rather than every second.
 */
public final class RateLimitBacklog {

    private RateLimitBacklog() {
    }

    /**
     * @param countInSecond this delivery's number among those that asked in the second {@code now} falls in (1 for the
     *        first)
     * @return zero when it is within the limit, otherwise how long it waits for its slot
     */
    public static Duration waitFor(long countInSecond, int perSecond, Instant now) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be positive");
        }
        if (countInSecond <= perSecond) {
            return Duration.ZERO;
        }
        long over = countInSecond - perSecond;
        long secondsLater = (over + perSecond - 1) / perSecond;
        long slotWithinSecond = (over - 1) % perSecond;
        Instant secondStart = Instant.ofEpochSecond(now.getEpochSecond());
        Instant slot = secondStart.plusSeconds(secondsLater).plusMillis(slotWithinSecond * 1000 / perSecond);
        return Duration.between(now, slot);
    }
}
