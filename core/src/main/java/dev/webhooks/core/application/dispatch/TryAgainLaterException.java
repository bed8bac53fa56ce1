package dev.webhooks.core.application.dispatch;

/**
 * The message cannot be processed yet and goes back to SQS, to be delivered again after its visibility timeout; not an
 * error. SQS's {@code maxReceiveCount} bounds how often, and then moves it to the dead-letter queue.
 */
public class TryAgainLaterException extends RuntimeException {

    public TryAgainLaterException(String message) {
        super(message, null, false, false);
    }
}
