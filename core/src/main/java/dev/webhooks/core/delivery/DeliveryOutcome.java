package dev.webhooks.core.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * What one attempt to call an endpoint came to.
 *
 * @param statusCode the endpoint's HTTP status, or {@code null} when there was no HTTP answer
 * @param code {@code null} on success, otherwise why it failed
 * @param message a short human explanation
 * @param responseBody the first bytes of the endpoint's answer (at most the configured limit), or {@code null}
 * @param retryAfter the endpoint's {@code Retry-After}, when it sent one
 */
public record DeliveryOutcome(Integer statusCode, FailureCode code, String message, String responseBody,
        Duration retryAfter, Instant startedAt, Instant endedAt) {

    public boolean succeeded() {
        return code == null;
    }

    /**
     * Worth trying again: connection errors, timeouts, 5xx, 429 and 3xx (a redirect is not followed, but the endpoint
     * may be fixed); never other 4xx, refused addresses or misconfigured authentication.
     */
    public boolean retryable() {
        if (code == null) {
            return false;
        }
        if (code == FailureCode.HttpError) {
            return statusCode >= 500 || statusCode == 429 || (statusCode >= 300 && statusCode < 400);
        }
        return code.retryable();
    }

    public Duration duration() {
        return Duration.between(startedAt, endedAt);
    }

    public static DeliveryOutcome failure(FailureCode code, String message, Instant startedAt, Instant endedAt) {
        return new DeliveryOutcome(null, code, message, null, null, startedAt, endedAt);
    }
}
