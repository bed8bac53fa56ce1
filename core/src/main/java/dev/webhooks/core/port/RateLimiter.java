package dev.webhooks.core.port;

import java.time.Instant;

/** Counts deliveries per config and second, across every running dispatcher. */
public interface RateLimiter {

    /** Takes one of the {@code perSecond} slots of the second {@code now} falls in; {@code false} when none is left. */
    boolean tryAcquire(String organizationId, String configId, int perSecond, Instant now);
}
