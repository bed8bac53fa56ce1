package dev.webhooks.dispatcher;

import static dev.webhooks.dispatcher.DispatcherFixtures.config;
import static dev.webhooks.testing.SampleEvents.eventBridgeEnvelope;
import static dev.webhooks.dispatcher.DispatcherFixtures.invoke;
import static dev.webhooks.dispatcher.DispatcherFixtures.newId;
import static dev.webhooks.testing.SampleEvents.sample;
import static dev.webhooks.dispatcher.DispatcherFixtures.sqsBatch;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.core.application.dispatch.DispatchService;
import dev.webhooks.core.application.dispatch.QueueMessage;
import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.port.DeliveryLogRepository;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.testing.AwsEmulators;
import dev.webhooks.testing.AwsEmulatorsResource;
import dev.webhooks.testing.RecordingReceiver.Reply;
import dev.webhooks.testing.RecordingReceiver;

/**
 * What protects the service and its neighbours: the SSRF guard (refused before any connection is made), the circuit
 * breaker per organization and endpoint, the total timeout, and the invocation's remaining time.
 */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class EndpointSafetyTest {

    private static final String EVENT = "customer_request_created";

    @Inject
    WebhookConfigRepository configs;

    @Inject
    DeliveryLogRepository log;

    @Inject
    DispatchService dispatch;

    AwsEmulators emulators;

    private final RecordingReceiver receiver = RecordingReceiver.start();
    private final String org = newId("org");

    @AfterEach
    void stop() {
        receiver.close();
    }

    private DeliveryRecord deliverOnce(String url) {
        WebhookConfig config = config(org, EVENT, url, Auth.NONE, null);
        configs.insert(config);
        String eventId = newId("evt");
        invoke(sqsBatch(List.of(eventBridgeEnvelope(eventId, EVENT, sample(EVENT, org)))));
        return log.find(org, config.id(), eventId).orElseThrow();
    }

    /**
     * Each target is refused by the guard before a socket is opened (the allowlist of the tests admits 127.0.0.0/8
     * only), so no traffic leaves this machine.
     */
    @ParameterizedTest
    @ValueSource(strings = { "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/hook",
            "http://192.168.1.1/hook", "http://[::1]/hook", "http://2130706433/hook", "http://0x7f000001/hook",
            "http://017700000001/hook", "http://127.1/hook", "http://[::ffff:169.254.169.254]/hook",
            "http://100.64.0.1/hook", "http://0.0.0.0/hook" })
    void refusedAddressesFailWithoutRetryOrConnection(String url) throws Exception {
        DeliveryRecord record = deliverOnce(url);

        assertThat(record.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(record.outcome().code()).isEqualTo(FailureCode.SsrfBlocked);
        assertThat(record.retryAttempt()).as("a refused target is never retried").isZero();
        assertThat(DeadLetters.containing(emulators, record.eventId())).hasSize(1);
    }

    @Test
    void anEndpointSlowerThanTheTotalTimeoutFailsWithTimeout() {
        receiver.byDefault(Reply.status(200).after(Duration.ofSeconds(5)));
        long started = System.nanoTime();
        DeliveryRecord record = deliverOnce(receiver.url("/slow"));

        assertThat(record.outcome().code()).isEqualTo(FailureCode.Timeout);
        // 3 s total timeout, and a timeout is left to the retry schedule: the endpoint cannot hold the batch.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void aDeadHostOpensItsCircuitAndStopsConsumingTheBatch() {
        // A host of its own (127.0.0.2): the other tests' receivers on 127.0.0.1 keep a closed breaker.
        RecordingReceiver dead = RecordingReceiver.start("127.0.0.2").byDefault(Reply.status(500));
        WebhookConfig config = config(org, EVENT, dead.url("/dead"), Auth.NONE, null);
        configs.insert(config);
        List<String> bodies = new ArrayList<>();
        List<String> eventIds = new ArrayList<>();
        // The breaker opens after 10 failed calls, and at most 8 of the organization's deliveries are in flight
        // (per-organization-concurrency): whatever the timing, at most 18 of the 30 are sent.
        int events = 30;
        for (int i = 0; i < events; i++) {
            String eventId = newId("evt");
            eventIds.add(eventId);
            bodies.add(eventBridgeEnvelope(eventId, EVENT, sample(EVENT, org)));
        }

        invoke(sqsBatch(bodies));
        dead.close();

        assertThat(dead.received()).as("calls stop once the breaker opens").hasSizeLessThanOrEqualTo(10 + 8);
        List<FailureCode> codes = eventIds.stream()
                .map(eventId -> log.find(org, config.id(), eventId).orElseThrow().outcome().code()).toList();
        // Those after it are deferred through the queue: no attempt spent on a paused endpoint.
        assertThat(codes).contains(FailureCode.Deferred).doesNotContainNull();
    }

    @Test
    void noSendStartsWithoutTimeToFinishItAndTheAttemptWaitsOnTheQueue() {
        WebhookConfig config = config(org, EVENT, receiver.url("/late"), Auth.NONE, null);
        configs.insert(config);
        String first = newId("evt");
        String second = newId("evt");
        List<QueueMessage> messages = List.of(
                new QueueMessage("late-1", eventBridgeEnvelope(first, EVENT, sample(EVENT, org)), 1),
                new QueueMessage("late-2", eventBridgeEnvelope(second, EVENT, sample(EVENT, org)), 1));

        List<String> redeliver = dispatch.dispatch(messages, () -> Duration.ofMillis(500));

        // Not handed back to SQS (each receive counts toward the dead-letter queue): rescheduled as the same attempts.
        assertThat(redeliver).isEmpty();
        assertThat(receiver.received()).isEmpty();
        assertThat(emulators.peek(Queues.EVENTS_DEFAULT_NAME, body -> body.contains(config.id())
                && (body.contains(first) || body.contains(second)), Duration.ofSeconds(5))).hasSize(2)
                .allSatisfy(retry -> assertThat(retry).contains("\"attempt\":0"));
        assertThat(log.find(org, config.id(), first).orElseThrow().attempts()).as("no attempt was spent").isZero();
    }
}
