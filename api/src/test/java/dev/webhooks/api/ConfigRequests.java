package dev.webhooks.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.config.HttpMethod;
import dev.webhooks.core.config.RetryPolicy;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.testing.TokenIssuer;

/** Request bodies and calls the config API tests share. Every call goes through the API Gateway v2 event path. */
public final class ConfigRequests {

    public static final String CONFIGS = "/v1/webhooks/configs";
    private static final ConfigIds IDS = new ConfigIds(new java.security.SecureRandom());

    private ConfigRequests() {
    }

    /**
     * An enabled POST config of {@code customer_request_created} to {@code url}, without auth or retries, for tests
     * that store it through the repository (the API refuses the plain http URLs of receivers on this machine).
     */
    public static WebhookConfig.Builder storedConfig(String organizationId, String name, String url) {
        java.time.Instant now = java.time.Instant.now();
        return WebhookConfig.builder().id(IDS.newConfigId()).organizationId(organizationId).name(name)
                .eventName("customer_request_created").url(url).httpMethod(HttpMethod.POST).enabled(true)
                .auth(Auth.NONE).retryPolicy(new RetryPolicy(false, 1))
                .passThrough(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode())
                .signingSecret(IDS.newSigningSecret()).creationTime(now).updatedTime(now).version(1);
    }

    public static RequestSpecification as(String organizationId) {
        return given().auth().oauth2(TokenIssuer.shared().tokenFor(organizationId));
    }

    /** A valid create body: BASIC auth, a filter on product category, POST to an https receiver. */
    public static String basicConfig(String url) {
        return """
                {
                  "eventName": "customer_request_created",
                  "url": "%s",
                  "httpMethod": "POST",
                  "enabled": true,
                  "auth": {"authType": "BASIC", "basicAuthConfig": {"username": "partner", "password": "s3cr3t-Passw0rd"}},
                  "filter": {"keyToFilter": "customer_request.request_items.product_category",
                             "supportedValues": ["solar", "electricity"]}
                }
                """.formatted(url);
    }

    public static String create(String organizationId, String body) {
        return createResponse(organizationId, body).statusCode(201).extract().path("id");
    }

    public static ValidatableResponse createResponse(String organizationId, String body) {
        return as(organizationId).contentType(ContentType.JSON).body(body).when().post(CONFIGS).then();
    }
}
