package dev.webhooks.core.port;

import java.util.List;
import java.util.Optional;

import dev.webhooks.core.delivery.DeliveryRecord;

/** The delivery log: one record per (event, config), kept four weeks, readable after the config is deleted. */
public interface DeliveryLogRepository {

    /**
     * Claims the (event, config) pair before an attempt: succeeds when the record is absent or in progress with
     * exactly {@code attemptsMade} attempts recorded. So the first attempt (0 made) and each scheduled retry (n made)
     * run once, even when their queue message is delivered twice, while an attempt that crashed before it was recorded
     * runs again (at-least-once). The record keeps its first creation time; a replay's {@code replay_of} is written by
     * the claim, so the record says what it is while it is still in progress.
     *
     * @return the claimed record as stored, or empty when that attempt is already recorded or the pair is final
     */
    Optional<DeliveryRecord> claim(DeliveryRecord inProgress, int attemptsMade);

    /**
     * Writes the final (or updated in-progress) record over the claimed one, if the pair is still in progress with the
     * attempts the claim saw. Two workers can claim the same attempt (SQS delivers a message twice, or a retry and a
     * redelivery overlap); the first to record wins and the other's outcome is not written over it.
     *
     * @param claimedAttempts the attempts recorded when the pair was claimed
     * @return {@code false} when another worker recorded the pair first
     */
    boolean save(DeliveryRecord record, int claimedAttempts);

    Optional<DeliveryRecord> find(String organizationId, String configId, String eventId);

    /**
     * The organization's most recent records of one event across all its configs, newest first, one per event id
     * (an event delivered to three configs has three records; the newest is kept). For the filter test over history.
     *
     * @param limit the most distinct events to return; fewer when the history is shorter
     */
    List<DeliveryRecord> recentByEvent(String organizationId, String eventName, int limit);
}
