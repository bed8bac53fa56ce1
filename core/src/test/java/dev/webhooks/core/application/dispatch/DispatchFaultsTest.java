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
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;


import dev.webhooks.core.config.RetryPolicy;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.delivery.DirectedEvent;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.QueueMessageBodies;
import dev.webhooks.core.fakes.Faults.FaultPoint;
import dev.webhooks.core.filter.Filter;

/**
 * A storage or queue failure at each write point of each path through the pipeline: the message that hit it must be
 * handed back to SQS (never acknowledged), and once SQS delivers it again the outcome must be as complete as without
 * the failure: every record final, every failure dead-lettered, the config's state and the announcements the same. A
 * failure may cost a duplicate request, never an event.
 */
class DispatchFaultsTest {

    private static final QueueMessageBodies BODIES = new QueueMessageBodies(DispatchHarness.MAPPER);
    private static final Instant LONG_AGO = Instant.parse("2026-11-20T00:00:00Z");
    private static final Instant RECENTLY = Instant.parse("2026-11-30T09:00:00Z");

    /** A path through the pipeline: the endpoint, the config, and the messages that start it. */
    record Path(String name, Supplier<ScriptedTransport> transport,
            Function<WebhookConfig.Builder, WebhookConfig.Builder> config, Function<WebhookConfig, List<String>> messages) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Path> paths() {
        return List.of(
                new Path("success", () -> ScriptedTransport.answering(status(200)), c -> c, c -> one()),
                new Path("filter skips", () -> ScriptedTransport.answering(status(200)),
                        c -> c.filter(new Filter("entity.status", List.of("closed"))), c -> one()),
                new Path("retry, then success", () -> ScriptedTransport.answering(status(200)).first(status(503)),
                        c -> c, c -> one()),
                new Path("retries exhausted", () -> ScriptedTransport.answering(status(503)),
                        c -> c.retryPolicy(new RetryPolicy(true, 1)), c -> one()),
                new Path("410 disables", () -> ScriptedTransport.answering(status(410)), c -> c, c -> one()),
                new Path("410 on a retry disables", () -> ScriptedTransport.answering(status(410)).first(status(503)),
                        c -> c, c -> one()),
                new Path("failing too long disables", () -> ScriptedTransport.answering(status(503)),
                        c -> c.retryPolicy(new RetryPolicy(true, 1)).failingSince(LONG_AGO), c -> one()),
                new Path("success ends a failing spell", () -> ScriptedTransport.answering(status(200)),
                        c -> c.failingSince(RECENTLY), c -> one()),
                new Path("rate limited", () -> ScriptedTransport.answering(status(200)), c -> c.rateLimitPerSecond(1),
                        c -> List.of(event("evt-1"), event("evt-2"))),
                new Path("directed replay", () -> ScriptedTransport.answering(status(200)), c -> c,
                        c -> List.of(BODIES.directed(new DirectedEvent(ORG, c.id(), "evt-1", EVENT_NAME,
                                event("evt-1"), null, "evt-original", true)))));
    }

    private static List<String> one() {
        return List.of(event("evt-1"));
    }

    /** What a run ends with, in the terms the no-loss promise is made in (keyed by event: one config per path). */
    record Outcome(Map<String, DeliveryStatus> statuses, Set<String> deadLettered, Set<String> failedWithoutLetter,
            boolean configEnabled, Set<String> announcements, int handedBack) {
    }

    private static Outcome run(Path path, FaultPoint fault) {
        DispatchHarness harness = new DispatchHarness(path.transport().get());
        WebhookConfig config = harness.config(path.config()::apply);
        if (fault != null) {
            harness.faults.failNext(fault);
        }
        for (String message : path.messages().apply(config)) {
            harness.queue.returnToQueue(message, 0, Duration.ZERO);
        }
        int handedBack = harness.runQueue(Duration.ofDays(3));
        if (fault != null) {
            assertThat(harness.faults.anyArmed()).as("the fault at %s was reached", fault).isFalse();
        }
        Map<String, DeliveryStatus> statuses = new TreeMap<>();
        for (DeliveryRecord record : harness.log.all()) {
            statuses.put(record.eventId(), record.status());
        }
        Set<String> deadLettered = harness.deadLetters.all().stream()
                .map(letter -> letter.eventId()).collect(Collectors.toSet());
        Set<String> failedWithoutLetter = harness.log.all().stream()
                .filter(record -> record.status() == DeliveryStatus.FAILED
                        && record.outcome().code() != FailureCode.RetryDropped)
                .map(record -> record.eventId())
                .filter(key -> !deadLettered.contains(key)).collect(Collectors.toSet());
        Set<String> announcements = harness.queued(null).stream()
                .map(notice -> notice.path("metadata").path("event_id").asText()).collect(Collectors.toSet());
        return new Outcome(statuses, deadLettered, failedWithoutLetter, harness.stored(config).enabled(),
                announcements, handedBack);
    }

    /** Each path with each write point it reaches when nothing fails. */
    static Stream<Arguments> faults() {
        List<Arguments> cases = new ArrayList<>();
        for (Path path : paths()) {
            DispatchHarness dryRun = new DispatchHarness(path.transport().get());
            WebhookConfig config = dryRun.config(path.config()::apply);
            path.messages().apply(config).forEach(message -> dryRun.queue.returnToQueue(message, 0, Duration.ZERO));
            dryRun.runQueue(Duration.ofDays(3));
            for (FaultPoint point : FaultPoint.values()) {
                if (dryRun.faults.reached(point) > 0) {
                    cases.add(Arguments.of(path, point));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: failure at {1}")
    @MethodSource("faults")
    void aFailedWriteHandsTheMessageBackAndNothingIsLost(Path path, FaultPoint point) {
        Outcome clean = run(path, null);
        Outcome faulted = run(path, point);

        assertThat(clean.handedBack()).isZero();
        assertThat(faulted.handedBack()).as("messages handed back to SQS").isPositive();
        assertThat(faulted.statuses()).as("every (event, config) ends as it does without the failure")
                .isEqualTo(clean.statuses());
        assertThat(faulted.statuses()).doesNotContainValue(DeliveryStatus.IN_PROGRESS);
        assertThat(faulted.failedWithoutLetter()).as("failed records without a dead letter").isEmpty();
        assertThat(faulted.configEnabled()).isEqualTo(clean.configEnabled());
        assertThat(faulted.announcements()).isEqualTo(clean.announcements());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void everyPathEndsFinalWithoutAFailure(Path path) {
        Outcome clean = run(path, null);

        assertThat(clean.statuses()).isNotEmpty().doesNotContainValue(DeliveryStatus.IN_PROGRESS);
        assertThat(clean.failedWithoutLetter()).isEmpty();
    }
}
