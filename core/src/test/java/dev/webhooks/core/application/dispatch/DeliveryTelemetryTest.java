package dev.webhooks.core.application.dispatch;

import static dev.webhooks.core.application.dispatch.DispatchHarness.ORG;
import static dev.webhooks.core.application.dispatch.DispatchHarness.event;
import static dev.webhooks.core.application.dispatch.ScriptedTransport.failing;
import static dev.webhooks.core.application.dispatch.ScriptedTransport.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webhooks.core.application.telemetry.LogContext;
import dev.webhooks.core.config.RetryPolicy;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryMetric;
import dev.webhooks.core.delivery.DeliveryMetric.Kind;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.WebhookSignature;
import dev.webhooks.core.filter.Filter;

/**
 * What the delivery path tells an on-call engineer: a metric for each thing that happens to a delivery, one INFO line
 * per attempt with its outcome, and warnings for what needs attention, every line carrying the delivery's ids and the
 * invocation's request id in its logging context.
 */
class DeliveryTelemetryTest {

    /** A log line as the handler saw it, with the logging context of the thread that wrote it. */
    private record Line(Level level, String message, Map<String, Object> context) {
    }

    private final List<Line> lines = new ArrayList<>();
    private final Logger logger = Logger.getLogger("dev.webhooks");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getParameters() == null ? record.getMessage()
                    : String.format(record.getMessage(), record.getParameters());
            synchronized (lines) {
                lines.add(new Line(record.getLevel(), message, new HashMap<>(MDC.getMap())));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureTheLogs() {
        logger.addHandler(capture);
        logger.setLevel(Level.ALL);
    }

    @AfterEach
    void stopCapturing() {
        logger.removeHandler(capture);
    }

    @Test
    void anAttemptIsOneInfoLineWithItsOutcomeAndOneMetricWithItsLatency() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(200)));
        WebhookConfig config = harness.config();

        try (LogContext.Scope invocation = LogContext.invocation("req-42")) {
            harness.deliver(event("evt-1"));
        }

        Line attempt = only(Level.INFO, "Delivery attempt 1: delivered");
        assertThat(attempt.context()).containsEntry(LogContext.ORGANIZATION, ORG)
                .containsEntry(LogContext.CONFIG, config.id())
                .containsEntry(LogContext.EVENT, "evt-1")
                .containsEntry(LogContext.WEBHOOK_ID, WebhookSignature.messageId("evt-1", config.id()))
                .containsEntry(LogContext.ATTEMPT, "1")
                .containsEntry(LogContext.REQUEST_ID, "req-42")
                .containsEntry("outcome", "delivered")
                .containsEntry("status_code", "200")
                .containsKey("duration_ms");
        DeliveryMetric metric = single(harness, Kind.DELIVERED);
        assertThat(metric.organizationId()).isEqualTo(ORG);
        assertThat(metric.configId()).isEqualTo(config.id());
        assertThat(metric.latency()).isNotNull();
        assertThat(metric.statusCode()).isEqualTo(200);
    }

    @Test
    void aRetryThenAFinalFailureAreCountedAndTheDeadLetterIsAWarning() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(503)));
        harness.config(c -> c.retryPolicy(new RetryPolicy(true, 1)));

        harness.deliver(event("evt-1"));
        harness.runQueue(Duration.ofHours(1));

        assertThat(harness.metrics.count(Kind.RETRIED)).isEqualTo(1);
        assertThat(harness.metrics.count(Kind.FAILED)).isEqualTo(1);
        assertThat(harness.metrics.count(Kind.DEAD_LETTERED)).isEqualTo(1);
        assertThat(only(Level.INFO, "Delivery attempt 1: retried").context()).containsEntry("failure_code",
                "HttpError").containsEntry("status_code", "503");
        assertThat(only(Level.INFO, "Delivery attempt 2: failed").context()).containsEntry(LogContext.ATTEMPT, "2");
        assertThat(only(Level.WARNING, "dead-lettered").context()).containsEntry(LogContext.EVENT, "evt-1");
    }

    @Test
    void aSkipAnSsrfRefusalAndADisablingAreCounted() {
        DispatchHarness filtered = new DispatchHarness(ScriptedTransport.answering(status(200)));
        filtered.config(c -> c.filter(new Filter("entity.status", List.of("closed"))));
        filtered.deliver(event("evt-skip"));
        assertThat(filtered.metrics.count(Kind.SKIPPED)).isEqualTo(1);
        assertThat(only(Level.INFO, "skipped by the filter").context()).containsEntry(LogContext.EVENT, "evt-skip");

        DispatchHarness refused = new DispatchHarness(ScriptedTransport.answering(failing(FailureCode.SsrfBlocked)));
        refused.config();
        refused.deliver(event("evt-ssrf"));
        assertThat(refused.metrics.count(Kind.SSRF_REFUSED)).isEqualTo(1);
        assertThat(only(Level.WARNING, "SSRF guard refused")).isNotNull();

        DispatchHarness gone = new DispatchHarness(ScriptedTransport.answering(status(410)));
        gone.config();
        gone.deliver(event("evt-gone"));
        assertThat(gone.metrics.count(Kind.DISABLED)).isEqualTo(1);
        assertThat(only(Level.WARNING, "disabled: endpoint_gone")).isNotNull();
    }

    @Test
    void anOpenedCircuitAndADeferralAreCountedAndTheOpeningIsAWarning() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(503)),
                Map.of("circuitBreakerVolume", "2", "circuitBreakerFailureRatio", "0.5", "circuitBreakerDelay", "1h"));
        harness.config(c -> c.retryPolicy(new RetryPolicy(true, 5)));

        harness.deliver(event("evt-0"));
        harness.deliver(event("evt-1"));
        harness.deliver(event("evt-2"));

        assertThat(harness.metrics.count(Kind.CIRCUIT_OPEN)).isEqualTo(1);
        assertThat(harness.metrics.count(Kind.DEFERRED)).isEqualTo(1);
        assertThat(only(Level.WARNING, "Circuit opened")).isNotNull();
        assertThat(only(Level.INFO, "Delivery deferred").context()).containsEntry(LogContext.EVENT, "evt-2");
    }

    @Test
    void waitingForTheRateLimitIsADeferralAndADroppedRetryAFailure() {
        DispatchHarness limited = new DispatchHarness(ScriptedTransport.answering(status(200)));
        limited.config(c -> c.rateLimitPerSecond(1));
        limited.deliver(event("evt-0"), event("evt-1"));
        assertThat(limited.metrics.count(Kind.DEFERRED)).isEqualTo(1);
        assertThat(only(Level.INFO, "over the config's rate limit").context()).containsEntry(LogContext.EVENT,
                "evt-1");

        DispatchHarness dropped = new DispatchHarness(ScriptedTransport.answering(status(503)));
        WebhookConfig config = dropped.config(c -> c.retryPolicy(new RetryPolicy(true, 3)));
        dropped.deliver(event("evt-2"));
        dropped.configs.delete(ORG, config.id());
        dropped.runQueue(Duration.ofMinutes(10));
        assertThat(dropped.metrics.all()).filteredOn(metric -> metric.kind() == Kind.FAILED).singleElement()
                .satisfies(metric -> assertThat(metric.failureCode()).isEqualTo(FailureCode.RetryDropped));
    }

    @Test
    void anUnprocessableMessageIsADeadLetterAndAWarning() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(200)));

        harness.deliver("not json");

        assertThat(harness.metrics.count(Kind.DEAD_LETTERED)).isEqualTo(1);
        assertThat(only(Level.WARNING, "cannot be processed")).isNotNull();
    }

    @Test
    void thePoolsThreadsCarryTheInvocationsRequestIdAndLeaveNoDeliveryContextBehind() {
        DispatchHarness harness = new DispatchHarness(ScriptedTransport.answering(status(200)),
                Map.of("concurrency", "4"));
        harness.config();

        try (LogContext.Scope invocation = LogContext.invocation("req-7")) {
            harness.deliver(event("evt-1"), event("evt-2"), event("evt-3"));
        }

        assertThat(lines("Delivery attempt 1: delivered")).hasSize(3)
                .allSatisfy(line -> assertThat(line.context()).containsEntry(LogContext.REQUEST_ID, "req-7"));
        assertThat(MDC.getMap()).as("this thread's context is clean again").isEmpty();
    }

    private static DeliveryMetric single(DispatchHarness harness, Kind kind) {
        List<DeliveryMetric> found = harness.metrics.all().stream().filter(metric -> metric.kind() == kind).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private List<Line> lines(String containing) {
        synchronized (lines) {
            return lines.stream().filter(line -> line.message().contains(containing)).toList();
        }
    }

    /** The one line at {@code level} (JBoss's WARN is JUL's WARNING: compared by value) containing the text. */
    private Line only(Level level, String containing) {
        List<Line> found = lines(containing).stream().filter(line -> line.level().intValue() == level.intValue())
                .toList();
        assertThat(found).as("%s lines containing '%s' in %s", level, containing, lines).hasSize(1);
        return found.get(0);
    }
}
