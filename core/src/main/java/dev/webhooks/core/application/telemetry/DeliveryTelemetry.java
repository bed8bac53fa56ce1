package dev.webhooks.core.application.telemetry;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.webhooks.core.config.DisabledReason;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryMetric;
import dev.webhooks.core.delivery.DeliveryMetric.Kind;
import dev.webhooks.core.delivery.DeliveryOutcome;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.port.DeliveryMetrics;

/**
 * What an on-call engineer sees of the delivery path: one log line and one metric for each thing that happens to a
 * delivery, in one place so the two always agree.
 *
 * <ul>
 * <li>INFO: each attempt (its outcome, status code, duration and failure code, as fields of the line), a skip, a
 * deferral;</li>
 * <li>WARN: a circuit opened, an address refused by the SSRF guard, a config disabled, a dead letter.</li>
 * </ul>
 * Lines carry ids and codes, never a secret, a token, a payload or an endpoint's answer: a failure's message can quote
 * the event or the endpoint, so lines name its code only. The delivery's own ids come from the {@link LogContext}.
 */
@ApplicationScoped
public class DeliveryTelemetry {

    private static final Logger LOG = Logger.getLogger(DeliveryTelemetry.class);
    private static final String OUTCOME = "outcome";
    private static final String STATUS_CODE = "status_code";
    private static final String DURATION_MS = "duration_ms";
    private static final String FAILURE_CODE = "failure_code";

    private final DeliveryMetrics metrics;

    public DeliveryTelemetry(DeliveryMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * An attempt was made and its consequence decided: delivered, to be retried, or failed for good. An address the
     * SSRF guard refused is also said as a warning.
     */
    public void attempted(WebhookConfig config, String eventId, int attempt, DeliveryOutcome outcome, Kind result) {
        Integer status = outcome.statusCode();
        FailureCode code = outcome.code();
        long millis = outcome.duration().toMillis();
        withFields(Map.of(OUTCOME, result.outcome(), STATUS_CODE, status == null ? "none" : status.toString(),
                DURATION_MS, Long.toString(millis), FAILURE_CODE, code == null ? "none" : code.name()),
                () -> LOG.infof("Delivery attempt %d: %s (status %s, %d ms%s)", attempt, result.outcome(),
                        status == null ? "none" : status, millis, code == null ? "" : ", " + code));
        // Latency of every attempt that was made, a timeout's too: leaving those out would flatter a hanging endpoint.
        metrics.record(new DeliveryMetric(result, config.organizationId(), config.id(), eventId, outcome.duration(),
                status, code));
        if (code == FailureCode.SsrfBlocked) {
            LOG.warnf("The SSRF guard refused the address of config %s's endpoint", config.id());
            metrics.record(new DeliveryMetric(Kind.SSRF_REFUSED, config.organizationId(), config.id(), eventId,
                    null, null, code));
        }
    }

    /** The delivery failed for good without an attempt now (a transform, or held back too long). */
    public void failedUnsent(WebhookConfig config, String eventId, FailureCode code) {
        withFields(Map.of(OUTCOME, Kind.FAILED.outcome(), FAILURE_CODE, code.name()),
                () -> LOG.infof("Delivery failed without being sent: %s", code));
        metrics.record(new DeliveryMetric(Kind.FAILED, config.organizationId(), config.id(), eventId, null, null,
                code));
    }

    /** A scheduled retry was not made (its config was deleted or disabled): the delivery failed for good. */
    public void retryDropped(String organizationId, String configId, String eventId, int attempt, String why) {
        try (LogContext.Scope ids = LogContext.delivery(organizationId, configId, eventId, "none", attempt + 1)) {
            withFields(Map.of(OUTCOME, Kind.FAILED.outcome(), FAILURE_CODE, FailureCode.RetryDropped.name()),
                    () -> LOG.infof("Retry %d not made: %s", attempt, why));
        }
        metrics.record(new DeliveryMetric(Kind.FAILED, organizationId, configId, eventId, null, null,
                FailureCode.RetryDropped));
    }

    public void skipped(WebhookConfig config, String eventId) {
        withFields(Map.of(OUTCOME, Kind.SKIPPED.outcome()), () -> LOG.info("Delivery skipped by the filter"));
        metrics.record(DeliveryMetric.of(Kind.SKIPPED, config.organizationId(), config.id(), eventId));
    }

    /** The delivery waits in the queue until later, for {@code why} (the pause's reason, no payload). */
    public void deferred(WebhookConfig config, String eventId, String why) {
        withFields(Map.of(OUTCOME, Kind.DEFERRED.outcome()), () -> LOG.infof("Delivery deferred: %s", why));
        metrics.record(DeliveryMetric.of(Kind.DEFERRED, config.organizationId(), config.id(), eventId));
    }

    /** An endpoint's circuit opened: its deliveries of this organization wait in the queue for a while. */
    public void circuitOpened(String organizationId, String endpoint) {
        LOG.warnf("Circuit opened for %s (organization %s) after repeated failures: its deliveries wait",
                endpoint, organizationId);
        metrics.record(DeliveryMetric.of(Kind.CIRCUIT_OPEN, organizationId, null, null));
    }

    public void disabled(String organizationId, String configId, DisabledReason reason) {
        LOG.warnf("Config %s of organization %s disabled: %s", configId, organizationId, reason.wireName());
        metrics.record(DeliveryMetric.of(Kind.DISABLED, organizationId, configId, null));
    }

    /** A delivery went to the dead-letter queue, with the code of its last failure. */
    public void deadLettered(WebhookConfig config, String eventId, FailureCode code) {
        LOG.warnf("Event %s to config %s dead-lettered: %s", eventId, config.id(), code);
        metrics.record(new DeliveryMetric(Kind.DEAD_LETTERED, config.organizationId(), config.id(), eventId, null,
                null, code));
    }

    /** A message that can never be processed went to the dead-letter queue. */
    public void unprocessable(String messageId, String reason) {
        // The reason's first clause: what follows a colon may quote the message (a parser's excerpt of it).
        int colon = reason == null ? -1 : reason.indexOf(':');
        LOG.warnf("Message %s cannot be processed and goes to the dead-letter queue: %s", messageId,
                colon < 0 ? reason : reason.substring(0, colon));
        metrics.record(DeliveryMetric.of(Kind.DEAD_LETTERED, null, null, null));
    }

    private static void withFields(Map<String, String> fields, Runnable log) {
        try (LogContext.Scope scope = LogContext.with(fields)) {
            log.run();
        }
    }
}
