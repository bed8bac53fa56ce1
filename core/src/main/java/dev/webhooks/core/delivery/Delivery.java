package dev.webhooks.core.delivery;

import java.time.Instant;
import java.util.Objects;

/**
 * One delivery of an event to a config, as the dispatcher is about to attempt it: the event, how the delivery came
 * about (a fan-out, or a replay or trigger directed at the config), and how many attempts were made before this one
 * (0 for the first; a scheduled retry or a postponed attempt carries its count).
 *
 * @param slotReserved this attempt already holds its config's rate-limit slot (it waited in the queue for it)
 * @param fixedBody the body to send as it is, past the config's transform: a replay without
 *        {@code reapply_transform} re-sends what the replayed event sent. {@code null} when the attempt decides the
 *        body (see {@code DeliveryRecord#sentPayload})
 */
public record Delivery(InboundEvent event, DeliveryOrigin origin, int attemptsMade, boolean slotReserved,
        String fixedBody) {

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

    /** A delivery's first attempt, or one that has no rate-limit slot yet. */
    public Delivery(InboundEvent event, DeliveryOrigin origin, int attemptsMade) {
        this(event, origin, attemptsMade, false, null);
    }

    public Delivery(InboundEvent event, DeliveryOrigin origin, int attemptsMade, boolean slotReserved) {
        this(event, origin, attemptsMade, slotReserved, null);
    }

    /** The queue message of the retry after {@code attempts} attempts, due at {@code dueAt}. */
    public RetryMessage retryAt(String configId, int attempts, Instant dueAt) {
        return new RetryMessage(event.organizationId(), configId, event.eventId(), attempts, dueAt, origin, false);
    }

    /**
     * The queue message of this same attempt, to be made at {@code at}: for an attempt that could not be made now (no
     * time left in the invocation, or its endpoint paused), its record written first. A rate-limit slot it held is
     * given up: it reserves a new one when it comes back, so deliveries that waited cannot return all at once past the
     * limit.
     */
    public RetryMessage resumeAt(String configId, Instant at) {
        return new RetryMessage(event.organizationId(), configId, event.eventId(), attemptsMade, at, origin, false);
    }

    /** The queue message of this same attempt, waiting for the rate-limit slot it reserved at {@code slot}. */
    public RetryMessage waitForSlot(String configId, Instant slot) {
        return new RetryMessage(event.organizationId(), configId, event.eventId(), attemptsMade, slot, origin, true);
    }
}
