package dev.webhooks.core.delivery;

import java.time.Instant;
import java.util.Objects;

/**
 * One delivery of an event to a config, as the dispatcher is about to attempt it: the event, how the delivery came
 * about (a fan-out, or a replay or trigger directed at the config), and how many attempts were made before this one
 * (0 for the first; a scheduled retry or a postponed attempt carries its count).
 */
public record Delivery(InboundEvent event, DeliveryOrigin origin, int attemptsMade) {

    public Delivery {
        Objects.requireNonNull(event);
        Objects.requireNonNull(origin);
        if (attemptsMade < 0) {
            throw new IllegalArgumentException("attemptsMade must not be negative");
        }
    }

    /** Only a fan-out's first attempt passes the filter; later attempts were let through already. */
    public boolean appliesFilter() {
        return attemptsMade == 0 && origin.appliesFilter();
    }

    /** The queue message of this delivery's attempt after {@code attemptsMade} attempts, due at {@code dueAt}. */
    public RetryMessage attemptAt(String configId, int attempts, Instant dueAt) {
        return new RetryMessage(event.organizationId(), configId, event.eventId(), attempts, dueAt, origin);
    }
}
