package dev.webhooks.dispatcher;

import static dev.webhooks.dispatcher.DispatcherFixtures.config;
import static dev.webhooks.testing.SampleEvents.eventBridgeEnvelope;
import static dev.webhooks.dispatcher.DispatcherFixtures.invoke;
import static dev.webhooks.dispatcher.DispatcherFixtures.newId;
import static dev.webhooks.testing.SampleEvents.sample;
import static dev.webhooks.dispatcher.DispatcherFixtures.sqsBatch;
import static dev.webhooks.dispatcher.DispatcherFixtures.withRetries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.webhooks.core.adapter.dynamodb.Tables;
import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.port.DeliveryLogRepository;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.testing.AwsEmulators;
import dev.webhooks.testing.AwsEmulatorsResource;
import dev.webhooks.testing.LocalQueuePoller;
import dev.webhooks.testing.RecordingReceiver.Reply;
import dev.webhooks.testing.RecordingReceiver;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The retry schedule end to end, in seconds instead of hours (the test profile's schedule is 2 s per step and one
 * queue delay is at most 1 s, so every wait also hops): events go on the real (ElasticMQ) event queue, the poller that
 * plays Lambda's SQS trigger feeds the dispatcher, retries wait in the queue, and a real receiver answers. Which
 * answer leads to which retry, record and dead letter is the state machine's business, tested row by row in core's
 * {@code DispatchTransitionsTest}; here only what needs the real queue, DynamoDB and HTTP.
 */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class RetryPolicyTest {

    private static final String EVENT = "customer_request_created";
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @Inject
    WebhookConfigRepository configs;

    @Inject
    DeliveryLogRepository log;

    AwsEmulators emulators;

    private final RecordingReceiver receiver = RecordingReceiver.start();
    private final String org = newId("org");
    private SqsClient sqs;
    private LocalQueuePoller poller;

    @BeforeEach
    void startPoller() {
        sqs = emulators.sqsClient();
        poller = DispatcherFixtures.pollEventQueue(emulators, sqs);
    }

    @AfterEach
    void stop() {
        poller.close();
        sqs.close();
        receiver.close();
    }

    private WebhookConfig stored(WebhookConfig config) {
        configs.insert(config);
        return config;
    }

    private String publish() {
        String eventId = newId("evt");
        sqs.sendMessage(send -> send.queueUrl(emulators.queueUrl(Queues.EVENTS_DEFAULT_NAME))
                .messageBody(eventBridgeEnvelope(eventId, EVENT, sample(EVENT, org))));
        return eventId;
    }

    private DeliveryRecord awaitRecord(WebhookConfig config, String eventId, Predicate<DeliveryRecord> condition) {
        return DispatcherFixtures.awaitRecord(log, config, eventId, condition, PATIENCE);
    }

    private static Predicate<DeliveryRecord> finalRecord() {
        return record -> record.status().isFinal();
    }

    @Test
    void aReceiverDownForTwoAttemptsThenUpGetsTheEventOnce() throws Exception {
        receiver.thenReply(Reply.status(503), Reply.status(503)).byDefault(Reply.status(204));
        WebhookConfig config = stored(withRetries(config(org, EVENT, receiver.url("/flaky"), Auth.NONE, null), 3));

        String eventId = publish();
        DeliveryRecord record = awaitRecord(config, eventId, finalRecord());

        assertThat(record.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(record.retryAttempt()).as("two retries preceded the success").isEqualTo(2);
        assertThat(receiver.received()).hasSize(3);
        assertThat(receiver.received().stream().map(request -> request.header("webhook-id")).distinct()).hasSize(1);
        Duration firstWait = Duration.between(receiver.received().get(0).receivedAt(),
                receiver.received().get(1).receivedAt());
        assertThat(firstWait).as("the first step (2 s ± 20 %) was waited in the queue")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1_500));
        DeadLetters.assertNone(emulators, eventId);
    }

    @Test
    void whileRetriesRemainTheRecordSaysInProgress() throws Exception {
        receiver.byDefault(Reply.status(502));
        WebhookConfig config = stored(withRetries(config(org, EVENT, receiver.url("/pending"), Auth.NONE, null), 5));

        String eventId = publish();
        DeliveryRecord record = awaitRecord(config, eventId, r -> r.outcome() != null);

        assertThat(record.status()).isEqualTo(DeliveryStatus.IN_PROGRESS);
        assertThat(record.outcome().statusCode()).isEqualTo(502);
        assertThat(record.nextAttemptAt()).isAfter(record.outcome().endedAt());
        DeadLetters.assertNone(emulators, eventId);
        configs.delete(org, config.id());
    }

    @Test
    void aRateLimitedConfigGetsEveryEventButNoFasterThanItsLimit() throws Exception {
        WebhookConfig config = stored(DispatcherFixtures.withRateLimit(
                config(org, EVENT, receiver.url("/limited"), Auth.NONE, null), 2));
        List<String> eventIds = new java.util.ArrayList<>();
        List<String> bodies = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            eventIds.add(newId("evt"));
            bodies.add(eventBridgeEnvelope(eventIds.get(i), EVENT, sample(EVENT, org)));
        }
        // One batch: the six reserve their slots together. The four beyond the burst wait for theirs on the real queue,
        // which the poller feeds back to the dispatcher.
        invoke(sqsBatch(bodies)).body("batchItemFailures", empty());

        List<RecordingReceiver.Received> sends = receiver.awaitReceived(6, PATIENCE);

        assertThat(sends).as("over the limit is delayed, never dropped").hasSize(6);
        // 2 per second as a token bucket of 2: two at once, then one slot every 0.5 s, reserved in DynamoDB. The sixth
        // slot is 2 s after the first two; a delivery is never sent before its slot, so slowness only adds to this.
        Duration spread = Duration.between(sends.get(0).receivedAt(), sends.get(5).receivedAt());
        assertThat(spread).as("six at 2/s: the last at least 2 s after the first").isGreaterThanOrEqualTo(
                Duration.ofMillis(1900));
        try (var dynamo = emulators.dynamoClient()) {
            var item = dynamo.getItem(get -> get.tableName(Tables.RATE_LIMITS_DEFAULT_NAME).key(java.util.Map.of(
                    Tables.RateLimits.BUCKET, AttributeValue.fromS(org + "#" + config.id())))).item();
            assertThat(item).as("the config's slots are kept in one item").containsKey(Tables.RateLimits.TAT);
        }
        for (String eventId : eventIds) {
            assertThat(awaitRecord(config, eventId, finalRecord()).status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        }
    }
}
