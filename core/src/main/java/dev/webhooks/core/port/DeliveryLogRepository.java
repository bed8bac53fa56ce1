package dev.webhooks.core.port;

import java.util.Optional;

import dev.webhooks.core.delivery.DeliveryRecord;

/** The delivery log: one record per (event, config), kept four weeks, readable after the config is deleted. */
public interface DeliveryLogRepository {

    /**
     * Claims the (event, config) pair before sending: writes the in-progress record unless a final one exists. A
     * record left in progress by a crashed attempt is claimed again (at-least-once), keeping its creation time.
     *
     * @return the claimed record as stored, or empty when the pair already has a final outcome (a redelivered
     *         message): then nothing is sent again
     */
    Optional<DeliveryRecord> claim(DeliveryRecord inProgress);

    /** Writes the final (or updated in-progress) record over the claimed one. */
    void save(DeliveryRecord record);

    Optional<DeliveryRecord> find(String organizationId, String configId, String eventId);
}
