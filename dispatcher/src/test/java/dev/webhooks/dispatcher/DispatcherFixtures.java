package dev.webhooks.dispatcher;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.restassured.response.ValidatableResponse;

import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.config.HttpMethod;
import dev.webhooks.core.config.RetryPolicy;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.filter.Filter;
import dev.webhooks.core.port.DeliveryLogRepository;
import dev.webhooks.testing.AwsEmulators;
import dev.webhooks.testing.LocalQueuePoller;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Configs, events and SQS batches for the dispatcher tests. */
final class DispatcherFixtures {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ConfigIds IDS = new ConfigIds(new SecureRandom());

    private DispatcherFixtures() {
    }

    static WebhookConfig config(String organizationId, String eventName, String url, Auth auth, Filter filter) {
        Instant now = Instant.now();
        // Retries off unless a test asks for them: a retry would wait in the shared queue after the test ended.
        return WebhookConfig.builder().id(IDS.newConfigId()).organizationId(organizationId).name("test")
                .eventName(eventName).url(url).httpMethod(HttpMethod.POST).enabled(true).auth(auth).filter(filter)
                .retryPolicy(new RetryPolicy(false, RetryPolicy.DEFAULT_ATTEMPTS))
                .passThrough(JsonNodeFactory.instance.objectNode()).signingSecret(IDS.newSigningSecret())
                .creationTime(now).updatedTime(now).build();
    }

    static WebhookConfig withMethod(WebhookConfig config, HttpMethod method) {
        return config.toBuilder().httpMethod(method).build();
    }

    static WebhookConfig withRetries(WebhookConfig config, int maxAttempts) {
        return config.toBuilder().retryPolicy(new RetryPolicy(true, maxAttempts)).build();
    }

    static WebhookConfig withRateLimit(WebhookConfig config, int perSecond) {
        return config.toBuilder().rateLimitPerSecond(perSecond).build();
    }

    static WebhookConfig disabled(WebhookConfig config) {
        return config.toBuilder().enabled(false).version(config.version() + 1).build();
    }

    /** An SQS event with one record per body, each delivered for the first time, message ids m-0, m-1, ... */
    static String sqsBatch(List<String> bodies) {
        return sqsBatch(bodies, 1);
    }

    /** An SQS event whose messages SQS delivers for the {@code receiveCount}th time. */
    static String sqsBatch(List<String> bodies, int receiveCount) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            messages.add(Message.builder().messageId("m-" + i + "-" + UUID.randomUUID()).receiptHandle("r-" + i)
                    .body(bodies.get(i))
                    .attributesWithStrings(Map.of("ApproximateReceiveCount", Integer.toString(receiveCount)))
                    .build());
        }
        return LocalQueuePoller.sqsEvent("http://localhost/000000000000/" + Queues.EVENTS_DEFAULT_NAME, messages);
    }

    /** Invokes the dispatcher function through the Lambda mock event server; the body is its SQSBatchResponse. */
    static ValidatableResponse invoke(String sqsEvent) {
        return given().contentType("application/json").body(sqsEvent.getBytes(StandardCharsets.UTF_8))
                .when().post().then().statusCode(200);
    }

    /**
     * Plays Lambda's SQS trigger for the running test application: feeds the emulators' event queue to the
     * dispatcher through its Lambda mock event server.
     */
    static LocalQueuePoller pollEventQueue(AwsEmulators emulators, SqsClient sqs) {
        return LocalQueuePoller.start(sqs, emulators.queueUrl(Queues.EVENTS_DEFAULT_NAME),
                java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port + "/"));
    }

    static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** Waits up to {@code patience} for the (event, config) record to exist and meet {@code condition}; answers it. */
    static DeliveryRecord awaitRecord(DeliveryLogRepository log, WebhookConfig config, String eventId,
            Predicate<DeliveryRecord> condition, Duration patience) {
        return await("the delivery record of " + eventId + " in the expected state").atMost(patience)
                .pollDelay(Duration.ZERO)
                .until(() -> log.find(config.organizationId(), config.id(), eventId),
                        record -> record.filter(condition).isPresent())
                .orElseThrow();
    }
}
