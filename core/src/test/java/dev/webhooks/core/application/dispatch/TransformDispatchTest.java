package dev.webhooks.core.application.dispatch;

import static dev.webhooks.core.application.dispatch.DispatchHarness.EVENT_NAME;
import static dev.webhooks.core.application.dispatch.DispatchHarness.MAPPER;
import static dev.webhooks.core.application.dispatch.DispatchHarness.ORG;
import static dev.webhooks.core.application.dispatch.DispatchHarness.event;
import static dev.webhooks.core.application.dispatch.ScriptedTransport.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.core.config.PassThroughFields;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.delivery.DirectedEvent;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.OutboundRequest;
import dev.webhooks.core.delivery.QueueMessageBodies;
import dev.webhooks.core.delivery.RetryMessage;
import dev.webhooks.core.delivery.WebhookSignature;

/**
 * The payload transform in the delivery state machine: the body is the config's {@code jsonataExpression} over the
 * event, decided once per (event, config) pair and recorded beside the original; what a failing or unevaluated
 * transform does; and what replays send.
 */
class TransformDispatchTest {

    private static final String PROJECTION = "{'title': entity.title, 'organization': metadata.organization_id}";
    private static final String PROJECTED = "{\"title\":\"Broken boiler\",\"organization\":\"" + ORG + "\"}";
    private static final QueueMessageBodies BODIES = new QueueMessageBodies(MAPPER);

    private static WebhookConfig.Builder transforming(WebhookConfig.Builder config, String expression) {
        ObjectNode stored = MAPPER.createObjectNode().put(PassThroughFields.JSONATA_EXPRESSION, expression);
        return config.passThrough(stored);
    }

    @Test
    void theBodySentIsTheTransformSignedAsSentAndRecordedBesideTheOriginal() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(200)));
        WebhookConfig config = harness.config(c -> transforming(c, PROJECTION));

        assertThat(harness.deliver(event("evt-1"))).isEmpty();

        OutboundRequest sent = harness.transport.requests().get(0);
        assertThat(sent.body()).isEqualTo(PROJECTED);
        // The harness's clock is not the verifier's, so the v1 entry is computed here over the bytes sent.
        Map<String, List<String>> headers = ScriptedTransport.headersOf(sent);
        String v1 = WebhookSignature.sign(config.signingSecret(), headers.get("webhook-id").get(0),
                Long.parseLong(headers.get("webhook-timestamp").get(0)), PROJECTED);
        assertThat(headers.get("webhook-signature").get(0).split(" ")).as("v1 covers the bytes sent").contains(v1);
        DeliveryRecord record = harness.recordOf(config, "evt-1");
        assertThat(record.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(record.payload()).as("the original event").isEqualTo(event("evt-1"));
        assertThat(record.sentPayload()).isEqualTo(PROJECTED);
        assertThat(record.transformed()).isTrue();
    }

    @Test
    void aConfigWithoutATransformSendsTheEventAsItCame() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(200)));
        WebhookConfig config = harness.config();

        harness.deliver(event("evt-1"));

        assertThat(harness.transport.requests().get(0).body()).isEqualTo(event("evt-1"));
        assertThat(harness.recordOf(config, "evt-1").transformed()).isFalse();
    }

    @Test
    void aRetrySendsTheBodyItsFirstAttemptSentThoughTheExpressionChangedSince() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(200)));
        harness.transport.first(status(503));
        WebhookConfig config = harness.config(c -> transforming(c, PROJECTION));
        harness.deliver(event("evt-1"));
        harness.update(config, c -> transforming(c, "{'changed': true}"));

        harness.runQueue(Duration.ofMinutes(10));

        List<OutboundRequest> requests = harness.transport.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).body()).isEqualTo(PROJECTED);
        assertThat(ScriptedTransport.headersOf(requests.get(1)).get("webhook-id")).isEqualTo(ScriptedTransport.headersOf(requests.get(0)).get("webhook-id"));
        assertThat(harness.recordOf(config, "evt-1").status()).isEqualTo(DeliveryStatus.SUCCEEDED);
    }

    @Test
    void aTransformThatFailsIsAFinalTransformErrorWithNothingSentAndADeadLetter() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(200)));
        WebhookConfig config = harness.config(c -> transforming(c, "$error('no title to send')"));

        assertThat(harness.deliver(event("evt-1"))).as("nothing handed back").isEmpty();

        DeliveryRecord record = harness.recordOf(config, "evt-1");
        assertThat(record.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(record.outcome().code()).isEqualTo(FailureCode.TransformError);
        assertThat(record.outcome().message()).contains("no title to send");
        assertThat(record.outcome().statusCode()).isNull();
        assertThat(record.attempts()).as("nothing was sent").isZero();
        assertThat(harness.transport.requests()).isEmpty();
        assertThat(harness.queued(RetryMessage.KIND)).as("not retried").isEmpty();
        assertThat(harness.deadLetters.all()).singleElement()
                .satisfies(letter -> assertThat(letter.event()).isEqualTo(event("evt-1")));
        assertThat(harness.stored(config).failingSince()).as("the endpoint was not at fault").isNull();
    }

    @Test
    void aTransformNotEvaluatedWaitsInTheQueueAndIsMadeWhenEvaluatorsAreFree() {
        AtomicBoolean refusing = new AtomicBoolean(true);
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(200)), Map.of(),
                evaluators(refusing));
        WebhookConfig config = harness.config(c -> transforming(c, PROJECTION));

        assertThat(harness.deliver(event("evt-1"))).isEmpty();

        DeliveryRecord waiting = harness.recordOf(config, "evt-1");
        assertThat(waiting.status()).isEqualTo(DeliveryStatus.IN_PROGRESS);
        assertThat(waiting.outcome().code()).isEqualTo(FailureCode.Deferred);
        assertThat(waiting.outcome().message()).contains("not evaluated");
        assertThat(harness.transport.requests()).as("never sent untransformed").isEmpty();
        assertThat(harness.deadLetters.all()).isEmpty();

        refusing.set(false);
        harness.runQueue(Duration.ofMinutes(5));

        assertThat(harness.recordOf(config, "evt-1").status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(harness.transport.requests()).singleElement()
                .satisfies(request -> assertThat(request.body()).isEqualTo(PROJECTED));
    }

    @Test
    void aReplaySendsTheBodySentBeforeOrWithReapplyTheCurrentTransformOfTheOriginal() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(200)));
        WebhookConfig config = harness.config(c -> transforming(c, PROJECTION));
        harness.deliver(event("evt-1"));
        harness.update(config, c -> transforming(c, "{'v': 2, 'status': entity.status}"));

        harness.deliver(BODIES.directed(DirectedEvent.replay(ORG, config.id(), "rpl_1", EVENT_NAME, "evt-1",
                false)));
        harness.deliver(BODIES.directed(DirectedEvent.replay(ORG, config.id(), "rpl_2", EVENT_NAME, "evt-1",
                true)));

        List<OutboundRequest> requests = harness.transport.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests.get(1).body()).as("re-sent as it was").isEqualTo(PROJECTED);
        assertThat(requests.get(2).body()).as("the current transform").isEqualTo("{\"v\":2,\"status\":\"open\"}");
        for (String replay : List.of("rpl_1", "rpl_2")) {
            DeliveryRecord record = harness.recordOf(config, replay);
            assertThat(record.replayOf()).isEqualTo("evt-1");
            assertThat(record.payload()).as("the original event, kept for a later replay").isEqualTo(event("evt-1"));
        }
        assertThat(harness.recordOf(config, "rpl_2").sentPayload()).isEqualTo("{\"v\":2,\"status\":\"open\"}");
    }

    @Test
    void aReplayOfAnEventSentBeforeTheConfigHadATransformResendsItUntransformed() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(200)));
        WebhookConfig config = harness.config();
        harness.deliver(event("evt-1"));
        harness.update(config, c -> transforming(c, PROJECTION));

        harness.deliver(BODIES.directed(DirectedEvent.replay(ORG, config.id(), "rpl_1", EVENT_NAME, "evt-1",
                false)));

        assertThat(harness.transport.requests().get(1).body()).isEqualTo(event("evt-1"));
    }

    @Test
    void aRetryOfADeliveryRecordedBeforeBodiesWereDecidedSendsTheEventAsBefore() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(200)));
        harness.transport.first(status(503));
        WebhookConfig config = harness.config();
        harness.deliver(event("evt-1"));
        // The record as a dispatcher from before transforms wrote it: no decided body.
        DeliveryRecord current = harness.recordOf(config, "evt-1");
        DeliveryRecord legacy = new DeliveryRecord(current.organizationId(), current.configId(), current.eventId(),
                current.eventName(), current.url(), current.httpMethod(), current.payload(), null, current.status(),
                current.outcome(), current.skipReason(), current.attempts(), current.nextAttemptAt(),
                current.createdAt(), current.expiresAt(), current.replayOf(), current.disablesConfigVersion());
        assertThat(harness.log.save(legacy, current.attempts())).isTrue();
        harness.update(config, c -> transforming(c, PROJECTION));

        harness.runQueue(Duration.ofMinutes(10));

        assertThat(harness.transport.requests()).hasSize(2);
        assertThat(harness.transport.requests().get(1).body()).isEqualTo(event("evt-1"));
    }

    @Test
    void aCopyOfTheEventKeepsTheBodyTheFirstDecidedAndDoesNotFailIt() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(200)));
        WebhookConfig config = harness.config(c -> transforming(c, "{'id': metadata.event_id, 'title': entity.title}")
                .rateLimitPerSecond(1));
        String decided = "{\"id\":\"evt-1\",\"title\":\"Broken boiler\"}";
        harness.deliver(event("evt-0"));
        harness.deliver(event("evt-1"));
        assertThat(harness.recordOf(config, "evt-1").sentPayload()).as("waiting for its slot").isEqualTo(decided);
        harness.update(config, c -> transforming(c, "$error('changed for the worse')"));

        // A producer's duplicate of evt-1 arrives as a new message, while the first copy waits for its slot.
        harness.deliver(event("evt-1"));
        harness.runQueue(Duration.ofMinutes(1));

        DeliveryRecord record = harness.recordOf(config, "evt-1");
        assertThat(record.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(harness.deadLetters.all()).isEmpty();
        assertThat(harness.transport.requests()).filteredOn(request -> request.body().contains("evt-1"))
                .isNotEmpty().allSatisfy(request -> assertThat(request.body()).isEqualTo(decided));
    }

    @Test
    void aMethodWithoutABodyIsNotHeldToATransform() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(200)));
        WebhookConfig config = harness.config(c -> transforming(c, "$error('never run')")
                .httpMethod(dev.webhooks.core.config.HttpMethod.GET));

        harness.deliver(event("evt-1"));

        assertThat(harness.recordOf(config, "evt-1").status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(harness.transport.requests()).singleElement()
                .satisfies(request -> assertThat(request.body()).isNull());
    }

    @Test
    void aTriggerGoesThroughTheTransform() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(200)));
        WebhookConfig config = harness.config(c -> transforming(c, PROJECTION));

        harness.deliver(BODIES.directed(DirectedEvent.trigger(ORG, config.id(), "trg_1", EVENT_NAME,
                event("trg_1"))));

        assertThat(harness.transport.requests()).singleElement()
                .satisfies(request -> assertThat(request.body()).isEqualTo(PROJECTED));
    }

    /** Evaluators that refuse every task while {@code refusing} is set, as a full pool does, and run them after. */
    private static ExecutorService evaluators(AtomicBoolean refusing) {
        ExecutorService threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task);
            thread.setDaemon(true);
            return thread;
        });
        return new AbstractExecutorService() {
            @Override
            public void execute(Runnable command) {
                if (refusing.get()) {
                    throw new RejectedExecutionException("every evaluator is busy");
                }
                threads.execute(command);
            }

            @Override
            public void shutdown() {
                threads.shutdown();
            }

            @Override
            public List<Runnable> shutdownNow() {
                return threads.shutdownNow();
            }

            @Override
            public boolean isShutdown() {
                return threads.isShutdown();
            }

            @Override
            public boolean isTerminated() {
                return threads.isTerminated();
            }

            @Override
            public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
                return threads.awaitTermination(timeout, unit);
            }
        };
    }

}
