package dev.webhooks.core.delivery;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;

/**
 * One config's finished deliveries in one hour: how many ended in each final status, and how long the sent ones took
 * ({@link LatencyHistogram} buckets).
 *
 * @param hour the start of the hour (UTC)
 */
public record HourlyDeliveries(Instant hour, long succeeded, long failed, long skipped, long[] latencyBuckets) {

    public HourlyDeliveries {
        Objects.requireNonNull(hour);
        latencyBuckets = latencyBuckets == null ? new long[LatencyHistogram.BUCKETS]
                : Arrays.copyOf(latencyBuckets, LatencyHistogram.BUCKETS);
    }

    /** An hour without deliveries. */
    public static HourlyDeliveries none(Instant hour) {
        return new HourlyDeliveries(hour, 0, 0, 0, null);
    }

    /** The start of the hour {@code time} falls in. */
    public static Instant hourOf(Instant time) {
        return time.truncatedTo(ChronoUnit.HOURS);
    }

    @Override
    public long[] latencyBuckets() {
        return latencyBuckets.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HourlyDeliveries that && hour.equals(that.hour) && succeeded == that.succeeded
                && failed == that.failed && skipped == that.skipped
                && Arrays.equals(latencyBuckets, that.latencyBuckets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hour, succeeded, failed, skipped, Arrays.hashCode(latencyBuckets));
    }

    @Override
    public String toString() {
        return "HourlyDeliveries[" + hour + ": " + succeeded + " succeeded, " + failed + " failed, " + skipped
                + " skipped, latency " + Arrays.toString(latencyBuckets) + "]";
    }
}
