package dev.webhooks.dispatcher;

import static dev.webhooks.dispatcher.DispatcherFixtures.config;
import static dev.webhooks.testing.SampleEvents.eventBridgeEnvelope;
import static dev.webhooks.dispatcher.DispatcherFixtures.invoke;
import static dev.webhooks.dispatcher.DispatcherFixtures.newId;
import static dev.webhooks.testing.SampleEvents.sample;
import static dev.webhooks.dispatcher.DispatcherFixtures.sqsBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.hamcrest.Matchers.empty;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.standardwebhooks.Webhook;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.HttpMethod;
import dev.webhooks.core.config.Secret;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.filter.Filter;
import dev.webhooks.core.port.DeliveryLogRepository;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.testing.AwsEmulators;
import dev.webhooks.testing.AwsEmulatorsResource;
import dev.webhooks.testing.RecordingReceiver.Reply;
import dev.webhooks.testing.RecordingReceiver;

/**
 * The dispatcher end to end: configs in dynalite, SQS batches through the Lambda mock event server, deliveries to a
 * real HTTP receiver on a free port, the delivery log in dynalite and dead letters in ElasticMQ.
 */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class DispatcherTest {

    private static final String CUSTOMER_REQUEST = "customer_request_created";

    @Inject
    WebhookConfigRepository configs;

    @Inject
    DeliveryLogRepository log;

    AwsEmulators emulators;

    private final RecordingReceiver receiver = RecordingReceiver.start();
    private final String org = newId("org");

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private WebhookConfig stored(WebhookConfig config) {
        configs.insert(config);
        return config;
    }

    private DeliveryRecord record(WebhookConfig config, String eventId) {
        return log.find(org, config.id(), eventId).orElseThrow(() -> new AssertionError("no delivery record"));
    }

    @Test
    void deliversTheWholeEventSignedAndAuthenticatedAndLogsIt() throws Exception {
        WebhookConfig config = stored(config(org, CUSTOMER_REQUEST, receiver.url("/hooks/crm"),
                new Auth.Basic("partner", Secret.of("pa55word"), false), null));
        ObjectNode event = sample(CUSTOMER_REQUEST, org);
        String eventId = newId("evt");

        invoke(sqsBatch(List.of(eventBridgeEnvelope(eventId, CUSTOMER_REQUEST, event))))
                .body("batchItemFailures", empty());

        assertThat(receiver.received()).hasSize(1);
        RecordingReceiver.Received request = receiver.received().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hooks/crm");
        assertThat(request.header("content-type")).startsWith("application/json");
        assertThat(request.header("authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("partner:pa55word".getBytes(StandardCharsets.UTF_8)));
        assertThat(DispatcherFixtures.MAPPER.readTree(request.body())).isEqualTo(event);
        // The reference Standard Webhooks verifier accepts what was sent.
        assertThatCode(() -> new Webhook(config.signingSecret().reveal()).verify(request.body(), Map.of(
                "webhook-id", List.of(request.header("webhook-id")),
                "webhook-timestamp", List.of(request.header("webhook-timestamp")),
                "webhook-signature", List.of(request.header("webhook-signature"))))).doesNotThrowAnyException();

        DeliveryRecord record = record(config, eventId);
        assertThat(record.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(record.outcome().statusCode()).isEqualTo(200);
        assertThat(record.outcome().responseBody()).contains("ok");
        assertThat(record.retryAttempt()).isZero();
        assertThat(record.eventName()).isEqualTo(CUSTOMER_REQUEST);
        assertThat(record.expiresAt()).isEqualTo(record.createdAt().plus(DeliveryRecord.RETENTION)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void aDirectSqsMessageWithAnApiKeyConfigIsDeliveredToo() {
        WebhookConfig config = stored(config(org, "product_updated", receiver.url("/products"),
                new Auth.ApiKey("X-Api-Key", Secret.of("k-123"), false), null));
        ObjectNode event = sample("product_updated", org);
        ((ObjectNode) event.path("metadata")).put("event_name", "product_updated").put("event_id", "evt-direct-1");

        invoke(sqsBatch(List.of(event.toString()))).body("batchItemFailures", empty());

        assertThat(receiver.received()).singleElement()
                .satisfies(request -> assertThat(request.header("x-api-key")).isEqualTo("k-123"));
        assertThat(record(config, "evt-direct-1").status()).isEqualTo(DeliveryStatus.SUCCEEDED);
    }

    @Test
    void theWebhookIdIsStableForAnEventAndConfigPair() {
        WebhookConfig first = stored(config(org, CUSTOMER_REQUEST, receiver.url("/a"), Auth.NONE, null));
        WebhookConfig second = stored(config(org, CUSTOMER_REQUEST, receiver.url("/b"), Auth.NONE, null));
        String body = eventBridgeEnvelope(newId("evt"), CUSTOMER_REQUEST, sample(CUSTOMER_REQUEST, org));

        invoke(sqsBatch(List.of(body)));

        assertThat(receiver.received()).hasSize(2);
        String idA = receiver.received("/a").get(0).header("webhook-id");
        String idB = receiver.received("/b").get(0).header("webhook-id");
        assertThat(idA).startsWith("msg_").isNotEqualTo(idB);
        assertThat(first.id()).isNotEqualTo(second.id());
    }

    @Test
    void anEventRejectedByTheFilterIsLoggedAsSkippedAndNotSent() {
        WebhookConfig config = stored(config(org, CUSTOMER_REQUEST, receiver.url("/gas-only"), Auth.NONE,
                new Filter("customer_request.request_items.product_category", List.of("gas"))));
        String eventId = newId("evt");

        invoke(sqsBatch(List.of(eventBridgeEnvelope(eventId, CUSTOMER_REQUEST, sample(CUSTOMER_REQUEST, org)))))
                .body("batchItemFailures", empty());

        assertThat(receiver.received()).isEmpty();
        DeliveryRecord record = record(config, eventId);
        assertThat(record.status()).isEqualTo(DeliveryStatus.SKIPPED);
        assertThat(record.skipReason()).contains("product_category");
    }

    @Test
    void disabledAndDeletedConfigsReceiveNothing() {
        WebhookConfig disabled = config(org, CUSTOMER_REQUEST, receiver.url("/disabled"), Auth.NONE, null);
        configs.insert(DispatcherFixtures.disabled(disabled));
        WebhookConfig deleted = stored(config(org, CUSTOMER_REQUEST, receiver.url("/deleted"), Auth.NONE, null));
        configs.delete(org, deleted.id());
        WebhookConfig otherEvent = stored(config(org, "product_updated", receiver.url("/other"), Auth.NONE, null));

        invoke(sqsBatch(List.of(eventBridgeEnvelope(newId("evt"), CUSTOMER_REQUEST,
                sample(CUSTOMER_REQUEST, org))))).body("batchItemFailures", empty());

        assertThat(receiver.received()).isEmpty();
        assertThat(otherEvent.eventName()).isEqualTo("product_updated");
    }

    @Test
    void anotherOrganizationsConfigsReceiveNothing() {
        stored(config(newId("other-org"), CUSTOMER_REQUEST, receiver.url("/theirs"), Auth.NONE, null));

        invoke(sqsBatch(List.of(eventBridgeEnvelope(newId("evt"), CUSTOMER_REQUEST,
                sample(CUSTOMER_REQUEST, org)))));

        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void aRedeliveredMessageIsNotSentAgainOnceDelivered() {
        WebhookConfig config = stored(config(org, CUSTOMER_REQUEST, receiver.url("/once"), Auth.NONE, null));
        String eventId = newId("evt");
        String body = eventBridgeEnvelope(eventId, CUSTOMER_REQUEST, sample(CUSTOMER_REQUEST, org));

        invoke(sqsBatch(List.of(body)));
        // SQS delivers it again (a crash, a lost answer): the log is read first and the recorded attempt stands.
        invoke(sqsBatch(List.of(body), 2));
        invoke(sqsBatch(List.of(body, body), 3));

        assertThat(receiver.received()).hasSize(1);
        assertThat(record(config, eventId).status()).isEqualTo(DeliveryStatus.SUCCEEDED);
    }

    @Test
    void withRetriesOffAServerErrorFailsAtOnceIntoTheLogAndTheDeadLetterQueue() throws Exception {
        receiver.byDefault(Reply.json(503, "{\"error\":\"down\"}"));
        WebhookConfig config = stored(config(org, CUSTOMER_REQUEST, receiver.url("/down"), Auth.NONE, null));
        String eventId = newId("evt");

        invoke(sqsBatch(List.of(eventBridgeEnvelope(eventId, CUSTOMER_REQUEST, sample(CUSTOMER_REQUEST, org)))))
                .body("batchItemFailures", empty());

        assertThat(receiver.received()).as("a 5xx is retried by the schedule, which is off here").hasSize(1);
        DeliveryRecord record = record(config, eventId);
        assertThat(record.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(record.outcome().statusCode()).isEqualTo(503);
        assertThat(record.outcome().responseBody()).contains("down");
        assertThat(record.retryAttempt()).isZero();

        List<JsonNode> letters = DeadLetters.containing(emulators, eventId);
        assertThat(letters).hasSize(1);
        JsonNode letter = letters.get(0);
        assertThat(letter.path("organization_id").asText()).isEqualTo(org);
        assertThat(letter.path("webhook_config_id").asText()).isEqualTo(config.id());
        assertThat(letter.path("attempts").asInt()).isEqualTo(1);
        assertThat(letter.path("last_error").asText()).contains("503");
        assertThat(letter.path("event").path("metadata").path("organization_id").asText()).isEqualTo(org);
    }

    @Test
    void aRedirectIsNotFollowedAndCountsAsAFailure() {
        receiver.byDefault(Reply.status(302).withHeader("Location", receiver.url("/elsewhere")));
        WebhookConfig config = stored(config(org, CUSTOMER_REQUEST, receiver.url("/moved"), Auth.NONE, null));
        String eventId = newId("evt");

        invoke(sqsBatch(List.of(eventBridgeEnvelope(eventId, CUSTOMER_REQUEST, sample(CUSTOMER_REQUEST, org)))));

        assertThat(receiver.received("/elsewhere")).isEmpty();
        DeliveryRecord record = record(config, eventId);
        assertThat(record.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(record.outcome().statusCode()).isEqualTo(302);
        assertThat(record.outcome().message()).contains("not followed");
    }

    @Test
    void getDeliveriesCarryNoBodyAndSignAnEmptyOne() {
        WebhookConfig config = stored(DispatcherFixtures.withMethod(
                config(org, CUSTOMER_REQUEST, receiver.url("/get"), Auth.NONE, null), HttpMethod.GET));

        invoke(sqsBatch(List.of(eventBridgeEnvelope(newId("evt"), CUSTOMER_REQUEST,
                sample(CUSTOMER_REQUEST, org)))));

        RecordingReceiver.Received request = receiver.received().get(0);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.body()).isEmpty();
        assertThatCode(() -> new Webhook(config.signingSecret().reveal()).verify("", Map.of(
                "webhook-id", List.of(request.header("webhook-id")),
                "webhook-timestamp", List.of(request.header("webhook-timestamp")),
                "webhook-signature", List.of(request.header("webhook-signature"))))).doesNotThrowAnyException();
    }

    @Test
    void putDeliveriesUseTheConfiguredMethod() {
        stored(DispatcherFixtures.withMethod(config(org, CUSTOMER_REQUEST, receiver.url("/put"), Auth.NONE, null),
                HttpMethod.PUT));

        invoke(sqsBatch(List.of(eventBridgeEnvelope(newId("evt"), CUSTOMER_REQUEST,
                sample(CUSTOMER_REQUEST, org)))));

        assertThat(receiver.received()).singleElement()
                .satisfies(request -> assertThat(request.method()).isEqualTo("PUT"));
    }

    @Test
    void anUnprocessableMessageGoesToTheDeadLetterQueueAndTheRestOfTheBatchGoesOn() throws Exception {
        stored(config(org, CUSTOMER_REQUEST, receiver.url("/fine"), Auth.NONE, null));
        String marker = newId("garbage");
        ObjectNode noOrganization = sample(CUSTOMER_REQUEST, org);
        ((ObjectNode) noOrganization.path("metadata")).remove("organization_id");

        invoke(sqsBatch(List.of("not json " + marker,
                eventBridgeEnvelope(newId("evt"), CUSTOMER_REQUEST, noOrganization.put("marker", marker)),
                eventBridgeEnvelope(newId("evt"), CUSTOMER_REQUEST, sample(CUSTOMER_REQUEST, org)))))
                .body("batchItemFailures", empty());

        assertThat(receiver.received()).hasSize(1);
        List<JsonNode> letters = DeadLetters.containing(emulators, marker);
        assertThat(letters).hasSize(2);
        assertThat(letters).extracting(letter -> letter.path("last_error").asText())
                .anySatisfy(reason -> assertThat(reason).contains("not JSON"))
                .anySatisfy(reason -> assertThat(reason).contains("organization_id"));
    }

    /**
     * The SQS batch of {@code events/} (what {@code sam local invoke} sends) carries one message per configured event;
     * each reaches its config with the sample payload of the repository, unchanged.
     */
    @Test
    void theSamLocalInvokeBatchDeliversEveryConfiguredEvent() throws Exception {
        java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("webhooks.repository.root", ".."));
        String batch = java.nio.file.Files.readString(root.resolve("events/sqs-configured-events.json"));
        List<String> eventNames = List.of("customer_request_created", "product_updated",
                "automation_rule_triggered", "automation_trigger_webhook", "webhook_disabled");
        java.util.Map<String, WebhookConfig> configsByEvent = new java.util.HashMap<>();
        for (String eventName : eventNames) {
            configsByEvent.put(eventName, stored(config("739224", eventName, receiver.url("/" + eventName),
                    Auth.NONE, null)));
        }

        invoke(batch).body("batchItemFailures", empty());

        for (String eventName : eventNames) {
            assertThat(receiver.received("/" + eventName)).as(eventName).hasSize(1);
            assertThat(DispatcherFixtures.MAPPER.readTree(receiver.received("/" + eventName).get(0).body()))
                    .as("the repository's sample of %s", eventName)
                    .isEqualTo(DispatcherFixtures.MAPPER.readTree(java.nio.file.Files.readString(root.resolve(
                            "core/src/main/resources/webhooks/events/samples/" + eventName + ".json"))));
            assertThat(log.find("739224", configsByEvent.get(eventName).id(), "sample-" + eventName).orElseThrow()
                    .status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        }
    }

    @Test
    void onlyTheFirst4KiBOfTheAnswerAreRecorded() {
        receiver.byDefault(Reply.json(200, "{\"padding\":\"" + "x".repeat(10_000) + "\"}"));
        WebhookConfig config = stored(config(org, CUSTOMER_REQUEST, receiver.url("/chatty"), Auth.NONE, null));
        String eventId = newId("evt");

        invoke(sqsBatch(List.of(eventBridgeEnvelope(eventId, CUSTOMER_REQUEST, sample(CUSTOMER_REQUEST, org)))));

        DeliveryRecord record = record(config, eventId);
        assertThat(record.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(record.outcome().responseBody()).hasSize(4096).startsWith("{\"padding\":\"xxx");
        assertThat(record.outcome().duration()).isPositive();
    }

    @Test
    void aConfigWhoseSecretWasClearedFailsClosedWithoutSending() {
        WebhookConfig config = stored(config(org, CUSTOMER_REQUEST, receiver.url("/closed"),
                new Auth.Basic("user", null, false), null));
        String eventId = newId("evt");

        invoke(sqsBatch(List.of(eventBridgeEnvelope(eventId, CUSTOMER_REQUEST, sample(CUSTOMER_REQUEST, org)))));

        assertThat(receiver.received()).isEmpty();
        assertThat(record(config, eventId).outcome().code()).isEqualTo(FailureCode.AuthMisconfigured);
    }
}
