package dev.webhooks.operations;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.webhooks.core.adapter.sqs.SqsDeadLetterQueue;
import dev.webhooks.core.delivery.DirectedEvent;
import dev.webhooks.core.delivery.InboundEvent;
import dev.webhooks.core.delivery.InboundEventParser;
import dev.webhooks.core.delivery.QueueContent;
import dev.webhooks.core.delivery.RetryMessage;
import dev.webhooks.core.delivery.UnprocessableMessageException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * One message on the dead-letter queue, as an operator sees it: which kind it is, whose, and why it is there.
 *
 * @param organizationId whose event it is, when that can be told
 * @param configId which config it was for (a delivery, a retry or a replay); {@code null} for a producer's event
 * @param reason why it is here, in a few words (for a delivery, the final failure's code)
 */
record Letter(Message message, Kind kind, String organizationId, String configId, String eventId,
        String eventName, String reason) {

    /** What the message is, which decides what a redrive does with it. */
    enum Kind {
        /** The dispatcher's letter for a delivery out of retries: redriven as a replay of the event to its config. */
        DELIVERY("delivery"),
        /**
         * The dispatcher's letter for a message it could never process, or a moved message that is no event: kept,
         * for a person to look at (and discard).
         */
        UNPROCESSABLE("unprocessable"),
        /** An event-queue message SQS moved here after too many receives: redriven onto the event queue as it is. */
        RAW("raw");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }

        static Kind of(String label) {
            for (Kind kind : values()) {
                if (kind.label.equals(label)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown kind " + label + ": one of delivery, unprocessable, raw");
        }
    }

    String messageId() {
        return message.messageId();
    }

    /** Reads a received message: the dispatcher's letters by their attributes and body, SQS's moves by their body. */
    static Letter of(Message message, ObjectMapper mapper) {
        Map<String, MessageAttributeValue> attributes = message.messageAttributes();
        String kind = attribute(attributes, SqsDeadLetterQueue.KIND_ATTRIBUTE);
        if (kind == null) {
            // A letter the dispatcher wrote before letters had a kind says what it is in its reason.
            String reason = attribute(attributes, "reason");
            kind = "delivery failed".equals(reason) ? SqsDeadLetterQueue.DELIVERY
                    : "unprocessable message".equals(reason) ? SqsDeadLetterQueue.UNPROCESSABLE : null;
        }
        if (kind == null) {
            return raw(message, mapper);
        }
        JsonNode body = json(message.body(), mapper);
        if (SqsDeadLetterQueue.DELIVERY.equals(kind)) {
            String code = text(body, "failure_code");
            return new Letter(message, Kind.DELIVERY, text(body, "organization_id"),
                    text(body, "webhook_config_id"), text(body, "event_id"), text(body, "event_name"),
                    code != null ? code : firstWord(text(body, "last_error")));
        }
        return new Letter(message, Kind.UNPROCESSABLE, null, null, text(body, "event_id"), null,
                cut(text(body, "last_error")));
    }

    /** A message SQS moved: the body is an event-queue message, read as the dispatcher reads one. */
    private static Letter raw(Message message, ObjectMapper mapper) {
        String reason = "moved by SQS after too many receives";
        try {
            QueueContent content = new InboundEventParser(mapper).read(message.body(), message.messageId());
            if (content instanceof InboundEvent event) {
                return new Letter(message, Kind.RAW, event.organizationId(), null, event.eventId(),
                        event.eventName(), reason);
            }
            if (content instanceof RetryMessage retry) {
                return new Letter(message, Kind.RAW, retry.organizationId(), retry.configId(), retry.eventId(),
                        null, reason + " (a scheduled retry)");
            }
            if (content instanceof DirectedEvent directed) {
                return new Letter(message, Kind.RAW, directed.organizationId(), directed.configId(),
                        directed.eventId(), directed.eventName(), reason + " (a replay or trigger)");
            }
        } catch (UnprocessableMessageException unreadable) {
            // Not an event the dispatcher could read: sent back, it would come here again. Kept, like the
            // dispatcher's own unprocessable letters.
            return new Letter(message, Kind.UNPROCESSABLE, null, null, null, null,
                    reason + "; not an event: " + cut(unreadable.getMessage()));
        }
        return new Letter(message, Kind.RAW, null, null, null, null, reason);
    }

    private static String attribute(Map<String, MessageAttributeValue> attributes, String name) {
        MessageAttributeValue value = attributes == null ? null : attributes.get(name);
        return value == null ? null : value.stringValue();
    }

    private static JsonNode json(String body, ObjectMapper mapper) {
        try {
            return mapper.readTree(body);
        } catch (java.io.IOException notJson) {
            return mapper.createObjectNode();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** {@code HttpError (HTTP 503): ...} names its code first (letters from before the code had an attribute). */
    private static String firstWord(String lastError) {
        if (lastError == null || lastError.isBlank()) {
            return "unknown";
        }
        int end = lastError.indexOf(' ');
        String word = end < 0 ? lastError : lastError.substring(0, end);
        return word.endsWith(":") ? word.substring(0, word.length() - 1) : word;
    }

    private static String cut(String text) {
        if (text == null) {
            return "unknown";
        }
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
