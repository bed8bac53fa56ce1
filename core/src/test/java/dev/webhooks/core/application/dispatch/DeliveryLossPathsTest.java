package dev.webhooks.core.application.dispatch;

import static dev.webhooks.core.application.dispatch.DispatchHarness.EVENT_NAME;
import static dev.webhooks.core.application.dispatch.DispatchHarness.ORG;
import static dev.webhooks.core.application.dispatch.DispatchHarness.event;
import static dev.webhooks.core.application.dispatch.ScriptedTransport.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.webhooks.core.config.RetryPolicy;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryOrigin;
import dev.webhooks.core.delivery.DeliveryOutcome;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.delivery.DirectedEvent;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.InboundEvent;
import dev.webhooks.core.delivery.OutboundResponse;
import dev.webhooks.core.delivery.QueueMessageBodies;
import dev.webhooks.core.delivery.RetryMessage;
import dev.webhooks.core.delivery.WebhookDisabledEvent;
import dev.webhooks.core.fakes.Faults.FaultPoint;
import dev.webhooks.core.filter.Condition;
import dev.webhooks.core.filter.ConditionGroup;
import dev.webhooks.core.filter.Filter;

/**
 * The paths on which the dispatcher used to lose an event or record it wrongly (issue 9, section 4), each replayed
 * step by step. Every test here failed against the pipeline before its fix.
 */
class DeliveryLossPathsTest {

    private static final QueueMessageBodies BODIES = new QueueMessageBodies(DispatchHarness.MAPPER);
    private static final String OPS_URL = "https://ops.example.com/alerts";

    /** (a) The attempt that scheduled a retry has not written its record when the retry arrives. */
    @Test
    void aRetryThatArrivesBeforeItsRecordIsHandedBackNotDropped() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(200)));
        WebhookConfig config = harness.config();
        Instant now = harness.clock.instant();
        InboundEvent event = new InboundEvent("evt-1", ORG, EVENT_NAME, DispatchHarness.MAPPER.createObjectNode(),
                "{}");
        // The first attempt claimed the pair and queued its retry, but its in_progress write is still on its way.
        DeliveryRecord claimed = DeliveryRecord.start(event, config.id(), config.url(), config.httpMethod(), now);
        harness.log.put(claimed);
        String retry = BODIES.retry(new RetryMessage(ORG, config.id(), "evt-1", 1, now, DeliveryOrigin.FAN_OUT, false));

        assertThat(harness.deliver(retry)).hasSize(1);
        assertThat(harness.transport.requests()).isEmpty();
        assertThat(harness.recordOf(config, "evt-1")).isEqualTo(claimed);

        // The slow write lands; SQS delivers the retry again and it is made.
        harness.log.put(claimed.retrying(DeliveryOutcome.failure(FailureCode.Timeout, "slow", now, now), now));
        assertThat(harness.deliver(retry)).isEmpty();
        assertThat(harness.transport.requests()).hasSize(1);
        assertThat(harness.recordOf(config, "evt-1").status()).isEqualTo(DeliveryStatus.SUCCEEDED);
    }

    /** (b) A replay postponed by the rate limit stays a replay: no filter, replay_of kept, disabled config served. */
    @Test
    void aRateLimitedReplayKeepsItsKind() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(200)));
        WebhookConfig config = harness.config(c -> c.rateLimitPerSecond(1)
                .filter(new Filter("entity.status", List.of("closed"))));
        String first = BODIES.directed(new DirectedEvent(ORG, config.id(), "evt-0", EVENT_NAME, event("evt-0"), null,
                "evt-original-0", true));
        String second = BODIES.directed(new DirectedEvent(ORG, config.id(), "evt-1", EVENT_NAME, event("evt-1"),
                null, "evt-original-1", true));

        assertThat(harness.deliver(first, second)).isEmpty();
        assertThat(harness.transport.requests()).hasSize(1);
        assertThat(harness.queued(RetryMessage.KIND)).singleElement().satisfies(requeued -> {
            assertThat(requeued.path("origin").asText()).isEqualTo("directed");
            assertThat(requeued.path("replay_of").asText()).isEqualTo("evt-original-1");
        });
        harness.update(config, c -> c.enabled(false));
        harness.runQueue(Duration.ofMinutes(1));

        DeliveryRecord replay = harness.recordOf(config, "evt-1");
        assertThat(replay.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(replay.replayOf()).isEqualTo("evt-original-1");
        assertThat(harness.transport.requests()).hasSize(2);
    }

    /** (c) A burst over the rate limit drains at the limit, each waiting delivery requeued once. */
    @Test
    void aRateLimitedBurstWaitsForReservedSlotsEachRequeuedOnce() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(200)));
        harness.config(c -> c.rateLimitPerSecond(2));
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(event("evt-" + i));
        }
        Instant start = harness.clock.instant();

        assertThat(harness.deliver(events.toArray(String[]::new))).isEmpty();
        assertThat(harness.transport.requests()).as("a burst of the limit goes at once").hasSize(2);
        List<Duration> waits = harness.queue.all().stream().map(queued -> queued.delay()).toList();
        assertThat(waits).hasSize(18).isSorted();
        assertThat(waits.get(0)).isEqualTo(Duration.ofMillis(500));
        assertThat(waits.get(17)).isEqualTo(Duration.ofSeconds(9));

        harness.runQueue(Duration.ofMinutes(5));
        assertThat(harness.transport.requests()).hasSize(20);
        assertThat(harness.faults.reached(FaultPoint.QUEUE_RETRY)).as("requeues").isEqualTo(18);
        assertThat(harness.faults.reached(FaultPoint.RATE_LIMIT)).as("slots reserved").isEqualTo(20);
        assertThat(Duration.between(start, harness.clock.instant())).isEqualTo(Duration.ofSeconds(9));
        assertThat(harness.log.all()).allSatisfy(record -> assertThat(record.status())
                .isEqualTo(DeliveryStatus.SUCCEEDED));
    }

    /**
     * (c) Sustained load over the limit: new events keep arriving while earlier ones wait. Each delivery still reserves
     * one slot and waits once; none is requeued again and again by competing with later arrivals.
     */
    @Test
    void underSustainedLoadOverTheLimitNoDeliveryIsRequeuedTwice() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(200)));
        harness.config(c -> c.rateLimitPerSecond(2));
        int sent = 0;
        for (int second = 0; second < 30; second++) {
            for (int i = 0; i < 3; i++) {
                harness.deliver(event("evt-" + sent++));
            }
            harness.runQueue(Duration.ofSeconds(1));
            harness.clock.advance(Duration.between(harness.clock.instant(),
                    Instant.parse("2026-11-30T10:00:00Z").plusSeconds(second + 1)));
        }
        harness.runQueue(Duration.ofMinutes(5));

        assertThat(harness.transport.requests()).hasSize(90);
        assertThat(harness.faults.reached(FaultPoint.RATE_LIMIT)).as("one reservation per delivery").isEqualTo(90);
        assertThat(harness.faults.reached(FaultPoint.QUEUE_RETRY)).as("at most one requeue per delivery")
                .isLessThanOrEqualTo(90);
        assertThat(harness.log.all()).hasSize(90).allSatisfy(record -> assertThat(record.status())
                .isEqualTo(DeliveryStatus.SUCCEEDED));
    }

    /** (c) A delivery the rate limit would hold past the longest a delivery may wait fails, never stays open. */
    @Test
    void aDeliveryHeldBackTooLongByItsRateLimitFailsInsteadOfStayingInProgress() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(200)),
                Map.of("maxDeliveryAge", "5s"));
        WebhookConfig config = harness.config(c -> c.rateLimitPerSecond(1));
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(event("evt-" + i));
        }

        harness.deliver(events.toArray(String[]::new));
        harness.runQueue(Duration.ofMinutes(5));

        List<DeliveryRecord> records = harness.log.all();
        assertThat(records).hasSize(10).noneSatisfy(record -> assertThat(record.status())
                .isEqualTo(DeliveryStatus.IN_PROGRESS));
        List<DeliveryRecord> failed = records.stream().filter(r -> r.status() == DeliveryStatus.FAILED).toList();
        assertThat(failed).hasSize(4).allSatisfy(record -> assertThat(record.outcome().code())
                .isEqualTo(FailureCode.RateLimited));
        assertThat(harness.deadLetters.all()).hasSize(4);
        assertThat(harness.transport.requests()).hasSize(6);
    }

    /** (d) Publishing webhook_disabled fails once: the retry still publishes it, and the record ends failed. */
    @Test
    void aFailedWebhookDisabledPublishIsRepeatedAndTheRecordStillEnds() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(410)));
        WebhookConfig config = harness.config();
        harness.faults.failNext(FaultPoint.QUEUE_PUBLISH);

        assertThat(harness.deliver(event("evt-1"))).hasSize(1);
        harness.queue.returnToQueue(event("evt-1"), 1, DispatchHarness.VISIBILITY_TIMEOUT);
        harness.runQueue(Duration.ofHours(1));

        assertThat(harness.stored(config).enabled()).isFalse();
        assertThat(harness.recordOf(config, "evt-1").status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(harness.recordOf(config, "evt-1").outcome().code()).isEqualTo(FailureCode.Gone);
        assertThat(harness.log.all()).noneSatisfy(record -> assertThat(record.status())
                .isEqualTo(DeliveryStatus.IN_PROGRESS));
        assertThat(harness.faults.reached(FaultPoint.QUEUE_PUBLISH)).isEqualTo(2);
    }

    /** (d) The same for a config disabled for failing too long: the fan-out's record must not stay in progress. */
    @Test
    void aFailedPublishWhenDisablingAFailingConfigLeavesNoRecordInProgress() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(503)));
        WebhookConfig config = harness.config(c -> c.retryPolicy(new RetryPolicy(true, 1))
                .failingSince(Instant.parse("2026-11-20T00:00:00Z")));
        harness.faults.failNext(FaultPoint.QUEUE_PUBLISH);

        assertThat(harness.deliver(event("evt-1"))).hasSize(1);
        harness.queue.returnToQueue(event("evt-1"), 1, DispatchHarness.VISIBILITY_TIMEOUT);
        harness.runQueue(Duration.ofDays(1));

        assertThat(harness.stored(config).enabled()).isFalse();
        assertThat(harness.recordOf(config, "evt-1").status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(harness.faults.reached(FaultPoint.QUEUE_PUBLISH)).isEqualTo(2);
    }

    /**
     * (d) A crash after the announcement and before the record repeats the announcement with the same event id: a
     * config subscribed to {@code webhook_disabled} has it recorded once, and if it is sent twice (both copies are
     * first receives, which skip the log read) both carry the same {@code webhook-id}, by which receivers deduplicate.
     */
    @Test
    void aRepeatedWebhookDisabledAnnouncementIsRecordedOnceAndSentUnderOneWebhookId() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering((request, call) ->
                new OutboundResponse(request.url().startsWith(OPS_URL) ? 200 : 410, Map.of(), "")));
        WebhookConfig gone = harness.config();
        WebhookConfig subscriber = harness.config(c -> c.eventName(WebhookDisabledEvent.EVENT_NAME).url(OPS_URL));
        harness.faults.failNext(FaultPoint.LOG_SAVE);

        assertThat(harness.deliver(event("evt-1"))).hasSize(1);
        harness.queue.returnToQueue(event("evt-1"), 1, DispatchHarness.VISIBILITY_TIMEOUT);
        harness.runQueue(Duration.ofHours(1));

        assertThat(harness.faults.reached(FaultPoint.QUEUE_PUBLISH)).isEqualTo(2);
        assertThat(harness.stored(gone).enabled()).isFalse();
        assertThat(harness.recordOf(gone, "evt-1").status()).isEqualTo(DeliveryStatus.FAILED);
        List<String> webhookIds = harness.transport.requests().stream()
                .filter(request -> request.url().startsWith(OPS_URL))
                .map(request -> request.headers().stream().filter(header -> header.getKey().equals("webhook-id"))
                        .map(Map.Entry::getValue).findFirst().orElseThrow())
                .toList();
        assertThat(webhookIds).hasSizeBetween(1, 2);
        assertThat(webhookIds.stream().distinct()).as("one webhook-id for both copies").hasSize(1);
        assertThat(harness.log.all()).filteredOn(record -> record.configId().equals(subscriber.id()))
                .singleElement().satisfies(record -> assertThat(record.status()).isEqualTo(DeliveryStatus.SUCCEEDED));
    }

    /**
     * A fan-out's redelivery finishes a disabling that was cut off, but never undoes its owner's decision: a config
     * enabled again after its 410 stays enabled when the message comes back for another config's sake.
     */
    @Test
    void aRedeliveryDoesNotDisableAConfigItsOwnerEnabledAgain() {
        AtomicInteger otherCalls = new AtomicInteger();
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering((request, call) -> {
            if (!request.url().startsWith(OPS_URL)) {
                return new OutboundResponse(410, Map.of(), "");
            }
            if (otherCalls.incrementAndGet() == 1) {
                throw new IllegalStateException("the invocation crashes while delivering to the other config");
            }
            return new OutboundResponse(200, Map.of(), "");
        }));
        WebhookConfig other = harness.config(c -> c.url(OPS_URL));
        harness.clock.advance(Duration.ofSeconds(1));
        // The fan-out goes newest first: the gone config, then the other one.
        WebhookConfig gone = harness.config();

        assertThat(harness.deliver(event("evt-1"))).hasSize(1);
        assertThat(harness.stored(gone).enabled()).as("the first try disabled it").isFalse();
        harness.update(gone, c -> c.enabled(true));
        harness.queue.takeDue();
        assertThat(harness.deliver(event("evt-1"))).isEmpty();

        assertThat(harness.stored(gone).enabled()).as("the owner's choice stands").isTrue();
        assertThat(harness.recordOf(other, "evt-1").status()).isEqualTo(DeliveryStatus.SUCCEEDED);
    }

    /**
     * (f) A JSONata filter that could not be evaluated (every evaluator busy) is not a no-match: the delivery is not
     * recorded skipped, it waits in the queue and tries again, and if the filter never runs it fails into the log and
     * the dead-letter queue at the maximum delivery age. Here the evaluators refuse every task.
     */
    @Test
    void aFilterThatCouldNotBeEvaluatedIsTriedAgainNeverSkipped() {
        java.util.concurrent.ExecutorService refusing = java.util.concurrent.Executors.newSingleThreadExecutor();
        refusing.shutdown();
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(200)), Map.of(), refusing);
        WebhookConfig config = harness.config(c -> c.filterConditions(new ConditionGroup(List.of(
                new Condition(null, null, null, null, false, false, "entity.status = 'open'")),
                ConditionGroup.LogicalOperator.AND)));

        assertThat(harness.deliver(event("evt-1"))).as("nothing handed back").isEmpty();

        DeliveryRecord waiting = harness.recordOf(config, "evt-1");
        assertThat(waiting.status()).isEqualTo(DeliveryStatus.IN_PROGRESS);
        assertThat(waiting.outcome().code()).isEqualTo(FailureCode.Deferred);
        assertThat(waiting.outcome().message()).contains("busy");
        assertThat(harness.queued(RetryMessage.KIND)).hasSize(1);

        harness.runQueue(Duration.ofDays(3));

        DeliveryRecord failed = harness.recordOf(config, "evt-1");
        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.outcome().code()).isEqualTo(FailureCode.FilterUnavailable);
        assertThat(harness.deadLetters.all()).hasSize(1);
        assertThat(harness.transport.requests()).as("never sent unfiltered").isEmpty();
    }

    /** Two workers run the same attempt (SQS delivered the message twice): the first outcome recorded stands. */
    @Test
    void aSecondWorkersOutcomeDoesNotOverwriteTheFirst() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(503)));
        WebhookConfig config = harness.config();
        InboundEvent event = new InboundEvent("evt-1", ORG, EVENT_NAME, DispatchHarness.MAPPER.createObjectNode(),
                "{}");
        Instant now = harness.clock.instant();
        // Worker A found the pair absent too, and records its success while worker B is still waiting for a 503.
        DeliveryRecord seenByA = DeliveryRecord.start(event, config.id(), config.url(), config.httpMethod(), now);
        harness.transport.first((request, call) -> {
            harness.log.save(seenByA.finished(new DeliveryOutcome(200, null, "Delivered", "", null, now, now)), 0);
            return new OutboundResponse(503, Map.of(), "");
        });

        assertThat(harness.deliver(event("evt-1"))).isEmpty();
        assertThat(harness.queued(RetryMessage.KIND)).as("B read the log before scheduling a retry").isEmpty();
        harness.runQueue(Duration.ofHours(1));

        assertThat(harness.recordOf(config, "evt-1").status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(harness.transport.requests()).hasSize(1);
        assertThat(harness.deadLetters.all()).isEmpty();
    }

    /** The cached config is a version behind: the disabling and its event are for the stored version. */
    @Test
    void aDisablingIsForTheStoredVersionNotTheCachedOne() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(410)).first(status(200)));
        WebhookConfig config = harness.config();
        harness.deliver(event("evt-0"));
        WebhookConfig renamed = harness.update(config, c -> c.name("renamed"));

        harness.deliver(event("evt-1"));

        WebhookConfig stored = harness.stored(config);
        assertThat(stored.enabled()).isFalse();
        assertThat(stored.version()).isEqualTo(renamed.version() + 1);
        assertThat(harness.queued(null)).singleElement().satisfies(notice -> assertThat(
                notice.path("metadata").path("event_id").asText()).isEqualTo(
                        "webhook-disabled-" + config.id() + "-" + stored.version()));
    }

    /** The cached config still shows a failing spell that a success has ended: a failure now disables nothing. */
    @Test
    void aFailingSpellEndedSinceTheCacheWasFilledDoesNotDisable() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(503)).first(status(200)));
        WebhookConfig config = harness.config(c -> c.failingSince(Instant.parse("2026-11-20T00:00:00Z")));
        harness.deliver(event("evt-0"));
        assertThat(harness.stored(config).failingSince()).as("the success ended the spell").isNull();

        harness.deliver(event("evt-1"));

        assertThat(harness.stored(config).enabled()).isTrue();
        assertThat(harness.queued(null)).isEmpty();
        assertThat(harness.stored(config).failingSince()).as("a new spell starts").isEqualTo(harness.clock.instant());
    }
}
