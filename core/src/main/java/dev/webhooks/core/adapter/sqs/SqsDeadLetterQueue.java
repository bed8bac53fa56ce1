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
 * ({@code organization_id}, {@code config_id}, {@code reason}, {@code failure_code}) for filtering without parsing.
 *
 * <p>The queue also receives what SQS moves there itself: event-queue messages received too often without being
 * answered. Those carry no {@value #KIND_ATTRIBUTE} attribute; the dispatcher's own letters always do
 * ({@value #DELIVERY} or {@value #UNPROCESSABLE}), so an operator's tool tells the three apart, and a redrive does not
 * send the dispatcher's own letters back into it as if they were events.
 */
@ApplicationScoped
public class SqsDeadLetterQueue implements DeadLetterQueue {

    /** The message attribute that marks the dispatcher's own dead letters, and says which kind. */
    public static final String KIND_ATTRIBUTE = "webhooks_dead_letter";
    /** A delivery that finally failed: its event and config are in the body and the attributes. */
    public static final String DELIVERY = "delivery";
    /** A message the dispatcher could never process; the body holds it as it came. */
    public static final String UNPROCESSABLE = "unprocessable";
    public static final String ORGANIZATION_ATTRIBUTE = "organization_id";
    public static final String CONFIG_ATTRIBUTE = "config_id";
    public static final String FAILURE_CODE_ATTRIBUTE = "failure_code";

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
        if (letter.failureCode() != null) {
            body.put("failure_code", letter.failureCode());
        }
        body.put("attempts", letter.attempts());
        String event = letter.event() == null ? "" : letter.event();
        try {
            body.set("event", mapper.readTree(event));
        } catch (JsonProcessingException | IllegalArgumentException notJson) {
            body.put("event_raw", event);
        }
        Map<String, MessageAttributeValue> attributes = new java.util.HashMap<>();
        attributes.put(KIND_ATTRIBUTE, text(letter.configId() != null ? DELIVERY : UNPROCESSABLE));
        attributes.put("reason", text(letter.reason()));
        if (letter.organizationId() != null) {
            attributes.put(ORGANIZATION_ATTRIBUTE, text(letter.organizationId()));
        }
        if (letter.configId() != null) {
            attributes.put(CONFIG_ATTRIBUTE, text(letter.configId()));
        }
        if (letter.failureCode() != null) {
            attributes.put(FAILURE_CODE_ATTRIBUTE, text(letter.failureCode()));
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
