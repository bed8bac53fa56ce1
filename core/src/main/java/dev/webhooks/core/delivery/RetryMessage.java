package dev.webhooks.core.delivery;

import java.time.Instant;
import java.util.Objects;

/**
 * A queue message that carries one scheduled attempt: it targets exactly one (event, config) pair and names how many
 * attempts were made before it (1 for the first retry; 0 for a first attempt that a rate limit postponed). The payload
 * is not carried: it is in the delivery log, which keeps the message small whatever the event's size. {@code dueAt}
 * lets a wait longer than one queue delay hop through several messages. {@code origin} keeps what the delivery is (a
 * fan-out, or a replay or trigger directed at the config) across every requeue.
 *
 * @param slotReserved the attempt holds a rate-limit slot at {@code dueAt} and is sent on arrival without reserving
 *        another
 */
public record RetryMessage(String organizationId, String configId, String eventId, int attempt, Instant dueAt,
        DeliveryOrigin origin, boolean slotReserved) implements QueueContent {

    /** The {@code kind} that marks a retry on the event queue, beside events from producers. */
    public static final String KIND = "webhooks.retry";

    public RetryMessage {
        Objects.requireNonNull(organizationId);
        Objects.requireNonNull(configId);
        Objects.requireNonNull(eventId);
        Objects.requireNonNull(dueAt);
        Objects.requireNonNull(origin);
    }

    /** The same attempt, due again at {@code at} (a hop of a long wait). */
    public RetryMessage dueAgainAt(Instant at) {
        return new RetryMessage(organizationId, configId, eventId, attempt, at, origin, slotReserved);
    }

    @Override
    public void routeTo(Routes routes) {
        routes.retry(this);
    }
}
