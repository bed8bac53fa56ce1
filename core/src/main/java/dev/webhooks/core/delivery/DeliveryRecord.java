package dev.webhooks.core.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import dev.webhooks.core.config.HttpMethod;

/**
 * The delivery log's record of one event for one config: the contract's {@code WebhookEvent}. There is exactly one per
 * (event, config) pair; it is claimed before sending, so a redelivered message finds it and does not send again once
 * it is final.
 *
 * @param outcome {@code null} while in progress and when skipped
 * @param skipReason why the filter let the event pass by, when skipped
 * @param retryAttempt how many retries preceded the current outcome (0: the first attempt)
 */
public record DeliveryRecord(
        String organizationId,
        String configId,
        String eventId,
        String eventName,
        String url,
        HttpMethod httpMethod,
        String payload,
        DeliveryStatus status,
        DeliveryOutcome outcome,
        String skipReason,
        int retryAttempt,
        Instant createdAt,
        Instant expiresAt) {

    /** How long records are kept: four weeks, as the contract promises. */
    public static final Duration RETENTION = Duration.ofDays(28);

    public DeliveryRecord {
        Objects.requireNonNull(organizationId);
        Objects.requireNonNull(configId);
        Objects.requireNonNull(eventId);
        Objects.requireNonNull(status);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(expiresAt);
    }

    public static DeliveryRecord start(InboundEvent event, String configId, String url, HttpMethod method,
            Instant now) {
        return new DeliveryRecord(event.organizationId(), configId, event.eventId(), event.eventName(), url, method,
                event.payloadJson(), DeliveryStatus.IN_PROGRESS, null, null, 0, now, now.plus(RETENTION));
    }

    public DeliveryRecord skipped(String reason) {
        return new DeliveryRecord(organizationId, configId, eventId, eventName, url, httpMethod, payload,
                DeliveryStatus.SKIPPED, null, reason, retryAttempt, createdAt, expiresAt);
    }

    public DeliveryRecord finished(DeliveryOutcome result, int retries) {
        return new DeliveryRecord(organizationId, configId, eventId, eventName, url, httpMethod, payload,
                result.succeeded() ? DeliveryStatus.SUCCEEDED : DeliveryStatus.FAILED, result, null, retries,
                createdAt, expiresAt);
    }
}
