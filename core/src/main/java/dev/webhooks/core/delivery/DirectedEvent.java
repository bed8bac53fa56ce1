package dev.webhooks.core.delivery;

/**
 * An event for exactly one config, put on the queue by the API: a replay of a recorded event, or a test trigger. It
 * takes the dispatcher's normal path (log check, auth, signing, record, retries) except the filter, which it bypasses.
 *
 * @param payloadJson the event to send, or {@code null} to take the payload recorded for {@code sourceEventId}
 * @param sourceEventId where the payload comes from when it is not carried (a replay), else {@code null}
 * @param replayOf the event this one replays, or {@code null}
 * @param reapplyTransform for a replay: apply the config's current transform to the replayed event's original
 *        payload; otherwise re-send the body the replayed event sent. A trigger's payload is always transformed
 */
public record DirectedEvent(String organizationId, String configId, String eventId, String eventName,
        String payloadJson, String sourceEventId, String replayOf, boolean reapplyTransform) implements QueueContent {

    /** The {@code kind} that marks a directed event on the queue. */
    public static final String KIND = "webhooks.directed";

    /** A test trigger: the caller's payload, sent as a delivery of it would be. */
    public static DirectedEvent trigger(String organizationId, String configId, String eventId, String eventName,
            String payloadJson) {
        return new DirectedEvent(organizationId, configId, eventId, eventName, payloadJson, null, null, true);
    }

    /** A replay of {@code sourceEventId}, recorded for the same config, as the new event {@code eventId}. */
    public static DirectedEvent replay(String organizationId, String configId, String eventId, String eventName,
            String sourceEventId, boolean reapplyTransform) {
        return new DirectedEvent(organizationId, configId, eventId, eventName, null, sourceEventId, sourceEventId,
                reapplyTransform);
    }

    /** Every attempt of a directed event keeps being one, with the event it replays. */
    public DeliveryOrigin origin() {
        return DeliveryOrigin.directed(replayOf);
    }

    @Override
    public void routeTo(Routes routes) {
        routes.directed(this);
    }
}
