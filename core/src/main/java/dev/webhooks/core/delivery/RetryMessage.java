package dev.webhooks.core.delivery;

import java.time.Instant;

/**
 * A queue message that carries one scheduled attempt: it targets exactly one (event, config) pair and names how many
 * attempts were made before it (1 for the first retry; 0 for a first attempt that a rate limit postponed). The payload is not carried: it is in the delivery log, which keeps the message small
 * whatever the event's size. {@code dueAt} lets a wait longer than one queue delay hop through several messages.
 */
public record RetryMessage(String organizationId, String configId, String eventId, int attempt, Instant dueAt)
        implements QueueContent {

    /** The {@code kind} that marks a retry on the event queue, beside events from producers. */
    public static final String KIND = "webhooks.retry";
}
