package dev.webhooks.core.port;

import java.time.Instant;
import java.util.List;

import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.HourlyDeliveries;

/**
 * Counters of finished deliveries per config and hour, kept as deliveries finish, so that statistics are read from a
 * few small aggregates and never by scanning the delivery log.
 */
public interface DeliveryStatistics {

    /**
     * Counts one delivery that has just reached a final status (succeeded, failed, skipped) at {@code finishedAt}: one
     * write. A sent one also counts its last attempt's latency.
     */
    void count(DeliveryRecord finished, Instant finishedAt);

    /** The config's hours from {@code fromHour} to {@code toHour} (both included) that have deliveries, in order. */
    List<HourlyDeliveries> hours(String organizationId, String configId, Instant fromHour, Instant toHour);
}
