package dev.webhooks.core.delivery;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event to deliver, as read from the event queue: which organization, which event, its id, and the payload that is
 * sent to every matching config. Parsed once per message.
 *
 * @param eventId stable across redeliveries of the same message: together with a config id it names one delivery
 * @param payloadJson the payload serialized once, the exact bytes that are signed and sent
 */
public record InboundEvent(String eventId, String organizationId, String eventName, JsonNode payload,
        String payloadJson) implements QueueContent {

    /**
     * The largest event, in bytes of UTF-8: SQS's classic message size. The delivery log keeps each event, and the
     * body a transform made of it ({@code TransformResult#MAX_BODY_BYTES}), in one DynamoDB item of at most 400 KB.
     */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    public InboundEvent {
        Objects.requireNonNull(eventId);
        Objects.requireNonNull(organizationId);
        Objects.requireNonNull(eventName);
        Objects.requireNonNull(payload);
        Objects.requireNonNull(payloadJson);
    }

    @Override
    public void routeTo(Routes routes) {
        routes.event(this);
    }
}
