package dev.webhooks.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.webhooks.testing.AwsEmulatorsResource;

/**
 * The static pages, the management portal and the API reference (Swagger UI over the served OpenAPI document), through
 * the API Gateway event path: served without a token, with a Content-Security-Policy that lets the browser load
 * nothing from another origin, and loading nothing from one themselves.
 */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class StaticPagesTest {

    @ParameterizedTest
    @ValueSource(strings = { "/portal/index.html", "/api-docs/index.html", "/api-docs/api-docs.js",
        "/api-docs/swagger-ui/swagger-ui-bundle.js", "/api-docs/swagger-ui/swagger-ui.css" })
    void aStaticFileIsServedWithoutATokenUnderAPolicyThatAllowsOnlyThisOrigin(String path) {
        String body = given().when().get(path).then()
                .statusCode(200)
                .header("Content-Security-Policy", startsWith("default-src 'self';"))
                .header("Content-Security-Policy", containsString("object-src 'none'"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Referrer-Policy", equalTo("no-referrer"))
                .extract().asString();
        if (path.endsWith(".html")) {
            assertThat(body).as("a page names no other origin").doesNotContain("http://", "https://");
        }
        if (path.startsWith("/api-docs/")) {
            given().when().get(path).then().header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api-docs/index.html", "/api-docs/api-docs.js" })
    void theApiReferenceReadsTheServedDocumentAndCallsNoValidator(String path) {
        String body = given().when().get(path).then().statusCode(200).extract().asString();
        if (path.endsWith(".js")) {
            assertThat(body).contains("../v1/webhooks/openapi.json", "validatorUrl: null", "queryConfigEnabled: false");
        } else {
            assertThat(body).contains("swagger-ui/swagger-ui-bundle.js", "api-docs.js").doesNotContain("<script>");
        }
    }
}
