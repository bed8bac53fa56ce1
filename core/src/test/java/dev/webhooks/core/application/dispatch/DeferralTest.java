package dev.webhooks.core.application.dispatch;

import static dev.webhooks.core.application.dispatch.DispatchHarness.ORG;
import static dev.webhooks.core.application.dispatch.DispatchHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import dev.webhooks.core.config.Origins;
import dev.webhooks.core.config.RetryPolicy;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.OutboundResponse;
import dev.webhooks.core.delivery.RetryMessage;
import dev.webhooks.core.fakes.Faults.FaultPoint;
import dev.webhooks.core.port.SendLeases;

/**
 * Deliveries to an endpoint that is paused (its circuit is open) or slow are deferred through the queue: not an
 * attempt, no retry spent, no failure counted against the endpoint's health, and the record says until when.
 */
class DeferralTest {

    /** An endpoint that answers 503 while {@code down}, behind a breaker that opens after two failures for 200 ms. */
    private static DispatchHarness breakerOpensAfterTwoFailures(AtomicBoolean down) {
        return new DispatchHarness(ScriptedTransport.answering((request, call) ->
                new OutboundResponse(down.get() ? 503 : 200, Map.of(), "")),
                Map.of("circuitBreakerVolume", "2", "circuitBreakerFailureRatio", "0.5",
                        "circuitBreakerDelay", "200ms"));
    }

    @Test
    void anOpenCircuitDefersTheDeliveryWithoutSpendingAnAttemptAndItIsDeliveredLater() throws InterruptedException {
        AtomicBoolean down = new AtomicBoolean(true);
        DispatchHarness harness = breakerOpensAfterTwoFailures(down);
        WebhookConfig config = harness.config(c -> c.retryPolicy(new RetryPolicy(true, 5)));
        harness.deliver(event("evt-0"));
        harness.deliver(event("evt-1"));
        Instant failingSince = harness.stored(config).failingSince();

        harness.deliver(event("evt-2"));

        DeliveryRecord deferred = harness.recordOf(config, "evt-2");
        assertThat(deferred.status()).isEqualTo(DeliveryStatus.IN_PROGRESS);
        assertThat(deferred.attempts()).as("no attempt was spent").isZero();
        assertThat(deferred.outcome().code()).isEqualTo(FailureCode.Deferred);
        assertThat(deferred.outcome().message()).contains("circuit").contains("open");
        assertThat(deferred.nextAttemptAt()).isEqualTo(harness.clock.instant().plusMillis(200));
        assertThat(harness.transport.requests()).as("the paused endpoint was not called").hasSize(2);
        assertThat(harness.queued(RetryMessage.KIND)).filteredOn(retry -> retry.path("event_id").asText()
                .equals("evt-2")).singleElement()
                .satisfies(retry -> assertThat(retry.path("attempt").asInt()).isZero());
        assertThat(harness.stored(config).failingSince()).as("a deferral is no failure").isEqualTo(failingSince);

        // The endpoint recovers; the breaker lets a call through after its delay, and the deferred delivery is made.
        // SmallRye's breaker keeps its delay on the system clock, not the test's: this wait is real.
        down.set(false);
        Thread.sleep(300);
        harness.runQueue(Duration.ofMinutes(1));
        DeliveryRecord delivered = harness.recordOf(config, "evt-2");
        assertThat(delivered.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(delivered.attempts()).isEqualTo(1);
    }

    @Test
    void aSlowEndpointGetsOneDeliveryAtATimeAndTheOthersWaitInTheQueue() {
        DispatchHarness[] holder = new DispatchHarness[1];
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering((request, call) -> {
            // Every answer takes 8 s by the clock. From the second on, an answer is held until the other delivery
            // of the batch has found this one in flight and was deferred (at most 5 s), however late it starts.
            holder[0].clock.advance(Duration.ofSeconds(8));
            long giveUp = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (call > 1 && System.nanoTime() < giveUp && holder[0].log.all().stream()
                    .noneMatch(record -> record.outcome() != null && record.outcome().code() == FailureCode.Deferred)) {
                Thread.onSpinWait();
            }
            return new OutboundResponse(200, Map.of(), "");
        }), Map.of("concurrency", "4", "sendTimeout", "20s", "totalTimeout", "15s", "slowEndpointConcurrency", "1"));
        holder[0] = harness;
        WebhookConfig config = harness.config();
        harness.deliver(event("evt-0"));

        harness.deliver(event("evt-1"), event("evt-2"));

        assertThat(harness.transport.requests()).as("one delivery at a time to the slow endpoint").hasSize(2);
        long deferred = harness.log.all().stream().filter(record -> record.status() == DeliveryStatus.IN_PROGRESS
                && record.outcome().code() == FailureCode.Deferred).count();
        assertThat(deferred).isEqualTo(1);

        harness.runQueue(Duration.ofMinutes(5));
        assertThat(harness.log.all()).hasSize(3).allSatisfy(record -> assertThat(record.status())
                .isEqualTo(DeliveryStatus.SUCCEEDED));
        assertThat(harness.recordOf(config, "evt-2").attempts()).isEqualTo(1);
    }

    /** An endpoint whose every answer takes 8 s by the clock: slow, once the first answer is in. */
    private static DispatchHarness endpointKnownToBeSlow() {
        DispatchHarness[] holder = new DispatchHarness[1];
        holder[0] = new DispatchHarness(ScriptedTransport.answering((request, call) -> {
            holder[0].clock.advance(Duration.ofSeconds(8));
            return new OutboundResponse(200, Map.of(), "");
        }), Map.of("sendTimeout", "20s", "totalTimeout", "15s"));
        return holder[0];
    }

    /** The leases are the fleet's: sends of other function instances count, and a lease that ends frees a slot. */
    @Test
    void aSlowEndpointWhoseLeasesOtherInstancesHoldIsDeferredWithoutACall() {
        DispatchHarness harness = endpointKnownToBeSlow();
        WebhookConfig config = harness.config();
        harness.deliver(event("evt-0"));
        String endpoint = Origins.of(config.url());
        Instant now = harness.clock.instant();
        List<SendLeases.Lease> heldElsewhere = List.of(
                harness.leases.acquire(ORG, endpoint, 2, now, now.plusSeconds(3600)).orElseThrow(),
                harness.leases.acquire(ORG, endpoint, 2, now, now.plusSeconds(3600)).orElseThrow());

        harness.deliver(event("evt-1"));

        assertThat(harness.transport.requests()).as("no call while both leases are held").hasSize(1);
        DeliveryRecord deferred = harness.recordOf(config, "evt-1");
        assertThat(deferred.outcome().code()).isEqualTo(FailureCode.Deferred);
        assertThat(deferred.outcome().message()).contains("slow").contains("2 deliveries in flight");
        assertThat(deferred.attempts()).isZero();

        // Still paused ten minutes on: the delivery comes back ever more rarely (half the time it has waited).
        harness.clock.advance(Duration.ofMinutes(10));
        harness.runQueue(Duration.ZERO);
        DeliveryRecord deferredAgain = harness.recordOf(config, "evt-1");
        assertThat(deferredAgain.outcome().code()).isEqualTo(FailureCode.Deferred);
        assertThat(Duration.between(harness.clock.instant(), deferredAgain.nextAttemptAt()))
                .isBetween(Duration.ofMinutes(4), Duration.ofMinutes(6));
        assertThat(harness.transport.requests()).hasSize(1);

        heldElsewhere.forEach(harness.leases::release);
        harness.runQueue(Duration.ofMinutes(10));
        assertThat(harness.recordOf(config, "evt-1").status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(harness.recordOf(config, "evt-1").attempts()).isEqualTo(1);
    }

    @Test
    void aLeaseThatCannotBeGivenBackLeavesTheSendsOutcomeAsItIs() {
        DispatchHarness harness = endpointKnownToBeSlow();
        WebhookConfig config = harness.config();
        harness.deliver(event("evt-0"));
        harness.faults.failNext(FaultPoint.SEND_LEASE_RELEASE);

        assertThat(harness.deliver(event("evt-1"))).as("nothing handed back").isEmpty();

        assertThat(harness.faults.reached(FaultPoint.SEND_LEASE_RELEASE)).isEqualTo(1);
        assertThat(harness.recordOf(config, "evt-1").status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(harness.transport.requests()).hasSize(2);
    }

    @Test
    void aDeferredDeliveryGivesUpItsRateLimitSlotAndReservesAnotherWhenItComesBack() throws InterruptedException {
        AtomicBoolean down = new AtomicBoolean(true);
        DispatchHarness harness = breakerOpensAfterTwoFailures(down);
        WebhookConfig config = harness.config(c -> c.rateLimitPerSecond(100).retryPolicy(new RetryPolicy(true, 5)));
        harness.deliver(event("evt-0"));
        harness.deliver(event("evt-1"));

        harness.deliver(event("evt-2"));

        assertThat(harness.recordOf(config, "evt-2").outcome().code()).isEqualTo(FailureCode.Deferred);
        assertThat(harness.queued(RetryMessage.KIND)).filteredOn(retry -> retry.path("event_id").asText()
                .equals("evt-2")).singleElement().satisfies(retry -> assertThat(
                        retry.path("rate_limit_slot").asBoolean()).as("the slot is given up").isFalse());
        int reservations = harness.faults.reached(FaultPoint.RATE_LIMIT);
        down.set(false);
        Thread.sleep(300);
        harness.runQueue(Duration.ofSeconds(2));
        assertThat(harness.recordOf(config, "evt-2").status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(harness.faults.reached(FaultPoint.RATE_LIMIT))
                .as("it reserved a new slot when it came back").isGreaterThan(reservations);
    }
}
