package dev.webhooks.core.delivery;

import java.time.Duration;

/**
 * Delivery latency in a few fixed buckets, so that per-hour counters can be added up and percentiles read from the
 * sum. A percentile is reported as its bucket's upper bound: an estimate that never understates.
 */
public final class LatencyHistogram {

    /** Upper bounds of the buckets, in milliseconds; the last bucket holds everything slower. */
    public static final long[] UPPER_BOUNDS_MILLIS = { 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000 };
    public static final int BUCKETS = UPPER_BOUNDS_MILLIS.length + 1;

    private LatencyHistogram() {
    }

    /**
     * The bucket of a finished delivery's last attempt, if it was sent (a skipped one, or one without timings, has
     * none).
     */
    public static java.util.OptionalInt bucketOf(DeliveryRecord finished) {
        DeliveryOutcome outcome = finished.outcome();
        return finished.status() == DeliveryStatus.SKIPPED || outcome == null || outcome.startedAt() == null
                || outcome.endedAt() == null ? java.util.OptionalInt.empty()
                        : java.util.OptionalInt.of(bucketOf(outcome.duration()));
    }

    /** The bucket a latency falls in. */
    public static int bucketOf(Duration latency) {
        long millis = Math.max(0, latency.toMillis());
        for (int bucket = 0; bucket < UPPER_BOUNDS_MILLIS.length; bucket++) {
            if (millis <= UPPER_BOUNDS_MILLIS[bucket]) {
                return bucket;
            }
        }
        return UPPER_BOUNDS_MILLIS.length;
    }

    /**
     * The upper bound of the bucket holding the {@code percentile}th latency (0 &lt; percentile &le; 100), in
     * milliseconds; null without any latency. The open last bucket reports its lower bound.
     */
    public static Long percentileMillis(long[] counts, double percentile) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        if (total == 0) {
            return null;
        }
        long rank = (long) Math.ceil(total * percentile / 100.0);
        long seen = 0;
        for (int bucket = 0; bucket < counts.length; bucket++) {
            seen += counts[bucket];
            if (seen >= rank) {
                return UPPER_BOUNDS_MILLIS[Math.min(bucket, UPPER_BOUNDS_MILLIS.length - 1)];
            }
        }
        return UPPER_BOUNDS_MILLIS[UPPER_BOUNDS_MILLIS.length - 1];
    }
}
