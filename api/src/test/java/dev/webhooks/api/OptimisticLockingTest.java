package dev.webhooks.api;

import static dev.webhooks.api.ConfigRequests.CONFIGS;
import static dev.webhooks.api.ConfigRequests.as;
import static dev.webhooks.api.ConfigRequests.basicConfig;
import static dev.webhooks.api.ConfigRequests.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.webhooks.core.application.configs.WebhookConfigService;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.error.ConflictException;
import dev.webhooks.core.port.WebhookConfigRepository.StaleVersionException;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.testing.AwsEmulatorsResource;

/** No update is ever lost: a write based on an old read fails instead of overwriting (against dynalite). */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class OptimisticLockingTest {

    private final String org = "org-" + UUID.randomUUID();

    @Inject
    WebhookConfigRepository repository;

    @Inject
    WebhookConfigService service;

    @Inject
    ObjectMapper mapper;

    @Test
    void aWriteBasedOnAnOldReadIsRefused() {
        String id = create(org, basicConfig("https://a.example.com"));
        WebhookConfig staleRead = repository.find(org, id).orElseThrow();
        as(org).contentType(ContentType.JSON).body(basicConfig("https://b.example.com"))
                .when().put(CONFIGS + "/" + id).then().statusCode(200);

        assertThatThrownBy(() -> repository.replace(staleRead, staleRead.version()))
                .isInstanceOf(StaleVersionException.class);
        assertThat(repository.find(org, id).orElseThrow().url()).isEqualTo("https://b.example.com");
    }

    @Test
    void concurrentUpdatesEitherSucceedInTurnOrGet409() throws Exception {
        String id = create(org, basicConfig("https://a.example.com"));
        int writers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            JsonNode body = mapper.readTree(basicConfig("https://writer-" + i + ".example.com"));
            outcomes.add(pool.submit(() -> {
                start.await();
                try {
                    service.update(org, id, body, null);
                    return true;
                } catch (ConflictException e) {
                    return false;
                }
            }));
        }
        start.countDown();
        int succeeded = 0;
        for (Future<Boolean> outcome : outcomes) {
            succeeded += outcome.get() ? 1 : 0;
        }
        pool.shutdown();

        WebhookConfig stored = repository.find(org, id).orElseThrow();
        assertThat(succeeded).isGreaterThanOrEqualTo(1);
        assertThat(stored.version()).as("one version per successful write, none lost").isEqualTo(1 + succeeded);
    }

    @Test
    void idsThatCannotExistAre404WithoutTouchingTheTable() {
        as(org).when().get(CONFIGS + "/" + "x".repeat(1500)).then().statusCode(404);
        as(org).when().get(CONFIGS + "/has%20space").then().statusCode(404);
        as(org).when().delete(CONFIGS + "/" + "0OIl").then().statusCode(404);
    }

    @Test
    void anOversizedOrganizationClaimIs401() {
        as("o".repeat(3000)).when().get(CONFIGS).then().statusCode(401);
    }
}
