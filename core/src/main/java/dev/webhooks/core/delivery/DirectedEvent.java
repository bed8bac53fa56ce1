package dev.webhooks.core.delivery;

/**
 * An event for exactly one config, put on the queue by the API: a replay of a recorded event, or a test trigger. It
 * takes the dispatcher's normal path (log check, auth, signing, record, retries) except the filter, which it bypasses.
 *
 * @param payloadJson the event to send, or {@code null} to take the payload recorded for {@code sourceEventId}
 * @param sourceEventId where the payload comes from when it is not carried (a replay), else {@code null}
 * @param replayOf the event this one replays, or {@code null}
 */
public record DirectedEvent(String organizationId, String configId, String eventId, String eventName,
        String payloadJson, String sourceEventId, String replayOf) implements QueueContent {

    /** The {@code kind} that marks a directed event on the queue. */
    public static final String KIND = "webhooks.directed";

    /** Every attempt of a directed event keeps being one, with the event it replays. */
    public DeliveryOrigin origin() {
        return DeliveryOrigin.directed(replayOf);
    }

    @Override
    public void routeTo(Routes routes) {
        routes.directed(this);
    }
}
