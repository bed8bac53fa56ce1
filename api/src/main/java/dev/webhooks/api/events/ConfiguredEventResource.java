package dev.webhooks.api.events;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

import dev.webhooks.api.security.Public;
import dev.webhooks.core.error.NotFoundException;
import dev.webhooks.core.event.ConfiguredEvent;
import dev.webhooks.core.event.EventCatalog;

/** The events a webhook can subscribe to ({@code getConfiguredEvents}) and the JSON Schema of each. */
@Path("/v1/webhooks/configured-events")
public class ConfiguredEventResource {

    /** One entry of {@code EventConfigResp}. */
    public record EventConfigEntry(String eventName, String eventLabel) {
    }

    private final EventCatalog catalog;

    public ConfiguredEventResource(EventCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<EventConfigEntry> getConfiguredEvents() {
        return catalog.events().stream()
                .map(event -> new EventConfigEntry(event.eventName(), event.eventLabel()))
                .toList();
    }

    /** Public like any API document: a schema says what an event may carry, nothing about any organization. */
    @GET
    @Path("/{eventName}/schema")
    @Produces(MediaType.APPLICATION_JSON)
    @Public
    public JsonNode getEventSchema(@PathParam("eventName") String eventName) {
        return catalog.find(eventName).map(ConfiguredEvent::schema).map(schema -> schema.json())
                .orElseThrow(() -> new NotFoundException("No configured event named " + eventName));
    }
}
