package dev.webhooks.core.event;

/** An event a webhook can subscribe to, with the JSON Schema of its payload. */
public record ConfiguredEvent(String eventName, String eventLabel, EventSchema schema) {
}
