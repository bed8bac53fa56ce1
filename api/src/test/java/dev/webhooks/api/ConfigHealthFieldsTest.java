package dev.webhooks.api;

import static dev.webhooks.api.ConfigRequests.CONFIGS;
import static dev.webhooks.api.ConfigRequests.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.webhooks.core.config.DisabledReason;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.testing.AwsEmulatorsResource;
import dev.webhooks.testing.RecordingReceiver;
import dev.webhooks.testing.RecordingReceiver.Reply;

/**
 * The read-only health in config responses: {@code disabled_reason} (set when the service disables a config, gone when
 * its owner enables it again) and the last delivery's status and time (the newest record of its history), in a single
 * config's response and in the list.
 */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class ConfigHealthFieldsTest {

    @Inject
    WebhookConfigRepository configs;

    private final String org = "org-" + UUID.randomUUID();
    private final RecordingReceiver receiver = RecordingReceiver.start();

    @AfterEach
    void stop() {
        receiver.close();
    }

    private WebhookConfig receiverConfig() {
        return config(receiver.url("/health"));
    }

    private WebhookConfig config(String url) {
        WebhookConfig config = ConfigRequests.storedConfig(org, "health", url).build();
        configs.insert(config);
        return config;
    }

    @Test
    void theLastDeliveryIsShownOnceThereIsOne() {
        WebhookConfig config = receiverConfig();
        as(org).when().get(CONFIGS + "/" + config.id()).then().statusCode(200)
                .body("last_delivery_status", nullValue())
                .body("last_delivery_at", nullValue())
                .body("disabled_reason", nullValue());

        receiver.byDefault(Reply.status(500));
        as(org).contentType(ContentType.JSON).body("{\"metadata\": {}}").queryParam("sync", true)
                .when().post(CONFIGS + "/" + config.id() + "/trigger").then().statusCode(200);

        as(org).when().get(CONFIGS + "/" + config.id()).then().statusCode(200)
                .body("last_delivery_status", equalTo("failed"))
                .body("last_delivery_at", notNullValue());
        as(org).when().get(CONFIGS).then().statusCode(200)
                .body("find { it.id == '" + config.id() + "' }.last_delivery_status", equalTo("failed"));
    }

    @Test
    void aConfigTheServiceDisabledSaysWhyUntilItsOwnerEnablesIt() {
        // An https url: the owner's updates go through the API, which refuses plain http.
        WebhookConfig config = config("https://hooks.example.com/health");
        configs.disable(org, config.id(), config.version(), DisabledReason.ENDPOINT_GONE, Instant.now());

        String stored = as(org).when().get(CONFIGS + "/" + config.id()).then().statusCode(200)
                .body("enabled", equalTo(false))
                .body("disabled_reason", equalTo("endpoint_gone"))
                .extract().asString();
        as(org).when().get(CONFIGS).then().statusCode(200)
                .body("find { it.id == '" + config.id() + "' }.disabled_reason", equalTo("endpoint_gone"));

        // The owner renames it, still disabled: the reason stays. Enabled again, it has none.
        as(org).contentType(ContentType.JSON).body(stored.replace("\"name\":\"health\"", "\"name\":\"renamed\""))
                .when().put(CONFIGS + "/" + config.id()).then().statusCode(200)
                .body("disabled_reason", equalTo("endpoint_gone"));
        String renamed = as(org).when().get(CONFIGS + "/" + config.id()).then().extract().asString();
        as(org).contentType(ContentType.JSON).body(renamed.replace("\"enabled\":false", "\"enabled\":true"))
                .when().put(CONFIGS + "/" + config.id()).then().statusCode(200)
                .body("enabled", equalTo(true))
                .body("disabled_reason", nullValue());
    }
}
