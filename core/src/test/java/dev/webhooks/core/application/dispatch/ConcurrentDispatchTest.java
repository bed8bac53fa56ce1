package dev.webhooks.core.application.dispatch;

import static dev.webhooks.core.application.dispatch.DispatchHarness.event;
import static dev.webhooks.core.application.dispatch.ScriptedTransport.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.webhooks.core.config.RetryPolicy;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.OutboundResponse;

/**
 * The deliveries of a batch run concurrently on the delivery pool: every (event, config) pair is still recorded exactly
 * once, without a duplicate request, and the attempts of one pair stay serial.
 */
class ConcurrentDispatchTest {

    /** A transport whose every answer takes a little real time, counting how many requests are in flight at once. */
    private static final class SlowEndpoints implements ScriptedTransport.Answer {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();

        @Override
        public OutboundResponse answer(dev.webhooks.core.delivery.OutboundRequest request, int call) {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            return new OutboundResponse(200, Map.of(), "");
        }
    }

    @Test
    void everyPairOfABatchIsDeliveredOnceWhileDeliveriesOverlap() {
        SlowEndpoints endpoints = new SlowEndpoints();
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(endpoints),
                Map.of("concurrency", "8"));
        List<WebhookConfig> configs = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            int index = k;
            configs.add(harness.config(c -> c.url("https://hooks" + index + ".example.com/in")));
        }
        List<String> events = new ArrayList<>();
        for (int n = 0; n < 10; n++) {
            events.add(event("evt-" + n));
        }

        assertThat(harness.deliver(events.toArray(String[]::new))).isEmpty();

        assertThat(harness.log.all()).hasSize(50).allSatisfy(record -> {
            assertThat(record.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
            assertThat(record.attempts()).isEqualTo(1);
        });
        assertThat(harness.transport.requests()).as("one request per pair").hasSize(50);
        assertThat(endpoints.mostInFlight.get()).as("deliveries overlap, up to the bound").isBetween(2, 8);
    }

    @Test
    void theSameEventTwiceInOneBatchIsDeliveredOnce() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(new SlowEndpoints()),
                Map.of("concurrency", "8"));
        WebhookConfig config = harness.config();

        assertThat(harness.deliver(event("evt-1"), event("evt-1"), event("evt-1"))).isEmpty();

        assertThat(harness.recordOf(config, "evt-1").status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(harness.transport.requests()).as("the pair's attempts ran one after the other").hasSize(1);
    }

    @Test
    void aFailingEndpointOpensItsOwnOrganizationsBreakerOnly() {
        String sharedHost = "https://api.shared-saas.example.com";
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering((request, call) ->
                new OutboundResponse(request.url().endsWith("/broken") ? 503 : 200, Map.of(), "")),
                Map.of("circuitBreakerVolume", "4", "circuitBreakerFailureRatio", "0.5"));
        WebhookConfig broken = harness.config(c -> c.url(sharedHost + "/broken")
                .retryPolicy(new RetryPolicy(false, 1)));
        WebhookConfig otherOrg = harness.config(c -> c.organizationId("org-2").url(sharedHost + "/fine"));

        for (int n = 0; n < 6; n++) {
            harness.deliver(event("evt-" + n));
        }
        harness.deliver(DispatchHarness.event("evt-b", "org-2"));

        assertThat(harness.recordOf(broken, "evt-5").outcome().code()).as("org-1's breaker opened")
                .isEqualTo(FailureCode.Deferred);
        assertThat(harness.recordOf(otherOrg, "evt-b").status()).as("org-2 on the same host is not paused")
                .isEqualTo(DeliveryStatus.SUCCEEDED);
    }

    @Test
    void oneOrganizationsSlowDeliveriesTakeOnlyItsShare() {
        AtomicInteger slowInFlight = new AtomicInteger();
        AtomicInteger mostSlowInFlight = new AtomicInteger();
        java.util.concurrent.CountDownLatch shareFull = new java.util.concurrent.CountDownLatch(4);
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering((request, call) -> {
            if (request.url().contains("slow")) {
                mostSlowInFlight.accumulateAndGet(slowInFlight.incrementAndGet(), Math::max);
                try {
                    // The first four wait for each other (at most 2 s), so the share is reached on any machine.
                    shareFull.countDown();
                    shareFull.await(2, java.util.concurrent.TimeUnit.SECONDS);
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    slowInFlight.decrementAndGet();
                }
            }
            return new OutboundResponse(200, Map.of(), "");
        }), Map.of("concurrency", "8", "perOrganizationConcurrency", "4"));
        harness.config(c -> c.url("https://slow.example.com/in"));
        WebhookConfig quick = harness.config(c -> c.organizationId("org-2").url("https://quick.example.com/in"));
        List<String> batch = new ArrayList<>();
        for (int n = 0; n < 12; n++) {
            batch.add(event("evt-" + n));
        }
        batch.add(DispatchHarness.event("evt-q1", "org-2"));
        batch.add(DispatchHarness.event("evt-q2", "org-2"));

        assertThat(harness.deliver(batch.toArray(String[]::new))).isEmpty();

        assertThat(mostSlowInFlight.get()).as("the slow organization's share").isEqualTo(4);
        List<String> order = harness.transport.requests().stream().map(request -> request.url()).toList();
        assertThat(order.subList(0, 6)).as("the other organization does not wait behind the slow one")
                .filteredOn(url -> url.contains("quick")).hasSize(2);
        assertThat(harness.recordOf(quick, "evt-q2").status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(harness.log.all()).hasSize(14);
    }

    @Test
    void anErrorInOneDeliveryHandsBackOnlyItsMessage() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering((request, call) -> {
            if (request.url().contains("broken")) {
                throw new AssertionError("a bug, not an endpoint failure");
            }
            return new OutboundResponse(200, Map.of(), "");
        }), Map.of("concurrency", "4"));
        harness.config(c -> c.url("https://broken.example.com/in"));
        WebhookConfig fine = harness.config(c -> c.organizationId("org-2").url("https://fine.example.com/in"));

        List<String> handedBack = harness.deliver(event("evt-a"), DispatchHarness.event("evt-b", "org-2"));

        assertThat(handedBack).containsExactly("msg-1");
        assertThat(harness.recordOf(fine, "evt-b").status()).isEqualTo(DeliveryStatus.SUCCEEDED);
    }
}
