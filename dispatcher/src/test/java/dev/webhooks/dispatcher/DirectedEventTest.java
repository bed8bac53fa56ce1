package dev.webhooks.dispatcher;

import static dev.webhooks.dispatcher.DispatcherFixtures.config;
import static dev.webhooks.testing.SampleEvents.eventBridgeEnvelope;
import static dev.webhooks.dispatcher.DispatcherFixtures.invoke;
import static dev.webhooks.dispatcher.DispatcherFixtures.newId;
import static dev.webhooks.testing.SampleEvents.sample;
import static dev.webhooks.dispatcher.DispatcherFixtures.sqsBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.filter.Filter;
import dev.webhooks.core.port.DeliveryLogRepository;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.testing.AwsEmulatorsResource;
import dev.webhooks.testing.RecordingReceiver.Reply;
import dev.webhooks.testing.RecordingReceiver;

/**
 * Replays and async test triggers as the API queues them ({@code kind: webhooks.directed}): delivered to their one
 * config through the normal path (claim, auth, signing, log), past the filter, as new records linked to the original.
 */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class DirectedEventTest {

    private static final String EVENT = "customer_request_created";

    @Inject
    WebhookConfigRepository configs;

    @Inject
    DeliveryLogRepository log;

    private final RecordingReceiver receiver = RecordingReceiver.start();
    private final String org = newId("org");

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void aReplaySendsTheRecordedPayloadAgainAsANewLinkedEvent() throws Exception {
        receiver.thenReply(Reply.status(500)).byDefault(Reply.status(200));
        WebhookConfig config = config(org, EVENT, receiver.url("/replayed"), Auth.NONE, null);
        configs.insert(config);
        String originalId = newId("evt");
        ObjectNode event = sample(EVENT, org);
        invoke(sqsBatch(List.of(eventBridgeEnvelope(originalId, EVENT, event))));
        assertThat(log.find(org, config.id(), originalId).orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);

        String replay = """
                {"kind": "webhooks.directed", "organization_id": "%s", "webhook_config_id": "%s",
                 "event_id": "rpl_1", "event_name": "%s", "source_event_id": "%s", "replay_of": "%s"}
                """.formatted(org, config.id(), EVENT, originalId, originalId);
        invoke(sqsBatch(List.of(replay))).body("batchItemFailures", empty());

        assertThat(receiver.received()).hasSize(2);
        assertThat(DispatcherFixtures.MAPPER.readTree(receiver.received().get(1).body())).isEqualTo(event);
        assertThat(receiver.received().get(1).header("webhook-id"))
                .isNotEqualTo(receiver.received().get(0).header("webhook-id"));
        DeliveryRecord replayed = log.find(org, config.id(), "rpl_1").orElseThrow();
        assertThat(replayed.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(replayed.replayOf()).isEqualTo(originalId);
        assertThat(log.find(org, config.id(), originalId).orElseThrow().status())
                .as("the original record is left as it was").isEqualTo(DeliveryStatus.FAILED);
    }

    @Test
    void aTriggeredEventBypassesTheFilter() {
        WebhookConfig config = config(org, EVENT, receiver.url("/triggered"), Auth.NONE,
                new Filter("customer_request.request_items.product_category", List.of("nothing-matches")));
        configs.insert(config);
        String trigger = """
                {"kind": "webhooks.directed", "organization_id": "%s", "webhook_config_id": "%s",
                 "event_id": "trg_1", "event_name": "%s", "payload": {"metadata": {"organization_id": "%s"}}}
                """.formatted(org, config.id(), EVENT, org);

        invoke(sqsBatch(List.of(trigger, trigger))).body("batchItemFailures", empty());

        assertThat(receiver.received()).as("once, though the message came twice").hasSize(1);
        assertThat(log.find(org, config.id(), "trg_1").orElseThrow().status()).isEqualTo(DeliveryStatus.SUCCEEDED);
    }

}
