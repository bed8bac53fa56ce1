package dev.webhooks.api.config;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.api.http.JsonBodies;
import dev.webhooks.api.security.Caller;
import dev.webhooks.core.application.history.TriggerService;
import dev.webhooks.core.config.WebhookConfigDocument;
import dev.webhooks.core.delivery.DeliveryOutcome;
import dev.webhooks.core.error.ValidationException;

/**
 * Test triggers ({@code triggerWebhook}): sends the given {@code ExecutionPayload} to the config, past its filter and
 * through its transform. {@code sync=true} waits for the one attempt and answers {@code TriggerWebhookResp} with (our
 * addition) {@code payload}, the body sent; otherwise the event is queued
 * for the dispatcher and only its {@code event_id} is answered. Both appear in the config's history.
 */
@Path("/v1/webhooks/configs/{configId}/trigger")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookTriggerResource {

    private final TriggerService triggers;
    private final JsonBodies bodies;
    private final Caller caller;
    private final ObjectMapper mapper;

    public WebhookTriggerResource(TriggerService triggers, JsonBodies bodies, Caller caller, ObjectMapper mapper) {
        this.triggers = triggers;
        this.bodies = bodies;
        this.caller = caller;
        this.mapper = mapper;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public ObjectNode triggerWebhook(@PathParam("configId") String configId, @QueryParam("sync") Boolean sync,
            byte[] body) {
        JsonNode payload = bodies.read(body);
        if (!payload.isObject()) {
            throw new ValidationException("body", "must be an ExecutionPayload object");
        }
        if (!payload.path("metadata").isObject()) {
            throw new ValidationException("metadata", "is required: an object (its organization_id is the caller's)");
        }
        ObjectNode json = mapper.createObjectNode();
        if (!Boolean.TRUE.equals(sync)) {
            json.put("event_id", triggers.triggerLater(caller.organizationId(), configId, (ObjectNode) payload));
            return json;
        }
        TriggerService.Triggered triggered = triggers.triggerNow(caller.organizationId(), configId,
                (ObjectNode) payload);
        DeliveryOutcome outcome = triggered.outcome();
        json.put("event_id", triggered.eventId());
        json.put("status", outcome.succeeded() ? "succeeded" : "failed");
        if (triggered.sentBody() != null) {
            // Our addition, as in WebhookEvent: the body of the webhook request, after the config's transform.
            json.put("payload", triggered.sentBody());
        }
        if (outcome.statusCode() != null) {
            // The contract types status_code as a string.
            json.put("status_code", Integer.toString(outcome.statusCode()));
        }
        json.put("message", outcome.message());
        if (outcome.responseBody() != null) {
            try {
                JsonNode answer = mapper.readTree(outcome.responseBody());
                if (answer != null && answer.isContainerNode()) {
                    json.set("body", answer);
                } else {
                    json.put("body", outcome.responseBody());
                }
            } catch (java.io.IOException notJson) {
                json.put("body", outcome.responseBody());
            }
        }
        if (outcome.code() != null) {
            json.put("code", outcome.code().name());
        }
        json.put("start_date", WebhookConfigDocument.timestamp(outcome.startedAt()));
        json.put("end_date", WebhookConfigDocument.timestamp(outcome.endedAt()));
        return json;
    }
}
