package dev.webhooks.core.event;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The events webhooks can subscribe to. The list and the schemas are resources of this module
 * ({@value #CATALOG_RESOURCE} and one {@code *.schema.json} beside it), read once.
 */
public final class EventCatalog {

    public static final String RESOURCE_FOLDER = "webhooks/events/";
    public static final String CATALOG_RESOURCE = RESOURCE_FOLDER + "catalog.json";

    private final Map<String, ConfiguredEvent> events;

    private EventCatalog(Map<String, ConfiguredEvent> events) {
        this.events = Collections.unmodifiableMap(events);
    }

    /** Reads the catalog and every schema it names from the class path. */
    public static EventCatalog load(ObjectMapper mapper) {
        JsonNode catalog = readResource(mapper, CATALOG_RESOURCE);
        Map<String, ConfiguredEvent> events = new LinkedHashMap<>();
        for (JsonNode entry : catalog) {
            String eventName = entry.path("eventName").asText();
            String schemaFile = entry.path("schema").asText();
            JsonNode schema = readResource(mapper, RESOURCE_FOLDER + schemaFile);
            events.put(eventName, new ConfiguredEvent(eventName, entry.path("eventLabel").asText(eventName),
                    new EventSchema(schema)));
        }
        return new EventCatalog(events);
    }

    public List<ConfiguredEvent> events() {
        return new ArrayList<>(events.values());
    }

    public Optional<ConfiguredEvent> find(String eventName) {
        return Optional.ofNullable(events.get(eventName));
    }

    public boolean contains(String eventName) {
        return events.containsKey(eventName);
    }

    private static JsonNode readResource(ObjectMapper mapper, String name) {
        try (InputStream in = EventCatalog.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + name);
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read resource " + name, e);
        }
    }
}
