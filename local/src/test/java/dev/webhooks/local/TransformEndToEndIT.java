package dev.webhooks.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.standardwebhooks.Webhook;

import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.testing.PackagedFunction;
import dev.webhooks.testing.RecordingReceiver;
import dev.webhooks.testing.RecordingReceiver.Received;
import dev.webhooks.testing.SampleEvents;
import dev.webhooks.testing.TokenIssuer;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A transforming webhook end to end, on the system {@code ./run-local} runs (the packaged API and dispatcher, the
 * DynamoDB- and SQS-compatible servers) with a real receiver: the receiver gets the transformed body and the custom
 * headers, its {@code v1} signature verifies against the bytes received with the Standard Webhooks library, the
 * history shows the original and the body sent, and replays after the expression changed send the old body, or with
 * {@code reapply_transform} the new expression's.
 */
class TransformEndToEndIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String EVENT = "customer_request_created";
    private static final String V1 = "{'version': 1, 'organization': metadata.organization_id,"
            + " 'action': metadata.action}";
    private static final String V2 = "{'version': 2, 'correlation': metadata.correlation_id}";

    private static LocalStack stack;
    private static RecordingReceiver receiver;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String organization = "org-transform-" + UUID.randomUUID();
    private final String token = TokenIssuer.shared().tokenFor(organization);

    @BeforeAll
    static void startTheStack() {
        Path root = Path.of(System.getProperty("webhooks.repository.root", ".."));
        stack = LocalStack.start(root, 0, 0, 2, PackagedFunction.Output.FILE);
        receiver = RecordingReceiver.start();
    }

    @AfterAll
    static void stopTheStack() {
        receiver.close();
        stack.close();
    }

    @Test
    void theReceiverGetsTheTransformedSignedBodyAndReplaysSendTheOldOrTheNewTransform() throws Exception {
        ObjectNode request = config(V1, Map.of("X-Tenant", "tenant-42"));
        JsonNode created = call("POST", "/v1/webhooks/configs", request.toString(), 201);
        String id = created.path("id").asText();
        String secret = created.path("signingSecret").asText();

        String eventId = "evt-transform-" + UUID.randomUUID();
        ObjectNode event = SampleEvents.sample(EVENT, organization);
        publish(eventId, event);
        Received first = awaitDelivery(1);

        JsonNode body = MAPPER.readTree(first.body());
        assertThat(body).isEqualTo(MAPPER.createObjectNode().put("version", 1).put("organization", organization)
                .put("action", event.path("metadata").path("action").asText()));
        assertThat(first.header("X-Tenant")).isEqualTo("tenant-42");
        assertVerifies(secret, first);

        JsonNode history = call("GET", "/v1/webhooks/configs/" + id + "/events/" + eventId, null, 200);
        assertThat(history.path("status").asText()).isEqualTo("succeeded");
        assertThat(history.path("payload").asText()).as("the body sent, byte for byte").isEqualTo(first.body());
        assertThat(MAPPER.readTree(history.path("original_payload").asText())).isEqualTo(event);
        assertThat(history.path("can_reapply_transform").asBoolean()).isTrue();

        // The owner changes the expression (the masked header value written back keeps the stored one).
        ObjectNode stored = (ObjectNode) call("GET", "/v1/webhooks/configs/" + id, null, 200);
        stored.put("jsonataExpression", V2);
        call("PUT", "/v1/webhooks/configs/" + id, stored.toString(), 200);

        call("POST", "/v1/webhooks/configs/" + id + "/events/" + eventId + "/replay", null, 204);
        Received resent = awaitDelivery(2);
        assertThat(resent.body()).as("without reapply_transform: the body sent before").isEqualTo(first.body());
        assertThat(resent.header("X-Tenant")).isEqualTo("tenant-42");
        assertVerifies(secret, resent);

        call("POST", "/v1/webhooks/configs/" + id + "/events/" + eventId + "/replay",
                "{\"reapply_transform\": true}", 204);
        Received reapplied = awaitDelivery(3);
        assertThat(MAPPER.readTree(reapplied.body())).as("the current expression over the original event")
                .isEqualTo(MAPPER.createObjectNode().put("version", 2)
                        .put("correlation", event.path("metadata").path("correlation_id").asText()));
        assertVerifies(secret, reapplied);
    }

    @Test
    void aCustomHeaderCannotReplaceTheSignatureOrTheAuthorization() throws Exception {
        for (String header : List.of("webhook-signature", "Authorization")) {
            JsonNode refused = call("POST", "/v1/webhooks/configs", config(V1, Map.of(header, "x")).toString(),
                    400);
            assertThat(refused.path("errors").get(0).path("field").asText())
                    .isEqualTo("payloadConfiguration.custom_headers." + header);
        }
    }

    private ObjectNode config(String expression, Map<String, String> headers) {
        ObjectNode config = MAPPER.createObjectNode().put("name", "transform e2e").put("eventName", EVENT)
                .put("url", receiver.url("/transformed/" + organization)).put("httpMethod", "POST")
                .put("enabled", true).put("jsonataExpression", expression);
        config.putObject("auth").put("authType", "NONE");
        ObjectNode custom = config.putObject("payloadConfiguration").putObject("custom_headers");
        headers.forEach(custom::put);
        return config;
    }

    private Received awaitDelivery(int count) {
        String path = "/transformed/" + organization;
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received(path).size() >= count);
        return receiver.received(path).get(count - 1);
    }

    /** Verifies the delivery as a receiver does: the Standard Webhooks library over the bytes received. */
    private static void assertVerifies(String secret, Received delivery) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            headers.put(name, new ArrayList<>(List.of(delivery.header(name))));
        }
        assertThatCode(() -> new Webhook(secret).verify(delivery.body(), headers)).doesNotThrowAnyException();
    }

    private void publish(String eventId, ObjectNode event) {
        stack.publish(SampleEvents.eventBridgeEnvelope(eventId, EVENT, event));
    }

    private JsonNode call(String method, String path, String body, int expectedStatus) {
        return new LocalApi(stack.apiBase()).call(token, method, path, body, expectedStatus);
    }
}
