package dev.webhooks.api;

import static dev.webhooks.api.ConfigRequests.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.webhooks.testing.AwsEmulatorsResource;

/** {@code getConfiguredEvents} and the schema of each event. */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class ConfiguredEventResourceTest {

    @Test
    void listsTheFourEventsOfTheProductDescriptionAndWebhookDisabled() {
        as("org-1").when().get("/v1/webhooks/configured-events")
                .then().statusCode(200)
                .contentType("application/json")
                .body("eventName", contains("customer_request_created", "product_updated",
                        "automation_rule_triggered", "automation_trigger_webhook", "webhook_disabled"))
                .body("eventLabel", contains("Customer Request Created", "Product Updated",
                        "Automation Rule Triggered", "Automation Trigger Webhook", "Webhook Disabled"));
    }

    @Test
    void servesEachEventsJsonSchema() {
        given().when().get("/v1/webhooks/configured-events/customer_request_created/schema")
                .then().statusCode(200)
                .body("properties.customer_request.properties.request_items.items.properties.product_category.type",
                        equalTo("string"));
    }

    @Test
    void anUnknownEventHasNoSchema() {
        given().when().get("/v1/webhooks/configured-events/order_shipped/schema")
                .then().statusCode(404).contentType("application/problem+json");
    }
}
