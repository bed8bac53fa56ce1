package dev.webhooks.api;

import static dev.webhooks.api.ConfigRequests.CONFIGS;
import static dev.webhooks.api.ConfigRequests.as;
import static dev.webhooks.api.ConfigRequests.basicConfig;
import static dev.webhooks.api.ConfigRequests.create;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.webhooks.testing.AwsEmulatorsResource;

/**
 * Bad input through the API Gateway event path: a 4xx problem document naming every failing field, and nothing
 * stored. (The reader's full rule table is unit-tested in core.)
 */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class ConfigValidationTest {

    private final String org = "org-" + UUID.randomUUID();

    @AfterEach
    void nothingWasStored() {
        as(org).when().get(CONFIGS).then().statusCode(200).body("size()", equalTo(0));
    }

    static Stream<Arguments> invalidBodies() {
        String valid = basicConfig("https://partner.example.com");
        return Stream.of(
                row("event name missing", valid.replace("\"eventName\": \"customer_request_created\",", ""),
                        "eventName", "is required"),
                row("event name unknown", valid.replace("customer_request_created", "order_shipped"),
                        "eventName", "must be one of the configured events"),
                row("url over http", valid.replace("https://", "http://"), "url", "must use https"),
                row("url relative", valid.replace("https://partner.example.com", "/hooks"), "url", "absolute"),
                row("http method unknown", valid.replace("\"POST\"", "\"FETCH\""), "httpMethod", "must be one of"),
                row("auth missing", """
                        {"eventName": "product_updated", "url": "https://a.example.com", "httpMethod": "POST"}
                        """, "auth", "is required"),
                row("basic auth without username", valid.replace("\"username\": \"partner\", ", ""),
                        "auth.basicAuthConfig.username", "is required"),
                row("basic auth without password", valid.replace(", \"password\": \"s3cr3t-Passw0rd\"", ""),
                        "auth.basicAuthConfig.password", "is required"),
                row("oauth endpoint over http", """
                        {"eventName": "product_updated", "url": "https://a.example.com", "httpMethod": "POST",
                         "auth": {"authType": "OAUTH_CLIENT_CREDENTIALS", "oauthConfig": {"clientId": "c",
                           "clientSecret": "s", "endpoint": "http://idp.example.com/token", "httpMethod": "POST"}}}
                        """, "auth.oauthConfig.endpoint", "must use https"),
                row("api key name with a space", """
                        {"eventName": "product_updated", "url": "https://a.example.com", "httpMethod": "POST",
                         "auth": {"authType": "API_KEY", "apiKeyConfig": {"keyName": "X Key", "keyValue": "v"}}}
                        """, "auth.apiKeyConfig.keyName", "header name"),
                row("filter without values", valid.replace("[\"solar\", \"electricity\"]", "[]"),
                        "filter.supportedValues", "at least one"),
                row("too many attempts", valid.replace("\"enabled\": true,",
                        "\"enabled\": true, \"retryPolicy\": {\"enabled\": true, \"maxAttempts\": 6},"),
                        "retryPolicy.maxAttempts", "from 1 to 5"),
                row("name too long", valid.replace("\"enabled\": true,", "\"name\": \"" + "n".repeat(257) + "\","),
                        "name", "at most 256"),
                row("a filter expression calling $eval", valid.replace("\"eventName\"",
                        "\"filterConditions\": {\"conditions\": [{\"jsonata_expression\": \"$eval(metadata.rule)\"}]}, "
                                + "\"eventName\""), "filterConditions.conditions[0].jsonata_expression",
                        "$eval is not allowed"),
                row("a transform that does not parse", valid.replace("\"eventName\"",
                        "\"jsonataExpression\": \"{'a': \", \"eventName\""), "jsonataExpression",
                        "is not valid JSONata"),
                row("a transform calling $eval", valid.replace("\"eventName\"",
                        "\"jsonataExpression\": \"$eval(metadata.rule)\", \"eventName\""), "jsonataExpression",
                        "$eval is not allowed"),
                row("a transform that changes objects in place", valid.replace("\"eventName\"",
                        "\"jsonataExpression\": \"$ ~> |metadata|{'x': 1}|\", \"eventName\""), "jsonataExpression",
                        "is not valid JSONata"),
                row("a custom header replacing the signature", valid.replace("\"eventName\"",
                        "\"payloadConfiguration\": {\"custom_headers\": {\"Webhook-Signature\": \"v1,x\"}}, "
                                + "\"eventName\""), "payloadConfiguration.custom_headers.Webhook-Signature",
                        "must not be Webhook-Signature"),
                row("a custom header replacing Authorization", valid.replace("\"eventName\"",
                        "\"payloadConfiguration\": {\"custom_headers\": {\"authorization\": \"Bearer x\"}}, "
                                + "\"eventName\""), "payloadConfiguration.custom_headers.authorization",
                        "must not be Authorization"),
                row("url too long", valid.replace("https://partner.example.com",
                        "https://partner.example.com/" + "p".repeat(2048)), "url", "at most 2048"));
    }

    private static Arguments row(String name, String body, String field, String reason) {
        return Arguments.of(Named.of(name, body), field, reason);
    }

    @ParameterizedTest
    @MethodSource("invalidBodies")
    void invalidBodiesAreRefusedWithTheFieldAndTheReason(String body, String field, String reason) {
        as(org).contentType(ContentType.JSON).body(body).when().post(CONFIGS)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field))
                .body("errors.find { it.field == '" + field + "' }.reason", containsString(reason))
                .body("message", containsString(field));
    }

    @Test
    void everyFailingFieldIsListedInOneAnswer() {
        as(org).contentType(ContentType.JSON).body("""
                {"eventName": "nope", "url": "ftp://x", "httpMethod": "GO", "auth": {"authType": "MAGIC"}}
                """).when().post(CONFIGS)
                .then().statusCode(400)
                .body("errors.field", hasItems("eventName", "url", "httpMethod", "auth.authType"));
    }

    @Test
    void aFilterOnAPathTheEventDoesNotHaveNamesTheClosestValidPaths() {
        String body = basicConfig("https://partner.example.com")
                .replace("customer_request.request_items.product_category", "customer_request.request_items.categry");
        as(org).contentType(ContentType.JSON).body(body).when().post(CONFIGS)
                .then().statusCode(400)
                .body("errors[0].field", equalTo("filter.keyToFilter"))
                .body("errors[0].reason", containsString("is not a field of this event"))
                .body("errors[0].reason", containsString("customer_request.request_items.product_category"));
    }

    @Test
    void aConditionOnAnUnknownFieldIsRefusedToo() {
        String body = basicConfig("https://partner.example.com").replace("\"enabled\": true,", """
                "enabled": true, "filterConditions": {"conditions": [
                  {"field": "customer_request.request_items.price", "operation": "greater_than", "values": ["10"],
                   "field_type": "number"},
                  {"field": "metadata.organisation_id", "operation": "equals", "values": ["1"]}]},
                """);
        as(org).contentType(ContentType.JSON).body(body).when().post(CONFIGS)
                .then().statusCode(400)
                .body("errors.field", hasItems("filterConditions.conditions[0].field",
                        "filterConditions.conditions[1].field"))
                .body("errors[1].reason", containsString("metadata.organization_id"));
    }

    @Test
    void malformedJsonIs400WithThePosition() {
        as(org).contentType(ContentType.JSON).body("{\"eventName\": ").when().post(CONFIGS)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("body"))
                .body("errors[0].reason", containsString("not valid JSON"));
    }

    @Test
    void aBodyThatIsNotAnObjectIs400() {
        as(org).contentType(ContentType.JSON).body("[1, 2]").when().post(CONFIGS)
                .then().statusCode(400).body("errors[0].field", equalTo("body"));
    }

    @Test
    void wrongContentTypeIs415() {
        as(org).contentType(ContentType.TEXT).body(basicConfig("https://partner.example.com")).when().post(CONFIGS)
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void aBodyOver64KiBIs413() {
        String huge = basicConfig("https://partner.example.com")
                .replace("\"enabled\": true,", "\"enabled\": true, \"padding\": \"" + "x".repeat(70_000) + "\",");
        as(org).contentType(ContentType.JSON).body(huge).when().post(CONFIGS)
                .then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void aBadUpdateChangesNothing() {
        String id = create(org, basicConfig("https://partner.example.com"));
        as(org).contentType(ContentType.JSON).body(basicConfig("http://plain.example.com"))
                .when().put(CONFIGS + "/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("url"));
        as(org).when().get(CONFIGS + "/" + id).then().statusCode(200)
                .body("url", equalTo("https://partner.example.com"));
        as(org).when().delete(CONFIGS + "/" + id).then().statusCode(204);
    }

    @Test
    void changingTheAuthTypeWithoutItsSecretIsRefused() {
        String id = create(org, basicConfig("https://partner.example.com"));
        as(org).contentType(ContentType.JSON).body("""
                {"eventName": "customer_request_created", "url": "https://partner.example.com", "httpMethod": "POST",
                 "auth": {"authType": "API_KEY", "apiKeyConfig": {"keyName": "X-Api-Key"}}}
                """).when().put(CONFIGS + "/" + id)
                .then().statusCode(400)
                .body("errors[0].field", equalTo("auth.apiKeyConfig.keyValue"))
                .body("errors[0].reason", containsString("authentication type changes"));
        as(org).when().get(CONFIGS + "/" + id).then().body("auth.authType", equalTo("BASIC"));
        as(org).when().delete(CONFIGS + "/" + id).then().statusCode(204);
    }
}
