package dev.webhooks.core.adapter.sqs;

import java.util.List;

/**
 * The one definition of the queues: their default names, which the local runner and the tests create and which a test
 * holds the SAM template to. Deployed, the functions get queue URLs from the template.
 */
public final class Queues {

    /** Events for the dispatcher, from EventBridge rules or direct producers. */
    public static final String EVENTS_DEFAULT_NAME = "webhooks-events";
    /** What finally failed: deliveries out of retries, and messages that cannot be processed at all. */
    public static final String DEAD_LETTER_DEFAULT_NAME = "webhooks-dead-letter";

    private Queues() {
    }

    /** Every queue, in the order they are created (a dead-letter queue before the queue that redrives to it). */
    public static List<String> all() {
        return List.of(DEAD_LETTER_DEFAULT_NAME, EVENTS_DEFAULT_NAME);
    }
}
