package dev.webhooks.core.application.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.delivery.HourlyDeliveries;
import dev.webhooks.core.delivery.LatencyHistogram;
import dev.webhooks.core.error.NotFoundException;
import dev.webhooks.core.error.ValidationException;
import dev.webhooks.core.port.DeliveryStatistics;
import dev.webhooks.core.port.WebhookConfigRepository;

/**
 * A config's delivery statistics over the last 24 hours or 7 days: counts per final status for every hour (zero where
 * nothing finished), their totals, and the median and 95th-percentile latency of the sent deliveries. Read from the
 * per-hour counters only. Like the history, it stays readable after the config is deleted; a config that neither
 * exists nor has deliveries in the window answers 404, and so does another organization's (the organization is part
 * of every key).
 */
@ApplicationScoped
public class DeliveryStatisticsService {

    /** The windows served, by their name in the query string. */
    public enum Window {
        LAST_24_HOURS("24h", 24), LAST_7_DAYS("7d", 24 * 7);

        private final String wireName;
        private final int hours;

        Window(String wireName, int hours) {
            this.wireName = wireName;
            this.hours = hours;
        }

        public String wireName() {
            return wireName;
        }

        static Window of(String name) {
            for (Window window : values()) {
                if (window.wireName.equals(name)) {
                    return window;
                }
            }
            throw new ValidationException("window", "must be one of 24h, 7d");
        }
    }

    /**
     * @param from the first hour's start
     * @param to the end of the last hour (the current one)
     * @param hours one entry per hour of the window, oldest first
     * @param p50Millis median latency of the sent deliveries (a bucket's upper bound), null without any
     * @param p95Millis 95th percentile, likewise
     */
    public record Summary(Window window, Instant from, Instant to, List<HourlyDeliveries> hours, long succeeded,
            long failed, long skipped, Long p50Millis, Long p95Millis) {
    }

    private final DeliveryStatistics statistics;
    private final WebhookConfigRepository configs;
    private final Clock clock;

    public DeliveryStatisticsService(DeliveryStatistics statistics, WebhookConfigRepository configs, Clock clock) {
        this.statistics = statistics;
        this.configs = configs;
        this.clock = clock;
    }

    /** @param window {@code 24h} or {@code 7d} (null: 24h) */
    public Summary summary(String organizationId, String configId, String window) {
        if (!ConfigIds.isWellFormed(configId)) {
            throw NotFoundException.config(configId);
        }
        Window chosen = window == null || window.isBlank() ? Window.LAST_24_HOURS : Window.of(window);
        Instant lastHour = HourlyDeliveries.hourOf(clock.instant());
        Instant firstHour = lastHour.minus(Duration.ofHours(chosen.hours - 1L));
        Map<Instant, HourlyDeliveries> found = new HashMap<>();
        statistics.hours(organizationId, configId, firstHour, lastHour).forEach(hour -> found.put(hour.hour(), hour));
        List<HourlyDeliveries> hours = new ArrayList<>(chosen.hours);
        long succeeded = 0;
        long failed = 0;
        long skipped = 0;
        long[] latency = new long[LatencyHistogram.BUCKETS];
        for (int i = 0; i < chosen.hours; i++) {
            Instant start = firstHour.plus(Duration.ofHours(i));
            HourlyDeliveries hour = found.getOrDefault(start, HourlyDeliveries.none(start));
            hours.add(hour);
            succeeded += hour.succeeded();
            failed += hour.failed();
            skipped += hour.skipped();
            long[] buckets = hour.latencyBuckets();
            for (int bucket = 0; bucket < latency.length; bucket++) {
                latency[bucket] += buckets[bucket];
            }
        }
        if (found.isEmpty() && configs.find(organizationId, configId).isEmpty()) {
            throw NotFoundException.config(configId);
        }
        return new Summary(chosen, firstHour, lastHour.plus(Duration.ofHours(1)), hours, succeeded, failed, skipped,
                LatencyHistogram.percentileMillis(latency, 50), LatencyHistogram.percentileMillis(latency, 95));
    }
}
