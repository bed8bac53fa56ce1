package dev.webhooks.core.delivery;

/**
 * What the dead-letter queue receives when a delivery finally failed, or when a message could not be processed at all
 * (then {@code configId} is {@code null} and {@code event} is the raw message body).
 *
 * @param event the event payload (JSON), or the raw message body when it could not be parsed
 * @param lastError the final failure in words, with its code
 * @param attempts how many times the endpoint was called
 * @param failureCode the final failure's {@link FailureCode} name, for a delivery; {@code null} for a message that
 *        could not be processed
 */
public record DeadLetter(String organizationId, String eventId, String eventName, String configId, String event,
        String reason, String lastError, int attempts, String failureCode) {

    public static DeadLetter undeliverable(InboundEvent event, String configId, DeliveryOutcome outcome,
            int attempts) {
        return new DeadLetter(event.organizationId(), event.eventId(), event.eventName(), configId,
                event.payloadJson(), "delivery failed", describe(outcome), attempts,
                outcome.code() == null ? null : outcome.code().name());
    }

    public static DeadLetter unprocessable(String messageId, String body, String reason) {
        return new DeadLetter(null, messageId, null, null, body, "unprocessable message", reason, 0, null);
    }

    /** The final failure in words, with its code and HTTP status. */
    public static String describe(DeliveryOutcome outcome) {
        String status = outcome.statusCode() == null ? "" : " (HTTP " + outcome.statusCode() + ")";
        return outcome.code() + status + ": " + outcome.message();
    }
}
