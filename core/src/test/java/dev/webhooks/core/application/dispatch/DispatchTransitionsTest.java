package dev.webhooks.core.application.dispatch;

import static dev.webhooks.core.application.dispatch.DispatchHarness.EVENT_NAME;
import static dev.webhooks.core.application.dispatch.DispatchHarness.ORG;
import static dev.webhooks.core.application.dispatch.DispatchHarness.event;
import static dev.webhooks.core.application.dispatch.ScriptedTransport.failing;
import static dev.webhooks.core.application.dispatch.ScriptedTransport.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.core.config.RetryPolicy;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryOrigin;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.delivery.DirectedEvent;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.OutboundResponse;
import dev.webhooks.core.delivery.QueueMessageBodies;
import dev.webhooks.core.delivery.RetryMessage;
import dev.webhooks.core.fakes.Faults.FaultPoint;
import dev.webhooks.core.filter.Filter;

/**
 * Every transition of the delivery state machine, one named row each: the state before (configs, records, the
 * endpoint's script), the message that arrives, and what must hold after (the record, the queue, the dead letters, the
 * endpoint's requests, whether SQS gets the message back). In-memory ports and a moved clock: no socket, no sleep.
 */
class DispatchTransitionsTest {

    private static final QueueMessageBodies BODIES = new QueueMessageBodies(DispatchHarness.MAPPER);
    private static final Filter ONLY_CLOSED = new Filter("entity.status", List.of("closed"));

    /** One row: given a harness and its config, the messages that arrive, then what must hold. */
    record Transition(String name, ScriptedTransport transport, Function<WebhookConfig.Builder, WebhookConfig.Builder> config,
            Consumer<Given> arrange, Function<Given, String> message, Consumer<Then> then) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The state a row starts from. */
    record Given(DispatchHarness harness, WebhookConfig config) {
    }

    /** What a row checks: the harness after the message, its config, and the ids handed back to SQS. */
    record Then(DispatchHarness harness, WebhookConfig config, List<String> handedBack) {

        DeliveryRecord record() {
            return harness.recordOf(config, "evt-1");
        }

        List<ObjectNode> retries() {
            return harness.queued(RetryMessage.KIND);
        }

        List<ObjectNode> published() {
            return harness.queued(null);
        }
    }

    static Stream<Arguments> transitions() {
        return Stream.of(
                row("first attempt succeeds", status(200), c -> c, g -> { }, g -> event("evt-1"), t -> {
                    // Counted first: the checks below read the log too.
                    // A message's first receive: nothing of it can be recorded, so the one write is all.
                    assertThat(t.harness().faults.reached(FaultPoint.LOG_READ)).as("reads of the log").isZero();
                    assertThat(t.harness().faults.reached(FaultPoint.LOG_SAVE)).as("writes of the log").isEqualTo(1);
                    assertThat(t.handedBack()).isEmpty();
                    assertThat(t.record().status()).isEqualTo(DeliveryStatus.SUCCEEDED);
                    assertThat(t.record().attempts()).isEqualTo(1);
                    assertThat(t.harness().transport.requests()).hasSize(1);
                    assertThat(t.harness().queue.all()).isEmpty();
                    assertThat(t.harness().deadLetters.all()).isEmpty();
                }),
                row("a retry whose failed attempt is not recorded yet waits for that record", status(200), c -> c,
                        g -> { },
                        g -> BODIES.retry(new RetryMessage(ORG, g.config().id(), "evt-1", 1,
                                g.harness().clock.instant(), DeliveryOrigin.FAN_OUT, false)),
                        t -> {
                            assertThat(t.handedBack()).as("handed back until the record is written").hasSize(1);
                            assertThat(t.harness().transport.requests()).isEmpty();
                            assertThat(t.harness().deadLetters.all()).isEmpty();
                        }),
                row("the filter skips", status(200), c -> c.filter(ONLY_CLOSED), g -> { }, g -> event("evt-1"), t -> {
                    assertThat(t.record().status()).isEqualTo(DeliveryStatus.SKIPPED);
                    assertThat(t.record().skipReason()).contains("entity.status");
                    assertThat(t.harness().transport.requests()).isEmpty();
                }),
                row("a retryable failure schedules a retry and records in_progress", status(503), c -> c, g -> { },
                        g -> event("evt-1"), t -> {
                            assertThat(t.handedBack()).isEmpty();
                            assertThat(t.record().status()).isEqualTo(DeliveryStatus.IN_PROGRESS);
                            assertThat(t.record().attempts()).isEqualTo(1);
                            assertThat(t.record().outcome().statusCode()).isEqualTo(503);
                            Instant due = t.harness().clock.instant().plus(Duration.ofSeconds(5));
                            assertThat(t.record().nextAttemptAt()).isEqualTo(due);
                            assertThat(t.retries()).singleElement().satisfies(retry -> {
                                assertThat(retry.path("attempt").asInt()).isEqualTo(1);
                                assertThat(retry.path("due_at").asText()).isEqualTo(due.toString());
                                assertThat(retry.path("origin").asText()).isEqualTo("fan_out");
                            });
                            assertThat(t.harness().queue.all().get(0).delay()).isEqualTo(Duration.ofSeconds(5));
                            assertThat(t.harness().deadLetters.all()).isEmpty();
                        }),
                row("the last failure dead-letters and records failed", status(503),
                        c -> c.retryPolicy(new RetryPolicy(true, 1)), g -> { }, g -> event("evt-1"), t -> {
                            t.harness().runQueue(Duration.ofHours(1));
                            assertThat(t.record().status()).isEqualTo(DeliveryStatus.FAILED);
                            assertThat(t.record().attempts()).isEqualTo(2);
                            assertThat(t.harness().transport.requests()).hasSize(2);
                            assertThat(t.harness().deadLetters.all()).singleElement()
                                    .satisfies(letter -> assertThat(letter.attempts()).isEqualTo(2));
                            assertThat(t.harness().queue.all()).isEmpty();
                        }),
                row("a non-retryable 4xx fails at once", status(400), c -> c, g -> { }, g -> event("evt-1"), t -> {
                    assertThat(t.record().status()).isEqualTo(DeliveryStatus.FAILED);
                    assertThat(t.record().attempts()).isEqualTo(1);
                    assertThat(t.retries()).isEmpty();
                    assertThat(t.harness().deadLetters.all()).hasSize(1);
                }),
                row("410 disables the config and publishes webhook_disabled", status(410), c -> c, g -> { },
                        g -> event("evt-1"), t -> {
                            assertThat(t.record().status()).isEqualTo(DeliveryStatus.FAILED);
                            assertThat(t.record().outcome().code()).isEqualTo(FailureCode.Gone);
                            assertThat(t.harness().stored(t.config()).enabled()).isFalse();
                            assertThat(t.harness().deadLetters.all()).hasSize(1);
                            assertThat(t.published()).singleElement().satisfies(notice -> {
                                assertThat(notice.path("metadata").path("event_name").asText())
                                        .isEqualTo("webhook_disabled");
                                assertThat(notice.path("reason").asText()).isEqualTo("endpoint_gone");
                                assertThat(notice.path("metadata").path("event_id").asText()).isEqualTo(
                                        "webhook-disabled-" + t.config().id() + "-" + t.harness().stored(t.config())
                                                .version());
                            });
                        }),
                row("failing for the whole period disables the config", status(503),
                        c -> c.failingSince(Instant.parse("2026-11-25T09:00:00Z")), g -> { }, g -> event("evt-1"),
                        t -> {
                            assertThat(t.harness().stored(t.config()).enabled()).isFalse();
                            assertThat(t.published()).singleElement().satisfies(notice -> {
                                assertThat(notice.path("reason").asText()).isEqualTo("failing_too_long");
                                assertThat(notice.path("failing_since").asText()).startsWith("2026-11-25T09:00:00");
                            });
                            // The retry it scheduled finds the config disabled: the record ends failed, not open.
                            t.harness().runQueue(Duration.ofHours(1));
                            assertThat(t.record().status()).isEqualTo(DeliveryStatus.FAILED);
                            assertThat(t.record().outcome().code()).isEqualTo(FailureCode.RetryDropped);
                        }),
                row("failing for less than the period keeps the config", status(503),
                        c -> c.failingSince(Instant.parse("2026-11-29T10:00:00Z")), g -> { }, g -> event("evt-1"),
                        t -> {
                            assertThat(t.harness().stored(t.config()).enabled()).isTrue();
                            assertThat(t.published()).isEmpty();
                        }),
                row("the first failure starts the failing-since clock", status(503), c -> c, g -> { },
                        g -> event("evt-1"), t -> assertThat(t.harness().stored(t.config()).failingSince())
                                .isEqualTo(t.harness().clock.instant())),
                row("a success resets the failing-since clock", status(200),
                        c -> c.failingSince(Instant.parse("2026-11-29T10:00:00Z")), g -> { }, g -> event("evt-1"),
                        t -> {
                            assertThat(t.record().status()).isEqualTo(DeliveryStatus.SUCCEEDED);
                            assertThat(t.harness().stored(t.config()).failingSince()).isNull();
                        }),
                row("over the rate limit the attempt waits for its slot", status(200), c -> c.rateLimitPerSecond(1),
                        g -> g.harness().deliver(event("evt-0")), g -> event("evt-1"), t -> {
                            assertThat(t.handedBack()).isEmpty();
                            assertThat(t.harness().transport.requests()).hasSize(1);
                            assertThat(t.record().status()).isEqualTo(DeliveryStatus.IN_PROGRESS);
                            assertThat(t.record().attempts()).isZero();
                            assertThat(t.retries()).singleElement().satisfies(retry -> {
                                assertThat(retry.path("attempt").asInt()).isZero();
                                assertThat(retry.path("due_at").asText()).isEqualTo("2026-11-30T10:00:01Z");
                                assertThat(retry.path("rate_limit_slot").asBoolean()).isTrue();
                            });
                            t.harness().runQueue(Duration.ofMinutes(1));
                            assertThat(t.record().status()).isEqualTo(DeliveryStatus.SUCCEEDED);
                            assertThat(t.harness().transport.requests()).hasSize(2);
                        }),
                row("a retry that is not yet due hops", status(200), c -> c, g -> { },
                        g -> BODIES.retry(new RetryMessage(ORG, g.config().id(), "evt-1", 1,
                                g.harness().clock.instant().plus(Duration.ofMinutes(40)), DeliveryOrigin.FAN_OUT, false)),
                        t -> {
                            assertThat(t.handedBack()).isEmpty();
                            assertThat(t.harness().transport.requests()).isEmpty();
                            assertThat(t.harness().queue.all()).singleElement()
                                    .satisfies(hop -> assertThat(hop.delay()).isEqualTo(Duration.ofMinutes(15)));
                        }),
                row("an obsolete retry is acknowledged without a send", status(200), c -> c,
                        g -> g.harness().deliver(event("evt-1")),
                        g -> BODIES.retry(new RetryMessage(ORG, g.config().id(), "evt-1", 1,
                                g.harness().clock.instant(), DeliveryOrigin.FAN_OUT, false)),
                        t -> {
                            assertThat(t.handedBack()).isEmpty();
                            assertThat(t.harness().transport.requests()).hasSize(1);
                            assertThat(t.record().status()).isEqualTo(DeliveryStatus.SUCCEEDED);
                        }),
                row("a retry for a deleted config fails its record", status(503), c -> c, g -> {
                    g.harness().deliver(event("evt-1"));
                    g.harness().configs.delete(ORG, g.config().id());
                }, DispatchTransitionsTest::dueRetry, t -> {
                    assertThat(t.handedBack()).isEmpty();
                    assertThat(t.record().status()).isEqualTo(DeliveryStatus.FAILED);
                    assertThat(t.record().outcome().code()).isEqualTo(FailureCode.RetryDropped);
                    assertThat(t.record().outcome().message()).contains("deleted");
                    assertThat(t.harness().transport.requests()).hasSize(1);
                    assertThat(t.harness().deadLetters.all()).as("a dropped retry is no failed delivery").isEmpty();
                }),
                row("a retry for a disabled config fails its record", status(503), c -> c, g -> {
                    g.harness().deliver(event("evt-1"));
                    g.harness().update(g.config(), c -> c.enabled(false));
                }, DispatchTransitionsTest::dueRetry, t -> {
                    assertThat(t.record().status()).isEqualTo(DeliveryStatus.FAILED);
                    assertThat(t.record().outcome().message()).contains("disabled");
                    assertThat(t.harness().transport.requests()).hasSize(1);
                }),
                row("a directed replay bypasses the filter and keeps replay_of", status(200),
                        c -> c.filter(ONLY_CLOSED), g -> { },
                        g -> BODIES.directed(new DirectedEvent(ORG, g.config().id(), "evt-1", EVENT_NAME,
                                payload(), null, "evt-original", true)),
                        t -> {
                            assertThat(t.record().status()).isEqualTo(DeliveryStatus.SUCCEEDED);
                            assertThat(t.record().replayOf()).isEqualTo("evt-original");
                            assertThat(t.harness().transport.requests()).hasSize(1);
                        }),
                row("a directed replay takes the payload recorded for its source event", status(200), c -> c,
                        g -> g.harness().deliver(event("evt-original")),
                        g -> BODIES.directed(new DirectedEvent(ORG, g.config().id(), "evt-1", EVENT_NAME, null,
                                "evt-original", "evt-original", false)),
                        t -> {
                            assertThat(t.record().status()).isEqualTo(DeliveryStatus.SUCCEEDED);
                            assertThat(t.record().payload())
                                    .isEqualTo(t.harness().recordOf(t.config(), "evt-original").payload());
                        }),
                row("a test trigger to a disabled config that answers 410 changes nothing about the config",
                        status(410), c -> c.enabled(false), g -> { },
                        g -> BODIES.directed(new DirectedEvent(ORG, g.config().id(), "evt-1", EVENT_NAME,
                                payload(), null, null, true)),
                        t -> {
                            assertThat(t.record().status()).isEqualTo(DeliveryStatus.FAILED);
                            assertThat(t.published()).as("no webhook_disabled for a config already off").isEmpty();
                            assertThat(t.harness().stored(t.config()).failingSince()).isNull();
                            assertThat(t.harness().stored(t.config()).version()).isEqualTo(t.config().version());
                        }),
                row("a test trigger reaches a disabled config", status(200), c -> c.enabled(false), g -> { },
                        g -> BODIES.directed(new DirectedEvent(ORG, g.config().id(), "evt-1", EVENT_NAME,
                                payload(), null, null, true)),
                        t -> {
                            assertThat(t.record().status()).isEqualTo(DeliveryStatus.SUCCEEDED);
                            assertThat(t.record().replayOf()).isNull();
                        }),
                row("an event directed to a deleted config is dropped", status(200), c -> c,
                        g -> g.harness().configs.delete(ORG, g.config().id()),
                        g -> BODIES.directed(new DirectedEvent(ORG, g.config().id(), "evt-1", EVENT_NAME,
                                payload(), null, null, true)),
                        t -> {
                            assertThat(t.handedBack()).isEmpty();
                            assertThat(t.harness().transport.requests()).isEmpty();
                            assertThat(t.harness().record(t.config(), "evt-1")).isEmpty();
                        }),
                row("an unprocessable message goes to the dead-letter queue", status(200), c -> c, g -> { },
                        g -> "{\"metadata\": {\"event_name\": \"customer_request_created\"}}", t -> {
                            assertThat(t.handedBack()).isEmpty();
                            assertThat(t.harness().deadLetters.all()).singleElement().satisfies(letter -> {
                                assertThat(letter.reason()).isEqualTo("unprocessable message");
                                assertThat(letter.lastError()).contains("metadata.organization_id");
                            });
                            assertThat(t.harness().transport.requests()).isEmpty();
                        }),
                row("a connection failure before the request is retried at once", failing(FailureCode.ConnectionError),
                        c -> c, g -> { }, g -> event("evt-1"), t -> {
                            // 1 + 2 immediate retries, then the retry schedule.
                            assertThat(t.harness().transport.requests()).hasSize(3);
                            assertThat(t.record().attempts()).isEqualTo(1);
                        }),
                row("a connection lost after the request waits for the schedule", failing(FailureCode.ConnectionLost),
                        c -> c, g -> { }, g -> event("evt-1"), t -> {
                            assertThat(t.harness().transport.requests()).hasSize(1);
                            assertThat(t.record().status()).isEqualTo(DeliveryStatus.IN_PROGRESS);
                            assertThat(t.retries()).hasSize(1);
                        }),
                row("a timeout waits for the schedule", failing(FailureCode.Timeout), c -> c, g -> { },
                        g -> event("evt-1"), t -> {
                            assertThat(t.harness().transport.requests()).hasSize(1);
                            assertThat(t.retries()).hasSize(1);
                        }),
                row("Retry-After sets the wait", ScriptedTransport.answering(status(429, Map.of("retry-after", "60"),
                        "")), c -> c, g -> { }, g -> event("evt-1"), t -> assertThat(t.record().nextAttemptAt())
                                .isEqualTo(t.harness().clock.instant().plusSeconds(10))));
    }

    /** The retry that the arrangement's first attempt scheduled, taken off the queue once it is due. */
    private static String dueRetry(Given given) {
        given.harness().clock.advance(Duration.ofSeconds(5));
        return given.harness().queue.takeDue().get(0).body();
    }

    private static String payload() {
        return event("evt-1");
    }

    private static Arguments row(String name, ScriptedTransport.Answer standing,
            Function<WebhookConfig.Builder, WebhookConfig.Builder> config, Consumer<Given> arrange,
            Function<Given, String> message, Consumer<Then> then) {
        return row(name, ScriptedTransport.answering(standing), config, arrange, message, then);
    }

    private static Arguments row(String name, ScriptedTransport transport,
            Function<WebhookConfig.Builder, WebhookConfig.Builder> config, Consumer<Given> arrange,
            Function<Given, String> message, Consumer<Then> then) {
        return Arguments.of(new Transition(name, transport, config, arrange, message, then));
    }

    /**
     * Not a row: it needs an invocation whose time runs out while it works. The attempts it cannot start go back on
     * the queue as the same attempts; no message is handed back to SQS, where each receive counts toward the
     * dead-letter queue.
     */
    @Test
    void outOfTimeReschedulesTheAttemptsThatCannotStart() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(200)));
        // The first request takes 50 s of the invocation's 60 s: no other send could finish in time.
        harness.transport.first((request, call) -> {
            harness.clock.advance(Duration.ofSeconds(50));
            return new OutboundResponse(200, Map.of(), "");
        });
        WebhookConfig config = harness.config();
        Instant end = harness.clock.instant().plusSeconds(60);

        List<String> handedBack = harness.deliverWithin(() -> Duration.between(harness.clock.instant(), end),
                event("evt-1"), event("evt-2"), event("evt-3"));

        assertThat(handedBack).isEmpty();
        assertThat(harness.transport.requests()).hasSize(1);
        assertThat(harness.recordOf(config, "evt-1").status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(harness.recordOf(config, "evt-2").status()).isEqualTo(DeliveryStatus.IN_PROGRESS);
        assertThat(harness.recordOf(config, "evt-2").attempts()).as("no attempt was spent").isZero();
        assertThat(harness.queued(RetryMessage.KIND)).hasSize(2).allSatisfy(retry -> {
            assertThat(retry.path("attempt").asInt()).isZero();
            assertThat(retry.path("event_id").asText()).isIn("evt-2", "evt-3");
        });

        harness.runQueue(Duration.ofMinutes(1));
        assertThat(harness.log.all()).hasSize(3).allSatisfy(record -> assertThat(record.status())
                .isEqualTo(DeliveryStatus.SUCCEEDED));
        assertThat(harness.transport.requests()).hasSize(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void transition(Transition transition) {
        DispatchHarness harness = new DispatchHarness(transition.transport());
        WebhookConfig config = harness.config(transition.config()::apply);
        Given given = new Given(harness, config);
        transition.arrange().accept(given);
        List<String> handedBack = harness.deliver(transition.message().apply(given));
        transition.then().accept(new Then(harness, config, handedBack));
    }
}
