package dev.webhooks.api;

import static dev.webhooks.api.ConfigRequests.CONFIGS;
import static dev.webhooks.api.ConfigRequests.as;
import static dev.webhooks.api.ConfigRequests.basicConfig;
import static dev.webhooks.api.ConfigRequests.create;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.webhooks.testing.AwsEmulatorsResource;

/** Another organization's config does not exist for the caller: 404 on every method, never 403, never listed. */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class TenancyTest {

    private final String owner = "org-" + UUID.randomUUID();
    private final String stranger = "org-" + UUID.randomUUID();

    @Test
    void getOfAnotherOrganizationsConfigIs404() {
        String id = create(owner, basicConfig("https://owner.example.com"));
        as(stranger).when().get(CONFIGS + "/" + id).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void putOfAnotherOrganizationsConfigIs404AndChangesNothing() {
        String id = create(owner, basicConfig("https://owner.example.com"));
        as(stranger).contentType(ContentType.JSON).body(basicConfig("https://stranger.example.com"))
                .when().put(CONFIGS + "/" + id).then().statusCode(404);
        as(owner).when().get(CONFIGS + "/" + id).then().statusCode(200)
                .body("url", equalTo("https://owner.example.com"));
    }

    @Test
    void deleteOfAnotherOrganizationsConfigIs404AndDeletesNothing() {
        String id = create(owner, basicConfig("https://owner.example.com"));
        as(stranger).when().delete(CONFIGS + "/" + id).then().statusCode(404);
        as(owner).when().get(CONFIGS + "/" + id).then().statusCode(200);
    }

    @Test
    void listShowsOnlyTheCallersConfigs() {
        String id = create(owner, basicConfig("https://owner.example.com"));
        as(stranger).when().get(CONFIGS).then().statusCode(200).body("id", not(hasItem(id)));
        as(owner).when().get(CONFIGS).then().statusCode(200).body("id", hasItem(id));
    }
}
