package dev.webhooks.dispatcher;

import static dev.webhooks.dispatcher.DispatcherFixtures.config;
import static dev.webhooks.testing.SampleEvents.eventBridgeEnvelope;
import static dev.webhooks.dispatcher.DispatcherFixtures.newId;
import static dev.webhooks.testing.SampleEvents.sample;
import static dev.webhooks.dispatcher.DispatcherFixtures.withRetries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.testing.AwsEmulators;
import dev.webhooks.testing.AwsEmulatorsResource;
import dev.webhooks.testing.LocalQueuePoller;
import dev.webhooks.testing.RecordingReceiver.Reply;
import dev.webhooks.testing.RecordingReceiver;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Auto-disable, with the failure period shortened from 5 days to 3 seconds: a config whose deliveries only fail for
 * the period is disabled and a {@code webhook_disabled} event reaches its subscribers; any success resets the clock.
 */
@QuarkusTest
@TestProfile(EndpointHealthTest.ShortFailurePeriod.class)
@WithTestResource(AwsEmulatorsResource.class)
class EndpointHealthTest {

    /** The 5-day period in seconds. */
    public static class ShortFailurePeriod implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("webhooks.delivery.auto-disable-after", "3s");
        }
    }

    private static final String EVENT = "customer_request_created";

    @Inject
    WebhookConfigRepository configs;

    AwsEmulators emulators;

    private final RecordingReceiver receiver = RecordingReceiver.start();
    private final RecordingReceiver subscriber = RecordingReceiver.start();
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
        subscriber.close();
    }

    private void publish() {
        sqs.sendMessage(send -> send.queueUrl(emulators.queueUrl(Queues.EVENTS_DEFAULT_NAME))
                .messageBody(eventBridgeEnvelope(newId("evt"), EVENT, sample(EVENT, org))));
    }

    @Test
    void aConfigThatOnlyFailsForThePeriodIsDisabledAndItsSubscribersAreTold() throws Exception {
        receiver.byDefault(Reply.status(500));
        WebhookConfig failing = withRetries(config(org, EVENT, receiver.url("/dead"), Auth.NONE, null), 5);
        configs.insert(failing);
        configs.insert(config(org, "webhook_disabled", subscriber.url("/ops"), Auth.NONE, null));

        publish();
        List<RecordingReceiver.Received> notices = subscriber.awaitReceived(1, Duration.ofSeconds(30));

        assertThat(notices).hasSize(1);
        JsonNode notice = DispatcherFixtures.MAPPER.readTree(notices.get(0).body());
        assertThat(notice.path("metadata").path("event_name").asText()).isEqualTo("webhook_disabled");
        assertThat(notice.path("reason").asText()).isEqualTo("failing_too_long");
        assertThat(notice.path("webhook").path("id").asText()).isEqualTo(failing.id());
        assertThat(notice.path("failing_since").asText()).isNotEmpty();
        assertThat(notice.path("last_error").asText()).contains("500");
        WebhookConfig stored = configs.find(org, failing.id()).orElseThrow();
        assertThat(stored.enabled()).isFalse();
        assertThat(stored.status().wireName()).isEqualTo("inactive");
        int sends = receiver.received().size();
        assertThat(sends).as("the failures spanned the period").isGreaterThanOrEqualTo(2);
        // The retry the last failure scheduled still arrives in this window (2 s steps): it must not be sent.
        await("a disabled config receives nothing more").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7))
                .until(() -> receiver.received().size() == sends);
    }

    @Test
    void aSuccessResetsTheFailureClock() throws Exception {
        receiver.thenReply(Reply.status(500)).byDefault(Reply.status(200));
        WebhookConfig config = withRetries(config(org, EVENT, receiver.url("/recovering"), Auth.NONE, null), 3);
        configs.insert(config);

        publish();
        receiver.awaitReceived(1, Duration.ofSeconds(15));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                configs.find(org, config.id()).orElseThrow().failingSince()).as("the failure started the clock")
                .isNotNull());

        receiver.awaitReceived(2, Duration.ofSeconds(15));
        await("the success stopped the clock").atMost(Duration.ofSeconds(5))
                .until(() -> configs.find(org, config.id()).orElseThrow().failingSince() == null);
        WebhookConfig healthy = configs.find(org, config.id()).orElseThrow();
        assertThat(healthy.failingSince()).as("the success stopped it").isNull();
        assertThat(healthy.enabled()).isTrue();
    }
}
