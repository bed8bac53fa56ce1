package dev.webhooks.api.history;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.api.http.JsonBodies;
import dev.webhooks.api.security.Caller;
import dev.webhooks.core.application.history.EventHistoryService;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.delivery.HistoryPage;
import dev.webhooks.core.delivery.HistoryQuery;
import dev.webhooks.core.delivery.EventIds;
import dev.webhooks.core.error.FieldError;
import dev.webhooks.core.error.ValidationException;

/**
 * A config's delivery history ({@code getWehookEvents}, {@code getEventById}) and replays ({@code replayEvent},
 * {@code batchReplayEvents}). History stays readable after the config is deleted; replays need the config.
 */
@Path("/v1/webhooks/configs/{configId}/events")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookEventResource {

    private static final int PAGE_SIZE = HistoryQuery.MAX_LIMIT;

    private final EventHistoryService history;
    private final JsonBodies bodies;
    private final Caller caller;
    private final ObjectMapper mapper;

    public WebhookEventResource(EventHistoryService history, JsonBodies bodies, Caller caller, ObjectMapper mapper) {
        this.history = history;
        this.bodies = bodies;
        this.caller = caller;
        this.mapper = mapper;
    }

    /** Newest first, 25 a page; {@code cursor} is the value the previous page returned. */
    @GET
    public ObjectNode getWehookEvents(@PathParam("configId") String configId, @QueryParam("status") String status,
            @QueryParam("cursor") String cursor) {
        DeliveryStatus wanted = status == null || status.isBlank() ? null : status(status, "status");
        HistoryQuery.Position after = cursor == null || cursor.isBlank() ? null
                : WebhookEventJson.decode(cursor, mapper);
        HistoryPage page = history.page(caller.organizationId(), configId,
                new HistoryQuery(PAGE_SIZE, wanted, null, null, after));
        boolean transformConfigured = history.transformConfigured(caller.organizationId(), configId);
        ObjectNode json = mapper.createObjectNode();
        ArrayNode data = json.putArray("data");
        page.records().forEach(record -> data.add(WebhookEventJson.toJson(record, transformConfigured, mapper)));
        if (page.next() != null) {
            json.put("cursor", WebhookEventJson.encode(page.next(), mapper));
        }
        return json;
    }

    @GET
    @Path("/{eventId}")
    public ObjectNode getEventById(@PathParam("configId") String configId, @PathParam("eventId") String eventId) {
        DeliveryRecord record = history.event(caller.organizationId(), configId,
                EventIds.requireStorable("eventId", eventId));
        return WebhookEventJson.toJson(record, history.transformConfigured(caller.organizationId(), configId),
                mapper);
    }

    /**
     * Delivers the recorded event to the config again, as a new event (its own id, {@code replay_of} the original)
     * through the dispatcher's normal path, bypassing the filter. The optional body ({@code ReplayRequest}) may ask
     * for {@code reapply_transform}: the config's current transform is applied to the original payload. Without it,
     * the body the event sent is sent again byte for byte. So no content type is required.
     */
    @POST
    @Path("/{eventId}/replay")
    public Response replayEvent(@PathParam("configId") String configId, @PathParam("eventId") String eventId,
            byte[] body) {
        boolean reapply = reapplyTransform(body == null || body.length == 0 ? null : bodies.read(body));
        history.replay(caller.organizationId(), configId, EventIds.requireStorable("eventId", eventId), reapply);
        return Response.noContent().build();
    }

    /**
     * Replays up to 100 events. Answers 202 with the ids queued, and (our addition) {@code unknown_event_ids}: ids
     * that are not in the config's history are reported, not silently ignored.
     */
    @POST
    @Path("/replay-batch")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response batchReplayEvents(@PathParam("configId") String configId, byte[] body) {
        JsonNode request = bodies.read(body);
        JsonNode ids = request.path("eventIds");
        List<FieldError> errors = new ArrayList<>();
        List<String> eventIds = new ArrayList<>();
        if (!ids.isArray() || ids.isEmpty()) {
            errors.add(new FieldError("eventIds", "is required: an array of 1 to "
                    + EventHistoryService.MAX_BATCH_REPLAY + " event ids"));
        } else if (ids.size() > EventHistoryService.MAX_BATCH_REPLAY) {
            errors.add(new FieldError("eventIds", "must have at most " + EventHistoryService.MAX_BATCH_REPLAY
                    + " event ids"));
        } else {
            for (int i = 0; i < ids.size(); i++) {
                if (!ids.get(i).isTextual() || ids.get(i).asText().isBlank() || ids.get(i).asText().length() > 256) {
                    errors.add(new FieldError("eventIds[" + i + "]", "must be an event id (1 to 256 characters)"));
                } else {
                    eventIds.add(ids.get(i).asText());
                }
            }
        }
        boolean reapply = false;
        try {
            reapply = reapplyTransform(request);
        } catch (ValidationException invalid) {
            errors.addAll(invalid.errors());
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        EventHistoryService.BatchReplay result = history.replay(caller.organizationId(), configId, eventIds,
                reapply);
        ObjectNode json = mapper.createObjectNode();
        result.replayed().forEach(json.putArray("replayed_event_ids")::add);
        result.unknown().forEach(json.putArray("unknown_event_ids")::add);
        return Response.accepted(json).build();
    }

    /** {@code reapply_transform} of a {@code ReplayRequest} or {@code BatchReplayRequest}: false when absent. */
    private static boolean reapplyTransform(JsonNode request) {
        if (request == null || request.isNull()) {
            return false;
        }
        if (!request.isObject()) {
            throw new ValidationException("body", "must be a JSON object (ReplayRequest) or empty");
        }
        JsonNode reapply = request.get("reapply_transform");
        if (reapply == null || reapply.isNull()) {
            return false;
        }
        if (!reapply.isBoolean()) {
            throw new ValidationException("reapply_transform", "must be a boolean");
        }
        return reapply.booleanValue();
    }

    static DeliveryStatus status(String text, String field) {
        for (DeliveryStatus status : DeliveryStatus.values()) {
            if (status.wireName().equals(text)) {
                return status;
            }
        }
        throw new ValidationException(field, "must be one of succeeded, failed, in_progress, skipped");
    }
}
