package dev.webhooks.core.fakes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.delivery.HourlyDeliveries;
import dev.webhooks.core.delivery.LatencyHistogram;
import dev.webhooks.core.port.DeliveryStatistics;

/** Per-hour counters in memory, by the same rule as the DynamoDB adapter. */
public final class InMemoryDeliveryStatistics implements DeliveryStatistics {

    private final Map<String, HourlyDeliveries> hours = new TreeMap<>();
    private RuntimeException failure;

    /** Makes every further count fail with {@code failure} (null: count again). */
    public synchronized void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    @Override
    public synchronized void count(DeliveryRecord finished, Instant finishedAt) {
        if (failure != null) {
            throw failure;
        }
        if (finished.status() == DeliveryStatus.IN_PROGRESS) {
            throw new IllegalArgumentException("a delivery in progress has not finished");
        }
        Instant hour = HourlyDeliveries.hourOf(finishedAt);
        String key = key(finished.organizationId(), finished.configId(), hour);
        HourlyDeliveries before = hours.getOrDefault(key, HourlyDeliveries.none(hour));
        long[] latency = before.latencyBuckets();
        LatencyHistogram.bucketOf(finished).ifPresent(bucket -> latency[bucket]++);
        hours.put(key, new HourlyDeliveries(hour,
                before.succeeded() + (finished.status() == DeliveryStatus.SUCCEEDED ? 1 : 0),
                before.failed() + (finished.status() == DeliveryStatus.FAILED ? 1 : 0),
                before.skipped() + (finished.status() == DeliveryStatus.SKIPPED ? 1 : 0), latency));
    }

    @Override
    public synchronized List<HourlyDeliveries> hours(String organizationId, String configId, Instant fromHour,
            Instant toHour) {
        List<HourlyDeliveries> found = new ArrayList<>();
        hours.forEach((key, hour) -> {
            if (key.startsWith(organizationId + "#" + configId + "#") && !hour.hour().isBefore(fromHour)
                    && !hour.hour().isAfter(toHour)) {
                found.add(hour);
            }
        });
        return found;
    }

    private static String key(String organizationId, String configId, Instant hour) {
        return organizationId + "#" + configId + "#" + hour;
    }
}
