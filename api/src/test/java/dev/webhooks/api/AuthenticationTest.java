package dev.webhooks.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.webhooks.testing.AwsEmulatorsResource;
import dev.webhooks.testing.TokenIssuer;

/**
 * Every {@code /v1/webhooks} call needs a bearer JWT and the organization comes from its claims. Locally the function
 * verifies the token itself; deployed, API Gateway's JWT authorizer does and passes the claims in the request context.
 * That authorizer cannot run here, so its output is mocked by posting a raw API Gateway v2 event with
 * {@code requestContext.authorizer.jwt.claims} to the Lambda mock event server's {@code /_lambda_} endpoint.
 */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class AuthenticationTest {

    private static final String EVENTS = "/v1/webhooks/configured-events";

    @Test
    void aMissingTokenIs401() {
        given().when().get(EVENTS).then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("detail", containsString("Missing Authorization header"));
    }

    @Test
    void aMalformedHeaderIs401() {
        given().header("Authorization", "Basic dXNlcjpwYXNz").when().get(EVENTS).then().statusCode(401)
                .body("detail", containsString("Bearer"));
        given().auth().oauth2("not.a.jwt").when().get(EVENTS).then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aTokenSignedByAnotherKeyIs401() {
        given().auth().oauth2(TokenIssuer.tokenSignedByStranger("org-1")).when().get(EVENTS)
                .then().statusCode(401).body("detail", containsString("signature"));
    }

    @Test
    void anExpiredTokenIs401() {
        String expired = TokenIssuer.shared().token(Map.of("org_id", "org-1"), Duration.ofMinutes(-10));
        given().auth().oauth2(expired).when().get(EVENTS).then().statusCode(401)
                .body("detail", containsString("expired"));
    }

    /** A refusal names the check that failed, never the value the service expects (issuer, audience). */
    @Test
    void aWrongIssuerIs401WithoutRevealingTheExpectedOne() {
        String token = TokenIssuer.shared().token(Map.of("org_id", "org-1", "iss", "https://attacker.example"),
                Duration.ofMinutes(10));
        given().auth().oauth2(token).when().get(EVENTS).then().statusCode(401)
                .body("detail", containsString("issuer is not accepted"))
                .body(not(containsString(TokenIssuer.ISSUER)));
    }

    @Test
    void aTokenWithoutAnOrganizationIs401() {
        String token = TokenIssuer.shared().token(Map.of("email", "someone@example.com"), Duration.ofMinutes(10));
        given().auth().oauth2(token).when().get(EVENTS).then().statusCode(401)
                .body("detail", containsString("organization"));
    }

    @Test
    void epilotCognitoTokensNameTheOrganizationInCustomIvyOrgId() {
        String org = "org-" + UUID.randomUUID();
        String token = TokenIssuer.shared().token(Map.of("custom:ivy_org_id", org), Duration.ofMinutes(10));
        String id = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(ConfigRequests.basicConfig("https://partner.example.com"))
                .when().post(ConfigRequests.CONFIGS).then().statusCode(201).extract().path("id");
        ConfigRequests.as(org).when().get(ConfigRequests.CONFIGS + "/" + id).then().statusCode(200);
    }

    @Test
    void documentsArePublic() {
        given().when().get("/v1/webhooks/openapi.json").then().statusCode(200);
        given().when().get(EVENTS + "/customer_request_created/schema").then().statusCode(200);
    }

    @Test
    void claimsVerifiedByTheApiGatewayAuthorizerAreTrusted() {
        String org = "org-" + UUID.randomUUID();
        String id = ConfigRequests.create(org, ConfigRequests.basicConfig("https://partner.example.com"));
        given().contentType(ContentType.JSON).body(authorizedEvent("GET", ConfigRequests.CONFIGS, org))
                .when().post("/_lambda_")
                .then().statusCode(200)
                .body("statusCode", equalTo(200))
                .body("body", containsString(id));
    }

    @Test
    void withoutAuthorizerClaimsOrATokenTheRawEventPathIsRefused() {
        given().contentType(ContentType.JSON).body(authorizedEvent("GET", ConfigRequests.CONFIGS, null))
                .when().post("/_lambda_")
                .then().statusCode(200)
                .body("statusCode", equalTo(401));
    }

    @Test
    void unknownPathsAre404ProblemDocuments() {
        ConfigRequests.as("org-1").when().get("/v1/webhooks/nothing-here").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void wrongMethodsAre405() {
        ConfigRequests.as("org-1").when().patch(ConfigRequests.CONFIGS).then().statusCode(405)
                .contentType("application/problem+json")
                .body("title", equalTo("Method Not Allowed"));
    }

    /** An API Gateway HTTP API (payload 2.0) event as the JWT authorizer hands it to the function. */
    private static String authorizedEvent(String method, String path, String organizationId) {
        String authorizer = organizationId == null ? ""
                : """
                        "authorizer": {"jwt": {"claims": {"org_id": "%s", "sub": "user-1"}, "scopes": null}},
                        """.formatted(organizationId);
        return """
                {"version": "2.0", "routeKey": "$default", "rawPath": "%2$s", "rawQueryString": "",
                 "headers": {"accept": "application/json"},
                 "requestContext": {%3$s "http": {"method": "%1$s", "path": "%2$s", "protocol": "HTTP/1.1",
                   "sourceIp": "127.0.0.1", "userAgent": "test"}, "requestId": "r-1", "routeKey": "$default",
                   "stage": "$default", "timeEpoch": 0},
                 "isBase64Encoded": false}
                """.formatted(method, path, authorizer);
    }
}
