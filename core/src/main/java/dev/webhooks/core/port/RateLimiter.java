package dev.webhooks.core.port;

import java.time.Instant;

/**
 * Each rate-limited config's slots, shared by every running dispatcher (see
 * {@link dev.webhooks.core.delivery.RateLimitSlots} for the rule).
 */
public interface RateLimiter {

    /**
     * Reserves the config's next slot for one delivery.
     *
     * @return when the delivery may be sent: {@code now} to send at once, a later instant to wait for in the queue
     *         (the slot stays reserved for it)
     */
    Instant reserve(String organizationId, String configId, int perSecond, Instant now);
}
