package dev.webhooks.core.port;

import java.util.List;
import java.util.Optional;

import dev.webhooks.core.delivery.DeliveryRecord;

/** The delivery log: one record per (event, config), kept four weeks, readable after the config is deleted. */
public interface DeliveryLogRepository {

    /**
     * Writes the record of the (event, config) pair if the pair is still in progress with exactly {@code attemptsSeen}
     * attempts recorded, what the attempt writing it saw when it {@linkplain #find read} the pair, or, for
     * {@code attemptsSeen} 0 only, if the pair is absent. Two workers can run the same attempt (SQS delivers a message twice, or a retry and a
     * redelivery overlap); the first to record wins and the other's outcome is not written over it. One conditional
     * write per attempt: no claim is written before the send.
     *
     * @return {@code false} when the pair was recorded meanwhile
     */
    boolean save(DeliveryRecord record, int attemptsSeen);

    /** The pair's record, read consistently (a write that succeeded is seen). */
    Optional<DeliveryRecord> find(String organizationId, String configId, String eventId);

    /**
     * The organization's most recent records of one event across all its configs, newest first, one per event id
     * (an event delivered to three configs has three records; the newest is kept). For the filter test over history.
     *
     * @param limit the most distinct events to return; fewer when the history is shorter
     */
    List<DeliveryRecord> recentByEvent(String organizationId, String eventName, int limit);
}
