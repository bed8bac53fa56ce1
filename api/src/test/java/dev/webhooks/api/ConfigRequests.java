package dev.webhooks.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import dev.webhooks.testing.TokenIssuer;

/** Request bodies and calls the config API tests share. Every call goes through the API Gateway v2 event path. */
public final class ConfigRequests {

    public static final String CONFIGS = "/v1/webhooks/configs";

    private ConfigRequests() {
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
