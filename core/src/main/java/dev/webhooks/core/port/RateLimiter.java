package dev.webhooks.core.port;

import java.time.Duration;
import java.time.Instant;

/** Counts deliveries per config and second, across every running dispatcher. */
public interface RateLimiter {

    /**
     * Asks for one of the {@code perSecond} slots of the second {@code now} falls in. Every request is counted, admitted
     * or not, so a full second knows its backlog (see {@link dev.webhooks.core.delivery.RateLimitBacklog}).
     */
    Admission acquire(String organizationId, String configId, int perSecond, Instant now);

    /** Admitted now ({@code wait} zero), or how long the delivery waits for its slot ({@code delay}). */
    record Admission(Duration delay) {

        public static final Admission NOW = new Admission(Duration.ZERO);

        public boolean admitted() {
            return delay.isZero();
        }
    }
}
