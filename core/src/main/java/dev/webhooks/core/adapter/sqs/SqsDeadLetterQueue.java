package dev.webhooks.core.adapter.sqs;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.core.delivery.DeadLetter;
import dev.webhooks.core.port.DeadLetterQueue;
import dev.webhooks.core.settings.QueueSettings;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Dead letters as SQS messages: a JSON body with the event and what went wrong, and message attributes
 * ({@code organization_id}, {@code config_id}, {@code reason}) for filtering without parsing.
 */
@ApplicationScoped
public class SqsDeadLetterQueue implements DeadLetterQueue {

    /**
     * SQS refuses bodies over 256 KiB. An event came in under that limit, but the wrapper adds a little: past this
     * size the event is cut, and the letter says so (the full payload stays in the delivery log).
     */
    private static final int MAX_BODY_BYTES = 250_000;

    private final SqsClient sqs;
    private final ObjectMapper mapper;
    private final String queueUrl;

    public SqsDeadLetterQueue(SqsClient sqs, ObjectMapper mapper, QueueSettings queues) {
        this.sqs = sqs;
        this.mapper = mapper;
        this.queueUrl = queues.deadLetterUrl();
    }

    @Override
    public void send(DeadLetter letter) {
        ObjectNode body = mapper.createObjectNode();
        body.put("reason", letter.reason());
        body.put("organization_id", letter.organizationId());
        body.put("event_id", letter.eventId());
        body.put("event_name", letter.eventName());
        body.put("webhook_config_id", letter.configId());
        body.put("last_error", letter.lastError());
        body.put("attempts", letter.attempts());
        String event = letter.event() == null ? "" : letter.event();
        try {
            body.set("event", mapper.readTree(event));
        } catch (JsonProcessingException | IllegalArgumentException notJson) {
            body.put("event_raw", event);
        }
        Map<String, MessageAttributeValue> attributes = new java.util.HashMap<>();
        attributes.put("reason", text(letter.reason()));
        if (letter.organizationId() != null) {
            attributes.put("organization_id", text(letter.organizationId()));
        }
        if (letter.configId() != null) {
            attributes.put("config_id", text(letter.configId()));
        }
        try {
            String json = mapper.writeValueAsString(body);
            if (json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
                body.remove("event");
                body.put("event_raw", event.substring(0, Math.min(event.length(), MAX_BODY_BYTES / 4)));
                body.put("event_truncated", true);
                json = mapper.writeValueAsString(body);
            }
            String message = json;
            sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody(message).messageAttributes(attributes));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize a dead letter", e);
        }
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
