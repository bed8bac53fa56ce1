package dev.webhooks.api;

import static dev.webhooks.api.ConfigRequests.as;
import static dev.webhooks.api.ConfigRequests.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.util.Iterator;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.webhooks.core.event.EventCatalog;
import dev.webhooks.testing.AwsEmulatorsResource;

/** {@code POST /v1/webhooks/configs/{configId}/example}: a sample event of the config's event, addressed to the caller. */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class WebhookExampleEndpointTest {

    private final String org = "org-" + UUID.randomUUID();

    @Inject
    EventCatalog catalog;

    @Inject
    ObjectMapper mapper;

    static Stream<String> eventNames() {
        return Stream.of("customer_request_created", "product_updated", "automation_rule_triggered",
                "automation_trigger_webhook", "webhook_disabled");
    }

    @ParameterizedTest
    @MethodSource("eventNames")
    void theExampleIsAnEventOfTheConfigsKindAddressedToTheCaller(String eventName) throws Exception {
        String id = create(org, config(eventName, "My " + eventName + " hook"));

        String body = as(org).when().post(example(id)).then().statusCode(200).contentType("application/json")
                .body("metadata.organization_id", equalTo(org))
                .body("metadata.webhook_id", equalTo(id))
                .body("metadata.webhook_name", equalTo("My " + eventName + " hook"))
                .body("metadata.event_name", equalTo(eventName))
                .body("metadata", not(hasKey("automation_id")))
                .extract().asString();

        JsonNode example = mapper.readTree(body);
        JsonNode schema = catalog.find(eventName).orElseThrow().schema().json();
        for (Iterator<String> fields = schema.path("properties").fieldNames(); fields.hasNext();) {
            String field = fields.next();
            assertThat(example.has(field)).as("%s of the %s example", field, eventName).isTrue();
        }
        for (JsonNode required : schema.path("required")) {
            assertThat(example.path(required.asText()).isNull()).as(required.asText()).isFalse();
        }
    }

    @Test
    void theEventsOwnFieldsCarryTheSchemasExamples() {
        String id = create(org, config("customer_request_created", null));

        as(org).when().post(example(id)).then().statusCode(200)
                .body("customer_request.request_items[0].product_category", equalTo("solar"))
                .body("customer_request.customer.email", equalTo("anna.schmidt@example.com"))
                .body("metadata.webhook_name", equalTo("customer_request_created"));
    }

    @Test
    void anAutomationIdGoesIntoTheMetadata() {
        String id = create(org, config("automation_trigger_webhook", null));

        as(org).contentType(ContentType.JSON).body("{\"automation_id\": \"automation_123\"}")
                .when().post(example(id)).then().statusCode(200)
                .body("metadata.automation_id", equalTo("automation_123"))
                .body("metadata.organization_id", equalTo(org));
    }

    @Test
    void anEmptyObjectAndAnEmptyJsonBodyAreAccepted() {
        String id = create(org, config("product_updated", null));

        as(org).contentType(ContentType.JSON).body("{}").when().post(example(id)).then().statusCode(200)
                .body("metadata.organization_id", equalTo(org));
        as(org).contentType(ContentType.JSON).when().post(example(id)).then().statusCode(200)
                .body("metadata.organization_id", equalTo(org));
    }

    @Test
    void anAutomationIdThatIsNotAStringIs400() {
        String id = create(org, config("product_updated", null));

        as(org).contentType(ContentType.JSON).body("{\"automation_id\": 42}")
                .when().post(example(id)).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("automation_id"));
        as(org).contentType(ContentType.JSON).body("[]")
                .when().post(example(id)).then().statusCode(400)
                .body("errors[0].field", equalTo("body"));
    }

    @Test
    void anotherOrganizationsConfigIs404() {
        String id = create(org, config("product_updated", null));

        as("org-" + UUID.randomUUID()).when().post(example(id)).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void anUnknownConfigIs404() {
        as(org).when().post(example("nosuchconfig")).then().statusCode(404);
    }

    private static String example(String configId) {
        return ConfigRequests.CONFIGS + "/" + configId + "/example";
    }

    private static String config(String eventName, String name) {
        return """
                {"eventName": "%s", %s "url": "https://partner.example.com/hook", "httpMethod": "POST",
                 "auth": {"authType": "NONE"}}
                """.formatted(eventName, name == null ? "" : "\"name\": \"" + name + "\",");
    }
}
