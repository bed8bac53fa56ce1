package dev.webhooks.core.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * One thing that happened to a delivery, as a metric counts it: its kind (the metric and its {@code Outcome}
 * dimension) and, as properties that stay out of the dimensions, whose it was.
 *
 * @param organizationId whose delivery; {@code null} for a message whose organization is unknown
 * @param configId which config; {@code null} when none (an unprocessable message)
 * @param latency how long the endpoint took to answer, for an attempt that reached it; otherwise {@code null}
 * @param statusCode the endpoint's HTTP status, when it answered
 * @param failureCode the failure's code, for a failed attempt
 */
public record DeliveryMetric(Kind kind, String organizationId, String configId, String eventId, Duration latency,
        Integer statusCode, FailureCode failureCode) {

    /** What happened; each is a metric of its own. */
    public enum Kind {
        /** An attempt the endpoint accepted. */
        DELIVERED("Delivered", "delivered"),
        /** An attempt that failed and will be retried. */
        RETRIED("Retried", "retried"),
        /** A delivery that failed for good (out of retries, or not retryable, or held back too long). */
        FAILED("Failed", "failed"),
        /** The filter let the event pass by. */
        SKIPPED("Skipped", "skipped"),
        /** The delivery waits in the queue: its endpoint is paused or slow, or its expressions could not run yet. */
        DEFERRED("Deferred", "deferred"),
        /** An endpoint's circuit opened after repeated failures. */
        CIRCUIT_OPEN("CircuitOpen", "circuit_open"),
        /** The SSRF guard refused the address a config's URL resolved to. */
        SSRF_REFUSED("SsrfRefused", "ssrf_refused"),
        /** The service disabled a config (410 Gone, or failing for too long). */
        DISABLED("Disabled", "disabled"),
        /** A message or a delivery went to the dead-letter queue. */
        DEAD_LETTERED("DeadLettered", "dead_lettered");

        private final String metricName;
        private final String outcome;

        Kind(String metricName, String outcome) {
            this.metricName = metricName;
            this.outcome = outcome;
        }

        public String metricName() {
            return metricName;
        }

        /** The value of the {@code Outcome} dimension. */
        public String outcome() {
            return outcome;
        }
    }

    public DeliveryMetric {
        Objects.requireNonNull(kind);
    }

    public static DeliveryMetric of(Kind kind, String organizationId, String configId, String eventId) {
        return new DeliveryMetric(kind, organizationId, configId, eventId, null, null, null);
    }
}
