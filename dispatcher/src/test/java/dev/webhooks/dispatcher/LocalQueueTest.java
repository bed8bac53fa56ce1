package dev.webhooks.dispatcher;

import static dev.webhooks.dispatcher.DispatcherFixtures.config;
import static dev.webhooks.testing.SampleEvents.eventBridgeEnvelope;
import static dev.webhooks.dispatcher.DispatcherFixtures.newId;
import static dev.webhooks.testing.SampleEvents.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.port.DeliveryLogRepository;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.testing.AwsEmulators;
import dev.webhooks.testing.AwsEmulatorsResource;
import dev.webhooks.testing.LocalQueuePoller;
import dev.webhooks.testing.RecordingReceiver;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The local run's path: a producer puts an event on the (ElasticMQ) event queue, the poller that plays Lambda's event
 * source mapping hands it to the dispatcher function, the receiver gets it, and the message leaves the queue.
 */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class LocalQueueTest {

    @Inject
    WebhookConfigRepository configs;

    @Inject
    DeliveryLogRepository log;

    AwsEmulators emulators;

    @Test
    void anEventPutOnTheQueueIsDeliveredAndDeleted() throws Exception {
        String org = newId("org");
        String eventId = newId("evt");
        String queueUrl = emulators.queueUrl(Queues.EVENTS_DEFAULT_NAME);
        try (RecordingReceiver receiver = RecordingReceiver.start(); SqsClient sqs = emulators.sqsClient();
                LocalQueuePoller poller = DispatcherFixtures.pollEventQueue(emulators, sqs)) {
            WebhookConfig config = config(org, "customer_request_created", receiver.url("/queue"), Auth.NONE, null);
            configs.insert(config);

            sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody(eventBridgeEnvelope(eventId,
                    "customer_request_created", sample("customer_request_created", org))));

            Duration patience = Duration.ofSeconds(15);
            assertThat(receiver.awaitReceived(1, patience)).hasSize(1);
            // The receiver answers before the dispatcher records the outcome: wait for the record too.
            assertThat(DispatcherFixtures.awaitRecord(log, config, eventId, record -> record.status().isFinal(),
                    patience).status()).isEqualTo(DeliveryStatus.SUCCEEDED);
            await().atMost(patience).untilAsserted(() -> assertThat(queueDepth(sqs, queueUrl))
                    .as("the delivered message was deleted").isZero());
        }
    }

    private static int queueDepth(SqsClient sqs, String queueUrl) {
        var attributes = sqs.getQueueAttributes(get -> get.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }
}
