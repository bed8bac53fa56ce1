package dev.webhooks.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Events as the platform publishes them: the repository's samples, in the envelope EventBridge puts on the queue. */
public final class SampleEvents {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SampleEvents() {
    }

    /** The repository's sample of {@code eventName} (core's webhooks/events/samples), for the given organization. */
    public static ObjectNode sample(String eventName, String organizationId) {
        try (InputStream in = SampleEvents.class.getClassLoader()
                .getResourceAsStream("webhooks/events/samples/" + eventName + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("No sample event named " + eventName);
            }
            ObjectNode event = (ObjectNode) MAPPER.readTree(in);
            ((ObjectNode) event.path("metadata")).put("organization_id", organizationId);
            return event;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event as an EventBridge rule puts it on the queue: the queue message's body. */
    public static String eventBridgeEnvelope(String eventId, String eventName, ObjectNode detail) {
        ObjectNode envelope = MAPPER.createObjectNode();
        envelope.put("version", "0");
        envelope.put("id", eventId);
        envelope.put("detail-type", eventName);
        envelope.put("source", "epilot.platform");
        envelope.put("account", "000000000000");
        envelope.put("time", "2026-11-28T10:00:00Z");
        envelope.put("region", "eu-central-1");
        envelope.putArray("resources");
        envelope.set("detail", detail);
        return envelope.toString();
    }
}
