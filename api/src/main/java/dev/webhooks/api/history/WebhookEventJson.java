package dev.webhooks.api.history;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.core.config.WebhookConfigDocument;
import dev.webhooks.core.delivery.DeliveryOutcome;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.EventIds;
import dev.webhooks.core.delivery.HistoryQuery;
import dev.webhooks.core.error.ValidationException;

/** Delivery records in the contract's {@code WebhookEvent} shape, and the cursors that page through them. */
final class WebhookEventJson {

    private WebhookEventJson() {
    }

    /**
     * @param transformConfigured whether the record's config (as it is now) has a transform: the contract's
     *        {@code can_reapply_transform}. The original payload is always kept, so that is the only condition
     */
    static ObjectNode toJson(DeliveryRecord record, boolean transformConfigured, ObjectMapper mapper) {
        ObjectNode json = mapper.createObjectNode();
        json.put("event_id", record.eventId());
        json.put("org_id", record.organizationId());
        json.put("webhook_config_id", record.configId());
        json.put("url", record.url());
        json.put("created_at", WebhookConfigDocument.timestamp(record.createdAt()));
        json.put("event_name", record.eventName());
        json.put("status", record.status().wireName());
        json.put("http_method", record.httpMethod().name());
        // The contract's payload is the body of the webhook request; original_payload the event before a transform.
        json.put("payload", record.sentBody());
        if (record.transformed()) {
            json.put("original_payload", record.payload());
        }
        json.put("can_reapply_transform", transformConfigured);
        json.put("can_reapply_transform_reason", transformConfigured ? "available" : "no_transform_configured");
        json.put("retry_attempt", record.retryAttempt());
        JsonNode payload = parse(record.payload(), mapper);
        if (payload != null && payload.path("metadata").isObject()) {
            json.set("metadata", payload.get("metadata"));
        }
        DeliveryOutcome outcome = record.outcome();
        if (outcome != null || record.skipReason() != null) {
            ObjectNode response = json.putObject("http_response");
            if (outcome != null) {
                if (outcome.statusCode() != null) {
                    response.put("status_code", outcome.statusCode());
                }
                response.put("message", outcome.message());
                if (outcome.responseBody() != null) {
                    JsonNode body = parse(outcome.responseBody(), mapper);
                    if (body != null && body.isContainerNode()) {
                        response.set("body", body);
                    } else {
                        response.put("body", outcome.responseBody());
                    }
                }
                if (outcome.code() != null) {
                    response.put("code", outcome.code().name());
                }
                response.put("duration_ms", outcome.duration().toMillis());
            } else {
                response.put("message", "Skipped: " + record.skipReason());
            }
        }
        if (record.nextAttemptAt() != null) {
            json.put("next_attempt_at", WebhookConfigDocument.timestamp(record.nextAttemptAt()));
        }
        if (record.replayOf() != null) {
            json.put("replay_of", record.replayOf());
        }
        return json;
    }

    static ObjectNode position(HistoryQuery.Position position, ObjectMapper mapper) {
        ObjectNode json = mapper.createObjectNode();
        json.put("created_at", position.createdAt().toString());
        json.put("event_id", position.eventId());
        return json;
    }

    /** The v1 cursor: base64url of the v2 cursor object, so both versions page the same way. */
    static String encode(HistoryQuery.Position position, ObjectMapper mapper) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                position(position, mapper).toString().getBytes(StandardCharsets.UTF_8));
    }

    static HistoryQuery.Position decode(String cursor, ObjectMapper mapper) {
        try {
            return position(mapper.readTree(Base64.getUrlDecoder().decode(cursor)), "cursor");
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new ValidationException("cursor", "is not a cursor of this API: pass back the one a page returned");
        }
    }

    static HistoryQuery.Position position(JsonNode node, String field) {
        if (node == null || !node.isObject() || !node.path("created_at").isTextual()
                || !node.path("event_id").isTextual() || node.path("event_id").asText().isEmpty()) {
            throw new ValidationException(field, "must be {created_at, event_id} from the previous page");
        }
        EventIds.requireStorable(field + ".event_id", node.path("event_id").asText());
        try {
            return new HistoryQuery.Position(java.time.Instant.parse(node.path("created_at").asText()),
                    node.path("event_id").asText());
        } catch (java.time.format.DateTimeParseException e) {
            throw new ValidationException(field + ".created_at", "must be an ISO-8601 timestamp");
        }
    }

    private static JsonNode parse(String text, ObjectMapper mapper) {
        try {
            return text == null ? null : mapper.readTree(text);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
