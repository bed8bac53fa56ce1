package dev.webhooks.core.port;

import java.time.Duration;

import dev.webhooks.core.delivery.DirectedEvent;
import dev.webhooks.core.delivery.RetryMessage;

/** The event queue, as the service itself writes to it: scheduled retries and its own operational events. */
public interface EventQueue {

    /** Puts a retry on the queue, invisible for {@code delay} (at most the queue's maximum delay). */
    void scheduleRetry(RetryMessage retry, Duration delay);

    /** Puts an event for one config on the queue (a replay or a test trigger). */
    void direct(DirectedEvent event);

    /** Publishes an event (JSON, in the direct-message shape) for the dispatcher, after {@code delay}. */
    void publish(String eventJson, Duration delay);
}
