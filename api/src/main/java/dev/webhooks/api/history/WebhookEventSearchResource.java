package dev.webhooks.api.history;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.api.http.JsonBodies;
import dev.webhooks.api.security.Caller;
import dev.webhooks.core.application.history.EventHistoryService;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.delivery.EventIds;
import dev.webhooks.core.delivery.HistoryPage;
import dev.webhooks.core.delivery.HistoryQuery;
import dev.webhooks.core.error.ValidationException;

/** History search ({@code getWebhookEventsV2}): {@code SearchOptions} in, {@code EventListResponse} out. */
@Path("/v2/webhooks/configs/{configId}/events")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookEventSearchResource {

    private final EventHistoryService history;
    private final JsonBodies bodies;
    private final Caller caller;
    private final ObjectMapper mapper;

    public WebhookEventSearchResource(EventHistoryService history, JsonBodies bodies, Caller caller,
            ObjectMapper mapper) {
        this.history = history;
        this.bodies = bodies;
        this.caller = caller;
        this.mapper = mapper;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public ObjectNode getWebhookEventsV2(@PathParam("configId") String configId, byte[] body) {
        JsonNode options = body == null || body.length == 0 ? mapper.createObjectNode() : bodies.read(body);
        if (!options.isObject()) {
            throw new ValidationException("body", "must be a SearchOptions object");
        }
        int limit = HistoryQuery.MAX_LIMIT;
        JsonNode limitNode = options.get("limit");
        if (limitNode != null && !limitNode.isNull()) {
            if (!limitNode.canConvertToExactIntegral() || !limitNode.canConvertToInt() || limitNode.asInt() < 1
                    || limitNode.asInt() > HistoryQuery.MAX_LIMIT) {
                throw new ValidationException("limit", "must be an integer from 1 to " + HistoryQuery.MAX_LIMIT);
            }
            limit = limitNode.asInt();
        }
        DeliveryStatus status = options.hasNonNull("status")
                ? WebhookEventResource.status(options.path("status").asText(), "status")
                : null;
        HistoryQuery.Position after = options.hasNonNull("cursor")
                ? WebhookEventJson.position(options.get("cursor"), "cursor")
                : null;
        Instant from = time(options.path("timestamp").get("from"), "timestamp.from");
        Instant to = time(options.path("timestamp").get("to"), "timestamp.to");
        if (from != null && to != null && from.isAfter(to)) {
            throw new ValidationException("timestamp", "from must not be after to");
        }
        ObjectNode json = mapper.createObjectNode();
        ArrayNode data = json.putArray("data");
        boolean transformConfigured = history.transformConfigured(caller.organizationId(), configId);
        if (options.hasNonNull("event_id")) {
            DeliveryRecord record = history.event(caller.organizationId(), configId,
                    EventIds.requireStorable("event_id", options.path("event_id").asText()));
            if (status == null || record.status() == status) {
                data.add(WebhookEventJson.toJson(record, transformConfigured, mapper));
            }
            json.putNull("next_cursor");
            json.put("has_more", false);
            return json;
        }
        HistoryPage page = history.page(caller.organizationId(), configId,
                new HistoryQuery(limit, status, from, to, after));
        page.records().forEach(record -> data.add(WebhookEventJson.toJson(record, transformConfigured, mapper)));
        if (page.next() == null) {
            json.putNull("next_cursor");
        } else {
            json.set("next_cursor", WebhookEventJson.position(page.next(), mapper));
        }
        json.put("has_more", page.next() != null);
        return json;
    }

    private static Instant time(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new ValidationException(field, "must be an ISO-8601 timestamp such as 2025-10-31T12:34:56Z");
        }
    }
}
