package dev.webhooks.api;

import static dev.webhooks.api.ConfigRequests.CONFIGS;
import static dev.webhooks.api.ConfigRequests.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.security.SecureRandom;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.testing.AwsEmulatorsResource;
import dev.webhooks.testing.RecordingReceiver;
import dev.webhooks.testing.RecordingReceiver.Reply;

/**
 * {@code GET /v1/webhooks/configs/{configId}/stats}: the counts match the deliveries made (sync test triggers to a real
 * receiver, each recorded in the delivery log and counted as it finishes), read from the per-hour aggregates.
 */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class DeliveryStatisticsTest {

    private static final ConfigIds IDS = new ConfigIds(new SecureRandom());

    @Inject
    WebhookConfigRepository configs;

    private final String org = "org-" + UUID.randomUUID();
    private final RecordingReceiver receiver = RecordingReceiver.start();

    @AfterEach
    void stop() {
        receiver.close();
    }

    private WebhookConfig receiverConfig() {
        WebhookConfig config = ConfigRequests.storedConfig(org, "stats", receiver.url("/stats")).build();
        configs.insert(config);
        return config;
    }

    private void trigger(WebhookConfig config) {
        as(org).contentType(ContentType.JSON).body("{\"metadata\": {\"action\": \"stats\"}}").queryParam("sync", true)
                .when().post(CONFIGS + "/" + config.id() + "/trigger").then().statusCode(200);
    }

    @Test
    void theCountsAreTheDeliveriesMade() {
        WebhookConfig config = receiverConfig();
        receiver.byDefault(Reply.status(200));
        trigger(config);
        trigger(config);
        receiver.byDefault(Reply.status(500));
        trigger(config);

        as(org).when().get(CONFIGS + "/" + config.id() + "/stats").then().statusCode(200)
                .body("config_id", equalTo(config.id()))
                .body("window", equalTo("24h"))
                .body("buckets", hasSize(24))
                .body("totals.succeeded", equalTo(2))
                .body("totals.failed", equalTo(1))
                .body("totals.skipped", equalTo(0))
                .body("buckets[23].succeeded", equalTo(2))
                .body("buckets[23].failed", equalTo(1))
                .body("latency_ms.p50", notNullValue())
                .body("latency_ms.p95", notNullValue());
        as(org).queryParam("window", "7d").when().get(CONFIGS + "/" + config.id() + "/stats").then()
                .statusCode(200).body("buckets", hasSize(168)).body("totals.succeeded", equalTo(2));
    }

    @Test
    void aConfigWithoutDeliveriesHasZeroesAndNoLatency() {
        WebhookConfig config = receiverConfig();

        as(org).when().get(CONFIGS + "/" + config.id() + "/stats").then().statusCode(200)
                .body("totals.succeeded", equalTo(0))
                .body("latency_ms.p50", nullValue());
    }

    @Test
    void anUnknownWindowIsA400NamingIt() {
        WebhookConfig config = receiverConfig();

        as(org).queryParam("window", "30d").when().get(CONFIGS + "/" + config.id() + "/stats").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("window"));
    }

    @Test
    void anotherOrganizationsOrAnUnknownConfigIs404() {
        WebhookConfig config = receiverConfig();
        receiver.byDefault(Reply.status(200));
        trigger(config);

        as("org-" + UUID.randomUUID()).when().get(CONFIGS + "/" + config.id() + "/stats").then().statusCode(404);
        as(org).when().get(CONFIGS + "/" + IDS.newConfigId() + "/stats").then().statusCode(404);
        as(org).when().get(CONFIGS + "/" + "x".repeat(3000) + "/stats").then().statusCode(404);
    }
}
