package dev.webhooks.core.delivery;

/**
 * What an event-queue message carries: an event from a producer, one of the service's own scheduled retries, or an
 * event the API directs at one config (replay, test trigger).
 */
public sealed interface QueueContent permits InboundEvent, RetryMessage, DirectedEvent {
}
