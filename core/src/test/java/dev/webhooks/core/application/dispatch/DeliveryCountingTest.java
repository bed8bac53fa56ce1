package dev.webhooks.core.application.dispatch;

import static dev.webhooks.core.application.dispatch.DispatchHarness.event;
import static dev.webhooks.core.application.dispatch.ScriptedTransport.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.delivery.HourlyDeliveries;
import dev.webhooks.core.delivery.OutboundResponse;
import dev.webhooks.core.filter.Filter;

/**
 * The statistics count what the delivery log holds: each delivery once, when it reaches its final status, through
 * every path the dispatcher takes (delivered, skipped, failed after its retries), and once only when SQS hands the
 * same message over twice.
 */
class DeliveryCountingTest {

    @Test
    void everyFinishedDeliveryIsCountedOnceInItsFinalStatus() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering((request, call) ->
                new OutboundResponse(request.url().startsWith("https://failing.") ? 500 : 200, Map.of(), "")));
        WebhookConfig delivered = harness.config();
        WebhookConfig filtered = harness.config(c -> c.filter(new Filter("entity.status", List.of("closed"))));
        WebhookConfig failing = harness.config(c -> c.url("https://failing.example.com/in"));

        harness.deliver(event("evt-1"), event("evt-2"));
        // The same message again, as SQS may hand it over twice: recorded already, so not counted again.
        harness.deliverReceived(Deadline.NONE, 2, event("evt-1"));
        harness.runQueue(Duration.ofDays(1));

        assertThat(harness.recordOf(delivered, "evt-1").status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(harness.recordOf(failing, "evt-1").status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(totals(harness, delivered)).containsExactly(2L, 0L, 0L);
        assertThat(totals(harness, filtered)).containsExactly(0L, 0L, 2L);
        assertThat(totals(harness, failing)).containsExactly(0L, 2L, 0L);
    }

    @Test
    void aRetryIsNotCountedUntilItsDeliveryFinishes() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(200)));
        WebhookConfig config = harness.config();
        harness.transport.first(status(503));

        harness.deliver(event("evt-1"));
        assertThat(totals(harness, config)).as("after a failed first attempt, a retry is due")
                .containsExactly(0L, 0L, 0L);

        harness.runQueue(Duration.ofDays(1));
        assertThat(totals(harness, config)).containsExactly(1L, 0L, 0L);
    }

    /** Succeeded, failed, skipped over the last day. */
    private static long[] totals(DispatchHarness harness, WebhookConfig config) {
        Instant now = harness.clock.instant();
        long[] totals = new long[3];
        for (HourlyDeliveries hour : harness.statistics.hours(config.organizationId(), config.id(),
                now.minus(Duration.ofDays(2)), now)) {
            totals[0] += hour.succeeded();
            totals[1] += hour.failed();
            totals[2] += hour.skipped();
        }
        return totals;
    }
}
