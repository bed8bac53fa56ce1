package dev.webhooks.core.application.dispatch;

/**
 * One message of an SQS batch, as the dispatcher needs it.
 *
 * @param receiveCount SQS's {@code ApproximateReceiveCount}: 1 the first time the message is delivered, more after a
 *        hand-back or a crash; 0 when unknown
 */
public record QueueMessage(String messageId, String body, int receiveCount) {

    /**
     * Whether SQS delivers this message for the first time: no attempt it stands for can have been recorded yet, so
     * its first attempts need not read the delivery log before sending.
     */
    public boolean firstReceive() {
        return receiveCount == 1;
    }
}
