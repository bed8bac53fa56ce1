package dev.webhooks.core.delivery;

/**
 * What an event-queue message carries: an event from a producer, one of the service's own scheduled retries, or an
 * event the API directs at one config (replay, test trigger).
 *
 * <p>{@link #routeTo} sends each kind to its own method of a {@link Routes}: a new kind of message does not compile
 * until every consumer handles it (the Java 17 form of an exhaustive pattern {@code switch}).
 */
public sealed interface QueueContent permits InboundEvent, RetryMessage, DirectedEvent {

    void routeTo(Routes routes);

    /** One method per kind of message. */
    interface Routes {

        /** A producer's event: delivered to every enabled config of its organization and event. */
        void event(InboundEvent event);

        /** A scheduled attempt of one (event, config) pair: a retry, or an attempt a rate limit postponed. */
        void retry(RetryMessage retry);

        /** A replay or a test trigger, for exactly one config. */
        void directed(DirectedEvent directed);
    }
}
