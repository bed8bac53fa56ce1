package dev.webhooks.core.adapter.sqs;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.core.delivery.DirectedEvent;
import dev.webhooks.core.delivery.RetryMessage;
import dev.webhooks.core.port.EventQueue;
import dev.webhooks.core.settings.QueueSettings;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The event queue in SQS. Delays use {@code DelaySeconds}, which SQS caps at 15 minutes. */
@ApplicationScoped
public class SqsEventQueue implements EventQueue {

    private static final int MAX_DELAY_SECONDS = 900;

    private final SqsClient sqs;
    private final ObjectMapper mapper;
    private final String queueUrl;

    public SqsEventQueue(SqsClient sqs, ObjectMapper mapper, QueueSettings queues) {
        this.sqs = sqs;
        this.mapper = mapper;
        this.queueUrl = queues.eventsUrl();
    }

    @Override
    public void scheduleRetry(RetryMessage retry, Duration delay) {
        ObjectNode body = mapper.createObjectNode();
        body.put("kind", RetryMessage.KIND);
        body.put("organization_id", retry.organizationId());
        body.put("webhook_config_id", retry.configId());
        body.put("event_id", retry.eventId());
        body.put("attempt", retry.attempt());
        body.put("due_at", retry.dueAt().toString());
        publish(body.toString(), delay);
    }

    @Override
    public void direct(DirectedEvent event) {
        ObjectNode body = mapper.createObjectNode();
        body.put("kind", DirectedEvent.KIND);
        body.put("organization_id", event.organizationId());
        body.put("webhook_config_id", event.configId());
        body.put("event_id", event.eventId());
        body.put("event_name", event.eventName());
        if (event.payloadJson() != null) {
            try {
                body.set("payload", mapper.readTree(event.payloadJson()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("Directed event payload is not JSON", e);
            }
        }
        if (event.sourceEventId() != null) {
            body.put("source_event_id", event.sourceEventId());
        }
        if (event.replayOf() != null) {
            body.put("replay_of", event.replayOf());
        }
        publish(body.toString(), Duration.ZERO);
    }

    @Override
    public void publish(String eventJson, Duration delay) {
        int seconds = (int) Math.max(0, Math.min(MAX_DELAY_SECONDS, (delay.toMillis() + 999) / 1000));
        sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody(eventJson).delaySeconds(seconds));
    }
}
