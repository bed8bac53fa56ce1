package dev.webhooks.core.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads an event-queue message body. Two shapes are accepted (both described by
 * {@code docs/inbound-event.schema.json}):
 * <ul>
 * <li>an EventBridge envelope, as an EventBridge rule puts it on the queue: {@code detail-type} is the event name,
 * {@code detail} the event, {@code id} the event id, and the organization is {@code detail.metadata.organization_id};
 * </li>
 * <li>a direct message: the event itself, in epilot's payload structure, naming itself in
 * {@code metadata.event_name} and its organization in {@code metadata.organization_id}; the event id is
 * {@code metadata.event_id} when present, otherwise the SQS message id (stable across redeliveries).</li>
 * </ul>
 */
public final class InboundEventParser {

    private static final int MAX_ID_LENGTH = 256;

    private final ObjectMapper mapper;

    public InboundEventParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Reads any event-queue message: a producer's event or a scheduled retry ({@code "kind": "webhooks.retry"}).
     *
     * @throws UnprocessableMessageException when the body can never be processed
     */
    public QueueContent read(String body, String messageId) {
        JsonNode root = tree(body);
        String kind = root.path("kind").asText(null);
        if (RetryMessage.KIND.equals(kind)) {
            return retry(root);
        }
        if (DirectedEvent.KIND.equals(kind)) {
            return directed(root);
        }
        return event(root, messageId);
    }

    /** @throws UnprocessableMessageException when the body can never become a deliverable event */
    public InboundEvent parse(String body, String messageId) {
        return event(tree(body), messageId);
    }

    private JsonNode tree(String body) {
        JsonNode root;
        try {
            root = body == null ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new UnprocessableMessageException("Message body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new UnprocessableMessageException("Message body is not a JSON object");
        }
        return root;
    }

    private static RetryMessage retry(JsonNode root) {
        String organizationId = text(root.get("organization_id"));
        String configId = text(root.get("webhook_config_id"));
        String eventId = text(root.get("event_id"));
        require(organizationId, "organization_id");
        require(configId, "webhook_config_id");
        require(eventId, "event_id");
        JsonNode attempt = root.get("attempt");
        if (attempt == null || !attempt.canConvertToInt() || attempt.asInt() < 0) {
            throw new UnprocessableMessageException("Retry message names no attempt number");
        }
        DeliveryOrigin origin;
        try {
            DeliveryOrigin.Kind kind = DeliveryOrigin.Kind.fromWireName(root.path("origin").asText("fan_out"));
            origin = new DeliveryOrigin(kind, text(root.get("replay_of")));
        } catch (IllegalArgumentException e) {
            throw new UnprocessableMessageException("Retry message has an invalid origin: " + e.getMessage());
        }
        try {
            return new RetryMessage(organizationId, configId, eventId, attempt.asInt(),
                    java.time.Instant.parse(root.path("due_at").asText()), origin,
                    root.path("rate_limit_slot").asBoolean(false));
        } catch (java.time.format.DateTimeParseException e) {
            throw new UnprocessableMessageException("Retry message has no valid due_at");
        }
    }

    private static DirectedEvent directed(JsonNode root) {
        String organizationId = text(root.get("organization_id"));
        String configId = text(root.get("webhook_config_id"));
        String eventId = text(root.get("event_id"));
        String eventName = text(root.get("event_name"));
        require(organizationId, "organization_id");
        require(configId, "webhook_config_id");
        require(eventId, "event_id");
        require(eventName, "event_name");
        JsonNode payload = root.get("payload");
        String source = text(root.get("source_event_id"));
        if ((payload == null || !payload.isObject()) && source == null) {
            throw new UnprocessableMessageException("Directed event carries neither a payload nor a source_event_id");
        }
        return new DirectedEvent(organizationId, configId, eventId, eventName,
                payload != null && payload.isObject() ? payload.toString() : null, source,
                text(root.get("replay_of")), source == null || root.path("reapply_transform").asBoolean(false));
    }

    private InboundEvent event(JsonNode root, String messageId) {
        boolean envelope = root.has("detail-type") && root.has("detail");
        JsonNode event = envelope ? root.get("detail") : root;
        if (!event.isObject()) {
            throw new UnprocessableMessageException("The event (detail) is not a JSON object");
        }
        JsonNode metadata = event.path("metadata");
        String eventName = envelope ? text(root.get("detail-type")) : text(metadata.get("event_name"));
        String organizationId = text(metadata.get("organization_id"));
        JsonNode explicitId = envelope ? root.get("id") : metadata.get("event_id");
        String eventId = text(explicitId);
        if (explicitId != null && !explicitId.isNull() && eventId == null) {
            throw new UnprocessableMessageException((envelope ? "id" : "metadata.event_id")
                    + " must be a string or a number");
        }
        if (eventId == null && !envelope) {
            eventId = messageId;
        }
        require(eventName, envelope ? "detail-type" : "metadata.event_name");
        require(organizationId, (envelope ? "detail." : "") + "metadata.organization_id");
        require(eventId, envelope ? "id" : "metadata.event_id");
        String payload;
        try {
            payload = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UnprocessableMessageException("The event cannot be serialized: " + e.getOriginalMessage());
        }
        // A queue configured for larger messages than the template's: the delivery log could not keep the event.
        int bytes = payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > InboundEvent.MAX_PAYLOAD_BYTES) {
            throw new UnprocessableMessageException("The event is " + bytes + " bytes; the most an event may be is "
                    + InboundEvent.MAX_PAYLOAD_BYTES);
        }
        return new InboundEvent(eventId, organizationId, eventName, event, payload);
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new UnprocessableMessageException("Message names no " + field);
        }
        if (value.codePointCount(0, value.length()) > MAX_ID_LENGTH) {
            throw new UnprocessableMessageException(field + " is longer than " + MAX_ID_LENGTH + " characters");
        }
    }

    private static String text(JsonNode node) {
        return node != null && (node.isTextual() || node.isNumber()) ? node.asText() : null;
    }
}
