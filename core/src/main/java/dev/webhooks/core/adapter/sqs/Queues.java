package dev.webhooks.core.adapter.sqs;

/**
 * The one definition of the queues: their default names, which the local runner and the tests create and which a test
 * holds the SAM template to. Deployed, the functions get queue URLs from the template.
 */
public final class Queues {

    /** Events for the dispatcher, from EventBridge rules or direct producers. */
    public static final String EVENTS_DEFAULT_NAME = "webhooks-events";
    /** What finally failed: deliveries out of retries, and messages that cannot be processed at all. */
    public static final String DEAD_LETTER_DEFAULT_NAME = "webhooks-dead-letter";

    /** Receives before SQS moves a message to the dead-letter queue (AWS advises at least 5). */
    public static final int MAX_RECEIVE_COUNT = 5;
    /** The dispatcher function's timeout, in seconds. */
    public static final int DISPATCHER_TIMEOUT_SECONDS = 60;
    /**
     * The default of the template's {@code DispatcherMaxConcurrency}: the most batches in the dispatcher at once (the
     * event source mapping's {@code MaximumConcurrency}). The local runner's queue poller uses it too.
     */
    public static final int DISPATCHER_MAX_CONCURRENCY_DEFAULT = 20;
    /** At least six times the function timeout, as AWS advises for Lambda event sources. */
    public static final int VISIBILITY_TIMEOUT_SECONDS = 6 * DISPATCHER_TIMEOUT_SECONDS;
    /**
     * The largest event-queue message: 256 KiB. SQS allows larger ones, but the delivery log keeps each event, and the
     * body a transform made of it, in one DynamoDB item of at most 400 KB.
     */
    public static final int MAX_MESSAGE_BYTES = dev.webhooks.core.delivery.InboundEvent.MAX_PAYLOAD_BYTES;
    /** Dead letters are kept the longest SQS allows: 14 days. */
    public static final int DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 60 * 60;

    private Queues() {
    }
}
