package dev.webhooks.core.fakes.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.webhooks.core.config.HttpMethod;
import dev.webhooks.core.delivery.DeliveryOutcome;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.HourlyDeliveries;
import dev.webhooks.core.delivery.InboundEvent;
import dev.webhooks.core.delivery.LatencyHistogram;
import dev.webhooks.core.port.DeliveryStatistics;

/**
 * What every {@link DeliveryStatistics} must do, run against the in-memory one (core) and the DynamoDB one
 * (test-support, on dynalite).
 */
public abstract class DeliveryStatisticsContract {

    private static final Instant T0 = Instant.parse("2026-11-30T10:15:00Z");

    protected abstract DeliveryStatistics statistics();

    private final String org = "org-" + UUID.randomUUID();

    private DeliveryRecord start(String configId) {
        InboundEvent event = new InboundEvent("evt-" + UUID.randomUUID(), org, "customer_request_created",
                JsonNodeFactory.instance.objectNode(), "{}");
        return DeliveryRecord.start(event, configId, "https://hooks.example.com/in", HttpMethod.POST, T0);
    }

    private DeliveryRecord delivered(String configId, Duration took) {
        return start(configId).finished(new DeliveryOutcome(200, null, "Delivered", "", null, T0, T0.plus(took)));
    }

    private DeliveryRecord failed(String configId) {
        return start(configId).finished(new DeliveryOutcome(503, FailureCode.HttpError, "HTTP 503", "", null, T0,
                T0.plusMillis(40)));
    }

    @Test
    void finishedDeliveriesAreCountedPerStatusAndHour() {
        statistics().count(delivered("cfg-a", Duration.ofMillis(30)), T0);
        statistics().count(delivered("cfg-a", Duration.ofMillis(700)), T0.plusSeconds(60));
        statistics().count(failed("cfg-a"), T0.plusSeconds(120));
        statistics().count(start("cfg-a").skipped("filter: no match"), T0.plus(Duration.ofHours(1)));

        List<HourlyDeliveries> hours = statistics().hours(org, "cfg-a", Instant.parse("2026-11-30T09:00:00Z"),
                Instant.parse("2026-11-30T12:00:00Z"));

        assertThat(hours).hasSize(2);
        HourlyDeliveries ten = hours.get(0);
        assertThat(ten.hour()).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
        assertThat(ten.succeeded()).isEqualTo(2);
        assertThat(ten.failed()).isEqualTo(1);
        assertThat(ten.skipped()).isZero();
        long[] latency = ten.latencyBuckets();
        assertThat(latency[LatencyHistogram.bucketOf(Duration.ofMillis(30))]).isEqualTo(2);
        assertThat(latency[LatencyHistogram.bucketOf(Duration.ofMillis(700))]).isEqualTo(1);
        HourlyDeliveries eleven = hours.get(1);
        assertThat(eleven.hour()).isEqualTo(Instant.parse("2026-11-30T11:00:00Z"));
        assertThat(eleven.skipped()).isEqualTo(1);
        assertThat(eleven.latencyBuckets()).containsOnly(0L);
    }

    @Test
    void aWindowHoldsOnlyItsHoursAndItsConfig() {
        statistics().count(delivered("cfg-a", Duration.ofMillis(10)), T0);
        statistics().count(delivered("cfg-a", Duration.ofMillis(10)), T0.plus(Duration.ofHours(5)));
        statistics().count(delivered("cfg-b", Duration.ofMillis(10)), T0);

        assertThat(statistics().hours(org, "cfg-a", Instant.parse("2026-11-30T11:00:00Z"),
                Instant.parse("2026-11-30T15:00:00Z"))).extracting(HourlyDeliveries::hour)
                .containsExactly(Instant.parse("2026-11-30T15:00:00Z"));
        assertThat(statistics().hours("org-other", "cfg-a", Instant.parse("2026-11-30T00:00:00Z"),
                Instant.parse("2026-11-30T23:00:00Z"))).isEmpty();
    }
}
