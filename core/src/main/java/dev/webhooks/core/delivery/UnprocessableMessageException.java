package dev.webhooks.core.delivery;

/**
 * A queue message that can never be delivered however often it is retried (not JSON, no organization, no event
 * name). It goes to the dead-letter queue with this reason instead of being redelivered.
 */
public class UnprocessableMessageException extends RuntimeException {

    public UnprocessableMessageException(String reason) {
        super(reason, null, false, false);
    }
}
