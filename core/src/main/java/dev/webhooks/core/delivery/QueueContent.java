package dev.webhooks.core.delivery;

/** What an event-queue message carries: an event from a producer, or one of the service's own scheduled retries. */
public sealed interface QueueContent permits InboundEvent, RetryMessage {
}
