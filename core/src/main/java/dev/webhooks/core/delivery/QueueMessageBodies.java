package dev.webhooks.core.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes the event-queue messages the service puts on the queue itself: the counterpart of {@link InboundEventParser},
 * which reads them back. One writer for every queue adapter, so what is written is what is read.
 */
public final class QueueMessageBodies {

    private final ObjectMapper mapper;

    public QueueMessageBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String retry(RetryMessage retry) {
        ObjectNode body = addressed(RetryMessage.KIND, retry.organizationId(), retry.configId(), retry.eventId());
        body.put("attempt", retry.attempt());
        body.put("due_at", retry.dueAt().toString());
        body.put("origin", retry.origin().kind().wireName());
        if (retry.origin().replayOf() != null) {
            body.put("replay_of", retry.origin().replayOf());
        }
        if (retry.slotReserved()) {
            body.put("rate_limit_slot", true);
        }
        return body.toString();
    }

    public String directed(DirectedEvent event) {
        ObjectNode body = addressed(DirectedEvent.KIND, event.organizationId(), event.configId(), event.eventId());
        body.put("event_name", event.eventName());
        if (event.payloadJson() != null) {
            try {
                body.set("payload", mapper.readTree(event.payloadJson()));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("Directed event payload is not JSON", e);
            }
        }
        if (event.sourceEventId() != null) {
            body.put("source_event_id", event.sourceEventId());
        }
        if (event.replayOf() != null) {
            body.put("replay_of", event.replayOf());
        }
        if (event.sourceEventId() != null) {
            body.put("reapply_transform", event.reapplyTransform());
        }
        return body.toString();
    }

    /** The part every message of the service's own has: its kind and the (organization, config, event) it is for. */
    private ObjectNode addressed(String kind, String organizationId, String configId, String eventId) {
        ObjectNode body = mapper.createObjectNode();
        body.put("kind", kind);
        body.put("organization_id", organizationId);
        body.put("webhook_config_id", configId);
        body.put("event_id", eventId);
        return body;
    }
}
