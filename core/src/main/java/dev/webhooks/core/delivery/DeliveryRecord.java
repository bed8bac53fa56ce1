package dev.webhooks.core.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import dev.webhooks.core.config.HttpMethod;

/**
 * The delivery log's record of one event for one config: the contract's {@code WebhookEvent}. There is exactly one per
 * (event, config) pair. An attempt is written only if the record is absent (for the first attempt) or still
 * {@linkplain #awaits awaits it}, so a recorded attempt is never written over, and a redelivered queue message (the
 * original or a retry), which reads the record first, does not repeat it.
 *
 * @param payload the event as it came in (a replay's: the replayed event's)
 * @param sentPayload the body decided for the pair once its first attempt got past the filter: the config's
 *        transform of the payload, or the payload itself; {@code null} while undecided. Every later attempt of the pair
 *        sends it, so a retry carries the bytes its first attempt did
 * @param outcome the latest attempt's outcome; {@code null} before the first attempt and when skipped
 * @param skipReason why the filter let the event pass by, when skipped
 * @param attempts how many attempts have been recorded (the first send and the scheduled retries)
 * @param nextAttemptAt when the next scheduled retry is due, while one is
 * @param replayOf for a replay, the id of the event it replays; otherwise {@code null}
 * @param disablesConfigVersion when this attempt's outcome disables its config: the config version the disabling is
 *        for, so a redelivered message can finish a disabling that was cut off (and only that one); otherwise
 *        {@code null}
 */
public record DeliveryRecord(
        String organizationId,
        String configId,
        String eventId,
        String eventName,
        String url,
        HttpMethod httpMethod,
        String payload,
        String sentPayload,
        DeliveryStatus status,
        DeliveryOutcome outcome,
        String skipReason,
        int attempts,
        Instant nextAttemptAt,
        Instant createdAt,
        Instant expiresAt,
        String replayOf,
        Long disablesConfigVersion) {

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
                event.payloadJson(), null, DeliveryStatus.IN_PROGRESS, null, null, 0, null, now, now.plus(RETENTION),
                null,
                null);
    }

    /**
     * Whether this stored record awaits the attempt after {@code attemptsMade}: it is in progress with exactly that
     * many attempts recorded. Otherwise that attempt is recorded already, or the pair is final.
     */
    public boolean awaits(int attemptsMade) {
        return status == DeliveryStatus.IN_PROGRESS && attempts == attemptsMade;
    }

    /**
     * This stored record, about to be attempted again as {@code fresh} describes it: the config's current url and
     * method, and the replay it belongs to, over the outcome, attempts and first creation time recorded so far. A body
     * decided already stays: the pair sends one body.
     */
    public DeliveryRecord continuedAs(DeliveryRecord fresh) {
        return new DeliveryRecord(organizationId, configId, eventId, fresh.eventName, fresh.url, fresh.httpMethod,
                fresh.payload, sentPayload != null ? sentPayload : fresh.sentPayload, status, outcome, skipReason,
                attempts, nextAttemptAt, createdAt, expiresAt,
                fresh.replayOf != null ? fresh.replayOf : replayOf, disablesConfigVersion);
    }

    /** This record, marked as the replay of another event. */
    public DeliveryRecord replaying(String originalEventId) {
        return new DeliveryRecord(organizationId, configId, eventId, eventName, url, httpMethod, payload, sentPayload,
                status, outcome, skipReason, attempts, nextAttemptAt, createdAt, expiresAt, originalEventId,
                disablesConfigVersion);
    }

    /** This record with the body decided for the pair, which every later attempt sends. */
    public DeliveryRecord sending(String body) {
        return new DeliveryRecord(organizationId, configId, eventId, eventName, url, httpMethod, payload, body, status,
                outcome, skipReason, attempts, nextAttemptAt, createdAt, expiresAt, replayOf, disablesConfigVersion);
    }

    /**
     * The body every later attempt of the pair sends: the one decided, or the payload for a pair attempted before
     * bodies were recorded (which sent it); empty while undecided (no attempt got past the filter yet).
     */
    public Optional<String> decidedBody() {
        if (sentPayload != null) {
            return Optional.of(sentPayload);
        }
        return attempts > 0 ? Optional.of(payload) : Optional.empty();
    }

    /** What the history shows as sent: the decided body, else the payload. */
    public String sentBody() {
        return sentPayload != null ? sentPayload : payload;
    }

    /** Whether the body sent differs from the event: the config's transform made it. */
    public boolean transformed() {
        return sentPayload != null && !sentPayload.equals(payload);
    }

    /** The contract's {@code retry_attempt}: how many retries preceded the current outcome. */
    public int retryAttempt() {
        return Math.max(0, attempts - 1);
    }

    public DeliveryRecord skipped(String reason) {
        return new DeliveryRecord(organizationId, configId, eventId, eventName, url, httpMethod, payload, sentPayload,
                DeliveryStatus.SKIPPED, null, reason, attempts, null, createdAt, expiresAt, replayOf, null);
    }

    /** One more attempt failed and a retry is scheduled: the record stays in progress. */
    public DeliveryRecord retrying(DeliveryOutcome result, Instant retryAt) {
        return new DeliveryRecord(organizationId, configId, eventId, eventName, url, httpMethod, payload, sentPayload,
                DeliveryStatus.IN_PROGRESS, result, null, attempts + 1, retryAt, createdAt, expiresAt, replayOf,
                null);
    }

    /**
     * The delivery waits in the queue until {@code until} without an attempt (its endpoint is paused or slow): still in
     * progress, its attempts unchanged, the reason and the time in the outcome and {@code next_attempt_at}.
     */
    public DeliveryRecord deferred(Instant until, String reason, Instant now) {
        return new DeliveryRecord(organizationId, configId, eventId, eventName, url, httpMethod, payload, sentPayload,
                DeliveryStatus.IN_PROGRESS, DeliveryOutcome.failure(FailureCode.Deferred, "Deferred until " + until
                        + ": " + reason, now, now), null, attempts, until, createdAt, expiresAt, replayOf, null);
    }

    /**
     * The same attempt waits in the queue until {@code until} (for its rate-limit slot, or for an invocation with time
     * to send it): still in progress, nothing else changed.
     */
    public DeliveryRecord waiting(Instant until) {
        return new DeliveryRecord(organizationId, configId, eventId, eventName, url, httpMethod, payload, sentPayload,
                DeliveryStatus.IN_PROGRESS, outcome, skipReason, attempts, until, createdAt, expiresAt, replayOf,
                disablesConfigVersion);
    }

    /** The last attempt: succeeded or finally failed. */
    public DeliveryRecord finished(DeliveryOutcome result) {
        return new DeliveryRecord(organizationId, configId, eventId, eventName, url, httpMethod, payload, sentPayload,
                result.succeeded() ? DeliveryStatus.SUCCEEDED : DeliveryStatus.FAILED, result, null, attempts + 1,
                null, createdAt, expiresAt, replayOf, null);
    }

    /** A scheduled retry that will not be made (its config was deleted or disabled), without sending. */
    public DeliveryRecord dropped(DeliveryOutcome reason) {
        return new DeliveryRecord(organizationId, configId, eventId, eventName, url, httpMethod, payload, sentPayload,
                DeliveryStatus.FAILED, reason, null, attempts, null, createdAt, expiresAt, replayOf, null);
    }

    /** This record, marked as the one whose outcome disables config version {@code configVersion}. */
    public DeliveryRecord disabling(long configVersion) {
        return new DeliveryRecord(organizationId, configId, eventId, eventName, url, httpMethod, payload, sentPayload,
                status, outcome, skipReason, attempts, nextAttemptAt, createdAt, expiresAt, replayOf, configVersion);
    }
}
