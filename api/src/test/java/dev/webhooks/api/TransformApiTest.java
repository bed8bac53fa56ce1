package dev.webhooks.api;

import static dev.webhooks.api.ConfigRequests.CONFIGS;
import static dev.webhooks.api.ConfigRequests.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.core.config.PassThroughFields;
import dev.webhooks.core.config.RetryPolicy;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryOutcome;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.InboundEvent;
import dev.webhooks.core.port.DeliveryLogRepository;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.testing.AwsEmulators;
import dev.webhooks.testing.AwsEmulatorsResource;
import dev.webhooks.testing.RecordingReceiver;
import dev.webhooks.testing.RecordingReceiver.Reply;

/**
 * Payload transforms through the API: the sync trigger sends and shows the transformed body, history shows what was
 * sent beside the original, replays carry {@code reapply_transform}, and the filter test and the example endpoint
 * preview what a webhook would receive. Receivers are real servers on this machine; their configs are stored through
 * the repository, since the API refuses plain http URLs.
 */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class TransformApiTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PROJECTION = "{'action': metadata.action, 'organization': metadata.organization_id}";

    @Inject
    WebhookConfigRepository configs;

    @Inject
    DeliveryLogRepository log;

    AwsEmulators emulators;

    private final String org = "org-" + UUID.randomUUID();
    private final RecordingReceiver receiver = RecordingReceiver.start();

    @AfterEach
    void stop() {
        receiver.close();
    }

    private WebhookConfig receiverConfig(String expression) {
        ObjectNode stored = MAPPER.createObjectNode();
        if (expression != null) {
            stored.put(PassThroughFields.JSONATA_EXPRESSION, expression);
        }
        WebhookConfig config = ConfigRequests.storedConfig(org, "transform", receiver.url("/transformed"))
                .retryPolicy(RetryPolicy.DEFAULT).passThrough(stored).build();
        configs.insert(config);
        return config;
    }

    @Test
    void aSyncTriggerSendsTheTransformedBodyAndAnswersIt() throws Exception {
        receiver.byDefault(Reply.status(200));
        WebhookConfig config = receiverConfig(PROJECTION);

        String shown = as(org).contentType(ContentType.JSON)
                .body("{\"metadata\": {\"action\": \"transform-test\"}, \"secret_field\": \"not for the receiver\"}")
                .queryParam("sync", true).when().post(CONFIGS + "/" + config.id() + "/trigger")
                .then().statusCode(200)
                .body("status", equalTo("succeeded"))
                .extract().path("payload");

        String received = receiver.received().get(0).body();
        assertThat(received).isEqualTo(shown)
                .isEqualTo("{\"action\":\"transform-test\",\"organization\":\"" + org + "\"}");
    }

    @Test
    void aSyncTriggerWhoseTransformFailsSendsNothingAndSaysWhy() {
        WebhookConfig config = receiverConfig("$error('the event has no title')");

        String eventId = as(org).contentType(ContentType.JSON).body("{\"metadata\": {}}")
                .queryParam("sync", true).when().post(CONFIGS + "/" + config.id() + "/trigger")
                .then().statusCode(200)
                .body("status", equalTo("failed"))
                .body("code", equalTo("TransformError"))
                .body("message", containsString("the event has no title"))
                .body("$", not(hasKey("payload")))
                .body("$", not(hasKey("status_code")))
                .extract().path("event_id");

        assertThat(receiver.received()).isEmpty();
        DeliveryRecord record = log.find(org, config.id(), eventId).orElseThrow();
        assertThat(record.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(record.outcome().code()).isEqualTo(FailureCode.TransformError);
    }

    @Test
    void historyShowsTheBodySentAndTheOriginalAndWhetherATransformCanBeReapplied() {
        WebhookConfig config = receiverConfig(PROJECTION);
        WebhookConfig plain = receiverConfig(null);
        String original = "{\"metadata\":{\"action\":\"a\",\"organization_id\":\"" + org + "\"}}";
        String sent = "{\"action\":\"a\"}";
        record(config, "evt-t", original, sent);
        record(plain, "evt-p", original, original);

        as(org).when().get(CONFIGS + "/" + config.id() + "/events/evt-t").then().statusCode(200)
                .body("payload", equalTo(sent))
                .body("original_payload", equalTo(original))
                .body("metadata.action", equalTo("a"))
                .body("can_reapply_transform", equalTo(true))
                .body("can_reapply_transform_reason", equalTo("available"));
        as(org).when().get(CONFIGS + "/" + plain.id() + "/events").then().statusCode(200)
                .body("data[0].payload", equalTo(original))
                .body("data[0]", not(hasKey("original_payload")))
                .body("data[0].can_reapply_transform", equalTo(false))
                .body("data[0].can_reapply_transform_reason", equalTo("no_transform_configured"));
        as(org).contentType(ContentType.JSON).body("{}").when().post("/v2/webhooks/configs/" + config.id()
                + "/events").then().statusCode(200)
                .body("data[0].original_payload", equalTo(original));
    }

    @Test
    void replaysCarryReapplyTransformAndRefuseAnythingButABoolean() throws Exception {
        WebhookConfig config = receiverConfig(PROJECTION);
        record(config, "evt-r", "{\"metadata\":{}}", "{}");
        String replay = CONFIGS + "/" + config.id() + "/events/evt-r/replay";

        as(org).contentType(ContentType.JSON).body("{\"reapply_transform\": true}").when().post(replay)
                .then().statusCode(204);
        as(org).when().post(replay).then().statusCode(204);
        as(org).contentType(ContentType.JSON).body("{\"eventIds\": [\"evt-r\"], \"reapply_transform\": true}")
                .when().post(CONFIGS + "/" + config.id() + "/events/replay-batch").then().statusCode(202);

        List<JsonNode> queued = queued(config.id(), 3);
        assertThat(queued).extracting(message -> message.path("reapply_transform").asBoolean())
                .containsExactlyInAnyOrder(true, false, true);
        as(org).contentType(ContentType.JSON).body("{\"reapply_transform\": \"yes\"}").when().post(replay)
                .then().statusCode(400).body("errors[0].field", equalTo("reapply_transform"));
        as(org).contentType(ContentType.JSON).body("{\"eventIds\": [\"evt-r\"], \"reapply_transform\": 1}")
                .when().post(CONFIGS + "/" + config.id() + "/events/replay-batch").then().statusCode(400)
                .body("errors[0].field", equalTo("reapply_transform"));
    }

    @Test
    void theFilterTestShowsWhatTheWebhookWouldReceive() {
        WebhookConfig config = receiverConfig(PROJECTION);
        String event = "{\"metadata\": {\"action\": \"created\", \"organization_id\": \"" + org + "\"}}";

        as(org).contentType(ContentType.JSON).body("{\"jsonataExpression\": \"{'seen': metadata.action}\","
                + " \"payload\": " + event + "}").when().post("/v1/webhooks/filter-test").then().statusCode(200)
                .body("results[0].matched", equalTo(true))
                .body("results[0].transformed_payload.seen", equalTo("created"));
        as(org).contentType(ContentType.JSON).body("{\"configId\": \"" + config.id() + "\", \"payload\": " + event
                + "}").when().post("/v1/webhooks/filter-test").then().statusCode(200)
                .body("results[0].transformed_payload.action", equalTo("created"))
                .body("results[0].transformed_payload.organization", equalTo(org));
        as(org).contentType(ContentType.JSON).body("{\"jsonataExpression\": \"$error('no body for this event')\","
                + " \"payload\": " + event + "}").when().post("/v1/webhooks/filter-test").then().statusCode(200)
                .body("results[0].transform_error", containsString("no body for this event"))
                .body("results[0]", not(hasKey("transformed_payload")));
        as(org).contentType(ContentType.JSON).body("{\"jsonataExpression\": \"$eval('1')\", \"payload\": " + event
                + "}").when().post("/v1/webhooks/filter-test").then().statusCode(400)
                .body("errors[0].field", equalTo("jsonataExpression"));
        as("org-" + UUID.randomUUID()).contentType(ContentType.JSON).body("{\"configId\": \"" + config.id()
                + "\", \"payload\": " + event + "}").when().post("/v1/webhooks/filter-test").then().statusCode(404);
    }

    @Test
    void theExampleShowsTheTransformedSampleWhenAsked() {
        WebhookConfig config = receiverConfig("{'event': metadata.event_name, 'webhook': metadata.webhook_id}");
        String example = CONFIGS + "/" + config.id() + "/example";

        as(org).contentType(ContentType.JSON).body("{\"apply_transform\": true}").when().post(example)
                .then().statusCode(200)
                .body("payload.metadata.webhook_id", equalTo(config.id()))
                .body("transformed_payload.event", equalTo("customer_request_created"))
                .body("transformed_payload.webhook", equalTo(config.id()));
        as(org).contentType(ContentType.JSON).body("{\"jsonataExpression\": \"[metadata.organization_id]\"}")
                .when().post(example).then().statusCode(200)
                .body("transformed_payload[0]", equalTo(org));
        as(org).contentType(ContentType.JSON).body("{}").when().post(example).then().statusCode(200)
                .body("metadata.webhook_id", equalTo(config.id()))
                .body("$", not(hasKey("transformed_payload")));
        as(org).contentType(ContentType.JSON).body("{\"apply_transform\": \"yes\"}").when().post(example)
                .then().statusCode(400).body("errors[0].field", equalTo("apply_transform"));
    }

    private void record(WebhookConfig config, String eventId, String original, String sent) {
        try {
            InboundEvent event = new InboundEvent(eventId, org, config.eventName(), MAPPER.readTree(original),
                    original);
            Instant now = Instant.now();
            DeliveryRecord started = DeliveryRecord.start(event, config.id(), config.url(), config.httpMethod(),
                    now);
            log.save(started.sending(sent).finished(new DeliveryOutcome(200, null, "Delivered", "", null, now,
                    now)), 0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The replays queued for the config, read without consuming them. */
    private List<JsonNode> queued(String configId, int count) throws Exception {
        List<String> bodies = emulators.peek(Queues.EVENTS_DEFAULT_NAME,
                body -> body.contains(configId) && body.contains("source_event_id"), Duration.ofSeconds(5));
        for (int i = 0; i < 20 && bodies.size() < count; i++) {
            Thread.sleep(100);
            bodies = emulators.peek(Queues.EVENTS_DEFAULT_NAME,
                    body -> body.contains(configId) && body.contains("source_event_id"), Duration.ofSeconds(5));
        }
        List<JsonNode> messages = new java.util.ArrayList<>();
        for (String body : bodies) {
            messages.add(MAPPER.readTree(body));
        }
        assertThat(messages).hasSize(count);
        return messages;
    }
}
