package dev.webhooks.api;

import static dev.webhooks.api.ConfigRequests.CONFIGS;
import static dev.webhooks.api.ConfigRequests.as;
import static dev.webhooks.api.ConfigRequests.basicConfig;
import static dev.webhooks.api.ConfigRequests.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.config.CustomHeaders;
import dev.webhooks.core.config.Secret;
import dev.webhooks.core.config.HttpMethod;
import dev.webhooks.core.config.RetryPolicy;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.filter.Filter;
import dev.webhooks.core.port.DeliveryLogRepository;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.testing.AwsEmulators;
import dev.webhooks.testing.AwsEmulatorsResource;
import dev.webhooks.testing.RecordingReceiver.Reply;
import dev.webhooks.testing.RecordingReceiver;

/**
 * Test triggers (sync and async) against a real receiver on this machine, and signing-secret rotation. The receiver's
 * config is stored through the repository: the API refuses plain http URLs, and receivers here are plain http.
 */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class TriggerAndRotationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ConfigIds IDS = new ConfigIds(new SecureRandom());

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

    private WebhookConfig receiverConfig(Filter filter) {
        Instant now = Instant.now();
        WebhookConfig config = new WebhookConfig(IDS.newConfigId(), org, "trigger test", "customer_request_created",
                receiver.url("/trigger"), HttpMethod.POST, true, Auth.NONE, filter, null, RetryPolicy.DEFAULT,
                JsonNodeFactory.instance.objectNode(), IDS.newSigningSecret(), now, now, 1, null, null, null, null, null, null);
        configs.insert(config);
        return config;
    }

    @Test
    void aSyncTriggerSendsPastTheFilterAndAnswersTheOutcome() throws Exception {
        receiver.byDefault(Reply.json(202, "{\"received\":true}"));
        WebhookConfig config = receiverConfig(new Filter("customer_request.request_items.product_category",
                List.of("never-matches")));

        JsonPath answer = as(org).contentType(ContentType.JSON)
                .body("{\"metadata\": {\"organization_id\": \"someone-else\", \"action\": \"test\"}, \"x\": 1}")
                .queryParam("sync", true)
                .when().post(CONFIGS + "/" + config.id() + "/trigger")
                .then().statusCode(200)
                .body("status", equalTo("succeeded"))
                .body("status_code", equalTo("202"))
                .body("body.received", equalTo(true))
                .body("event_id", startsWith("trg_"))
                .body("start_date", notNullValue())
                .body("end_date", notNullValue())
                .extract().jsonPath();

        assertThat(receiver.received()).hasSize(1);
        JsonNode sent = MAPPER.readTree(receiver.received().get(0).body());
        assertThat(sent.path("x").asInt()).isEqualTo(1);
        assertThat(sent.path("metadata").path("organization_id").asText())
                .as("the caller's organization, whatever the payload said").isEqualTo(org);
        assertThat(log.find(org, config.id(), answer.getString("event_id")).orElseThrow().status())
                .isEqualTo(DeliveryStatus.SUCCEEDED);
    }

    @Test
    void theConfigsCustomHeadersAreSentWithTheDelivery() {
        receiver.byDefault(Reply.status(200));
        WebhookConfig config = receiverConfig(null).toBuilder()
                .customHeaders(new CustomHeaders(java.util.Map.of("X-Tenant", Secret.of("tenant-7")))).build();
        configs.replace(config.toBuilder().version(2).build(), 1);

        as(org).contentType(ContentType.JSON).body("{\"metadata\": {\"action\": \"headers\"}}")
                .queryParam("sync", true).when().post(CONFIGS + "/" + config.id() + "/trigger")
                .then().statusCode(200).body("status", equalTo("succeeded"));

        assertThat(receiver.received()).hasSize(1);
        assertThat(receiver.received().get(0).header("X-Tenant")).isEqualTo("tenant-7");
        assertThat(receiver.received().get(0).header("webhook-signature")).startsWith("v1,");
    }

    @Test
    void aFailingSyncTriggerSaysSo() {
        receiver.byDefault(Reply.status(500));
        WebhookConfig config = receiverConfig(null);

        as(org).contentType(ContentType.JSON).body("{\"metadata\": {}}").queryParam("sync", "true")
                .when().post(CONFIGS + "/" + config.id() + "/trigger")
                .then().statusCode(200)
                .body("status", equalTo("failed"))
                .body("status_code", equalTo("500"))
                .body("code", equalTo("HttpError"));
    }

    @Test
    void anAsyncTriggerIsQueuedForTheDispatcher() throws Exception {
        WebhookConfig config = receiverConfig(null);

        String eventId = as(org).contentType(ContentType.JSON).body("{\"metadata\": {\"action\": \"async\"}}")
                .when().post(CONFIGS + "/" + config.id() + "/trigger")
                .then().statusCode(200).body("event_id", startsWith("trg_")).extract().path("event_id");

        assertThat(receiver.received()).as("nothing is sent by the API itself").isEmpty();
        JsonNode message = queued(eventId);
        assertThat(message.path("kind").asText()).isEqualTo("webhooks.directed");
        assertThat(message.path("webhook_config_id").asText()).isEqualTo(config.id());
        assertThat(message.path("payload").path("metadata").path("organization_id").asText()).isEqualTo(org);
    }

    @Test
    void aTriggerNeedsMetadataAndTheCallersConfig() {
        WebhookConfig config = receiverConfig(null);
        as(org).contentType(ContentType.JSON).body("{\"x\": 1}").queryParam("sync", true)
                .when().post(CONFIGS + "/" + config.id() + "/trigger")
                .then().statusCode(400).body("errors[0].field", equalTo("metadata"));
        as("org-" + UUID.randomUUID()).contentType(ContentType.JSON).body("{\"metadata\": {}}")
                .queryParam("sync", true).when().post(CONFIGS + "/" + config.id() + "/trigger")
                .then().statusCode(404);
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void rotationReturnsANewSecretOnceAndKeepsTheOldOneForTheGrace() {
        JsonPath created = as(org).contentType(ContentType.JSON).body(basicConfig("https://partner.example.com"))
                .when().post(CONFIGS).then().statusCode(201).extract().jsonPath();
        String id = created.getString("id");
        String original = created.getString("signingSecret");

        String rotated = as(org).contentType(ContentType.JSON).body("{\"grace_period_seconds\": 3600}")
                .when().post(CONFIGS + "/" + id + "/signing-secret/rotate")
                .then().statusCode(200)
                .body("signingSecret", startsWith("whsec_"))
                .body("previous_secret_expires_at", notNullValue())
                .extract().path("signingSecret");

        assertThat(rotated).isNotEqualTo(original);
        WebhookConfig stored = configs.find(org, id).orElseThrow();
        assertThat(stored.signingSecret().reveal()).isEqualTo(rotated);
        assertThat(stored.previousSigningSecret().reveal()).isEqualTo(original);
        assertThat(Duration.between(Instant.now(), stored.previousSecretExpiresAt()))
                .isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
        assertThat(stored.signingSecretsAt(Instant.now())).hasSize(2);
        as(org).when().get(CONFIGS + "/" + id).then().statusCode(200)
                .body("signingSecret", nullValue());
    }

    @Test
    void rotationWithoutGraceDropsTheOldSecretAtOnce() {
        String id = create(org, basicConfig("https://partner.example.com"));
        as(org).contentType(ContentType.JSON).body("{\"grace_period_seconds\": 0}")
                .when().post(CONFIGS + "/" + id + "/signing-secret/rotate").then().statusCode(200);
        assertThat(configs.find(org, id).orElseThrow().signingSecretsAt(Instant.now())).hasSize(1);
    }

    @Test
    void rotationRefusesALongGraceAndAnotherOrganization() {
        String id = create(org, basicConfig("https://partner.example.com"));
        as(org).contentType(ContentType.JSON).body("{\"grace_period_seconds\": 604801}")
                .when().post(CONFIGS + "/" + id + "/signing-secret/rotate")
                .then().statusCode(400).body("errors[0].field", equalTo("grace_period_seconds"));
        as("org-" + UUID.randomUUID()).contentType(ContentType.JSON).body("{}")
                .when().post(CONFIGS + "/" + id + "/signing-secret/rotate").then().statusCode(404);
    }

    private JsonNode queued(String eventId) throws Exception {
        List<String> bodies = emulators.peek(Queues.EVENTS_DEFAULT_NAME, body -> body.contains(eventId), Duration.ofSeconds(5));
        assertThat(bodies).as("a queued message").isNotEmpty();
        return MAPPER.readTree(bodies.get(0));
    }
}
