package dev.webhooks.api;

import static dev.webhooks.api.ConfigRequests.CONFIGS;
import static dev.webhooks.api.ConfigRequests.as;
import static dev.webhooks.api.ConfigRequests.basicConfig;
import static dev.webhooks.api.ConfigRequests.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.testing.AwsEmulatorsResource;

/** Config CRUD through the API Gateway event path against dynalite. */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class WebhookConfigResourceTest {

    @Inject
    WebhookConfigRepository configs;

    private final String org = "org-" + UUID.randomUUID();

    @Test
    void createAnswers201WithTheStoredConfigAndTheSigningSecretOnce() {
        Response created = as(org).contentType(ContentType.JSON).body(basicConfig("https://partner.example.com/hook"))
                .when().post(CONFIGS)
                .then().statusCode(201)
                .header("Location", matchesPattern(".*/v1/webhooks/configs/[1-9A-HJ-NP-Za-km-z]{20,23}"))
                .header("ETag", "\"1\"")
                .body("id", matchesPattern("[1-9A-HJ-NP-Za-km-z]{20,23}"))
                .body("name", equalTo("customer_request_created"))
                .body("eventName", equalTo("customer_request_created"))
                .body("url", equalTo("https://partner.example.com/hook"))
                .body("httpMethod", equalTo("POST"))
                .body("enabled", equalTo(true))
                .body("status", equalTo("active"))
                .body("retryPolicy.enabled", equalTo(true))
                .body("retryPolicy.maxAttempts", equalTo(3))
                .body("auth.authType", equalTo("BASIC"))
                .body("auth.basicAuthConfig.username", equalTo("partner"))
                .body("auth.basicAuthConfig.password", nullValue())
                .body("filter.supportedValues", contains("solar", "electricity"))
                .extract().response();
        String secret = created.path("signingSecret");
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(32);
        assertThat(Instant.parse(created.<String>path("creationTime")))
                .isEqualTo(Instant.parse(created.<String>path("updatedTime")));

        String id = created.path("id");
        as(org).when().get(CONFIGS + "/" + id)
                .then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("id", equalTo(id))
                .body("signingSecret", nullValue())
                .body("auth.basicAuthConfig.password", nullValue());
    }

    @Test
    void idsAreUnguessableAndDistinct() {
        String first = create(org, basicConfig("https://a.example.com"));
        String second = create(org, basicConfig("https://a.example.com"));
        assertThat(first).isNotEqualTo(second);
        assertThat(first.length()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void listReturnsTheOrganizationsConfigsNewestFirstAndFiltersByEventName() {
        String customer = create(org, basicConfig("https://a.example.com"));
        String product = create(org, """
                {"eventName": "product_updated", "url": "https://b.example.com", "httpMethod": "PUT",
                 "auth": {"authType": "NONE"}}
                """);
        List<String> all = as(org).when().get(CONFIGS).then().statusCode(200).extract().path("id");
        assertThat(all).containsExactly(product, customer);

        as(org).queryParam("eventName", "product_updated").when().get(CONFIGS)
                .then().statusCode(200).body("id", contains(product));
        as(org).queryParam("eventName", "no_such_event").when().get(CONFIGS)
                .then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void aListLargerThanTheDefaultResponseBufferIsReturnedWhole() {
        for (int i = 0; i < 40; i++) {
            create(org, basicConfig("https://partner-" + i + ".example.com/hook"));
        }
        String body = as(org).when().get(CONFIGS).then().statusCode(200).body("size()", equalTo(40))
                .extract().asString();
        assertThat(body.length()).isGreaterThan(8 * 1024);
    }

    @Test
    void putReplacesTheConfigAndBumpsVersionAndUpdatedTime() {
        String id = create(org, basicConfig("https://a.example.com"));
        Response updated = as(org).contentType(ContentType.JSON).body("""
                {"name": "Solar partner", "eventName": "customer_request_created", "url": "https://a.example.com/new",
                 "httpMethod": "PATCH", "auth": {"authType": "BASIC", "basicAuthConfig": {"username": "renamed"}}}
                """)
                .when().put(CONFIGS + "/" + id)
                .then().statusCode(200)
                .header("ETag", "\"2\"")
                .body("name", equalTo("Solar partner"))
                .body("url", equalTo("https://a.example.com/new"))
                .body("httpMethod", equalTo("PATCH"))
                .body("auth.basicAuthConfig.username", equalTo("renamed"))
                .body("filter", nullValue())
                .body("status", equalTo("active"))
                .extract().response();
        assertThat(Instant.parse(updated.<String>path("updatedTime")))
                .isAfterOrEqualTo(Instant.parse(updated.<String>path("creationTime")));

        as(org).when().get(CONFIGS + "/" + id).then().statusCode(200)
                .body("url", equalTo("https://a.example.com/new"))
                .body("filter", nullValue());
    }

    @Test
    void enabledFalseDeactivatesAndTrueReactivates() {
        String id = create(org, basicConfig("https://a.example.com"));
        String body = basicConfig("https://a.example.com").replace("\"enabled\": true", "\"enabled\": false");
        as(org).contentType(ContentType.JSON).body(body).when().put(CONFIGS + "/" + id)
                .then().statusCode(200).body("enabled", equalTo(false)).body("status", equalTo("inactive"));
        as(org).contentType(ContentType.JSON).body(basicConfig("https://a.example.com")).when().put(CONFIGS + "/" + id)
                .then().statusCode(200).body("enabled", equalTo(true)).body("status", equalTo("active"));
    }

    @Test
    void retryPolicyIsStoredAndKeptWhenAnUpdateLeavesItOut() {
        String id = create(org, """
                {"eventName": "product_updated", "url": "https://b.example.com", "httpMethod": "POST",
                 "auth": {"authType": "NONE"}, "retryPolicy": {"enabled": true, "maxAttempts": 5}}
                """);
        as(org).contentType(ContentType.JSON).body("""
                {"eventName": "product_updated", "url": "https://b.example.com", "httpMethod": "POST",
                 "auth": {"authType": "NONE"}}
                """).when().put(CONFIGS + "/" + id)
                .then().statusCode(200).body("retryPolicy.maxAttempts", equalTo(5));
    }

    @Test
    void ifMatchWithAnOldVersionIsRefusedWith412AndChangesNothing() {
        String id = create(org, basicConfig("https://a.example.com"));
        String update = basicConfig("https://second.example.com");
        as(org).header("If-Match", "\"1\"").contentType(ContentType.JSON).body(update)
                .when().put(CONFIGS + "/" + id).then().statusCode(200).header("ETag", "\"2\"");
        as(org).header("If-Match", "\"1\"").contentType(ContentType.JSON).body(basicConfig("https://lost.example.com"))
                .when().put(CONFIGS + "/" + id)
                .then().statusCode(412)
                .contentType("application/problem+json")
                .body("detail", notNullValue());
        as(org).when().get(CONFIGS + "/" + id).then().body("url", equalTo("https://second.example.com"));
    }

    @Test
    void passThroughFieldsAreStoredAndReturned() {
        String id = create(org, """
                {"eventName": "product_updated", "url": "https://b.example.com", "httpMethod": "POST",
                 "auth": {"authType": "NONE"}, "enableStaticIP": true, "protected": true, "eventVersion": "1.0",
                 "payloadConfiguration": {"hydrate_entity": true, "custom_headers": {"x-tenant": "a"}},
                 "_manifest": ["123e4567-e89b-12d3-a456-426614174000"], "somethingUnknown": 1,
                 "rateLimitPerSecond": 20}
                """);
        as(org).when().get(CONFIGS + "/" + id).then().statusCode(200)
                .body("enableStaticIP", equalTo(true))
                .body("protected", equalTo(true))
                .body("eventVersion", equalTo("1.0"))
                .body("payloadConfiguration.hydrate_entity", equalTo(true))
                .body("payloadConfiguration.custom_headers.x-tenant", equalTo("********"))
                .body("_manifest", hasItem("123e4567-e89b-12d3-a456-426614174000"))
                .body("rateLimitPerSecond", equalTo(20))
                .body("$", not(hasKey("somethingUnknown")));
    }

    @Test
    void customHeaderValuesAreWriteOnlyAndAReadWrittenBackKeepsThem() {
        String id = create(org, """
                {"eventName": "product_updated", "url": "https://b.example.com", "httpMethod": "POST",
                 "auth": {"authType": "NONE"},
                 "payloadConfiguration": {"custom_headers": {"X-Tenant": "tenant-7", "X-Token": "t0ken"}}}
                """);
        String read = as(org).when().get(CONFIGS + "/" + id).then().statusCode(200).extract().asString();
        assertThat(read).doesNotContain("tenant-7").doesNotContain("t0ken");

        // Written back as read: nothing changes.
        as(org).contentType(ContentType.JSON).body(read).when().put(CONFIGS + "/" + id).then().statusCode(200);
        assertThat(headers(id)).containsExactly(Map.entry("X-Tenant", "tenant-7"), Map.entry("X-Token", "t0ken"));

        // A new value replaces one, a header left out is removed.
        as(org).contentType(ContentType.JSON).body(read.replace(",\"X-Token\":\"********\"", "")
                .replace("\"X-Tenant\":\"********\"", "\"X-Tenant\":\"tenant-8\""))
                .when().put(CONFIGS + "/" + id).then().statusCode(200)
                .body("payloadConfiguration.custom_headers", equalTo(Map.of("X-Tenant", "********")));
        assertThat(headers(id)).containsExactly(Map.entry("X-Tenant", "tenant-8"));

        // Pointed at another host, a stored value must be sent again.
        String moved = as(org).when().get(CONFIGS + "/" + id).then().extract().asString()
                .replace("https://b.example.com", "https://elsewhere.example.com");
        as(org).contentType(ContentType.JSON).body(moved).when().put(CONFIGS + "/" + id).then().statusCode(400)
                .body("errors[0].field", equalTo("payloadConfiguration.custom_headers.X-Tenant"));
    }

    private Map<String, String> headers(String id) {
        Map<String, String> revealed = new java.util.LinkedHashMap<>();
        configs.find(org, id).orElseThrow().customHeaders().values()
                .forEach((name, value) -> revealed.put(name, value.reveal()));
        return revealed;
    }

    @Test
    void deleteAnswers204ThenTheConfigIsGone() {
        String id = create(org, basicConfig("https://a.example.com"));
        as(org).when().delete(CONFIGS + "/" + id).then().statusCode(204);
        as(org).when().get(CONFIGS + "/" + id).then().statusCode(404).contentType("application/problem+json");
        as(org).when().delete(CONFIGS + "/" + id).then().statusCode(404);
    }

    @Test
    void unknownIdsAnswer404OnEveryMethod() {
        as(org).when().get(CONFIGS + "/nope").then().statusCode(404).body("message", notNullValue());
        as(org).contentType(ContentType.JSON).body(basicConfig("https://a.example.com"))
                .when().put(CONFIGS + "/nope").then().statusCode(404);
        as(org).when().delete(CONFIGS + "/nope").then().statusCode(404);
    }
}
