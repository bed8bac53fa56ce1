package dev.webhooks.core.application.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.webhooks.core.application.telemetry.DeliveryTelemetry;
import dev.webhooks.core.application.telemetry.LogContext;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeadLetter;
import dev.webhooks.core.delivery.Delivery;
import dev.webhooks.core.delivery.DeliveryMetric;
import dev.webhooks.core.delivery.DeliveryOutcome;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.InboundEvent;
import dev.webhooks.core.delivery.RetryDecision;
import dev.webhooks.core.delivery.RetryMessage;
import dev.webhooks.core.delivery.RetrySchedule;
import dev.webhooks.core.delivery.WebhookSignature;
import dev.webhooks.core.filter.FilterEngine;
import dev.webhooks.core.filter.FilterResult;
import dev.webhooks.core.filter.FilterUnavailableException;
import dev.webhooks.core.filter.TransformResult;
import dev.webhooks.core.port.DeadLetterQueue;
import dev.webhooks.core.port.DeliveryLogRepository;
import dev.webhooks.core.port.EventQueue;
import dev.webhooks.core.port.RateLimiter;
import dev.webhooks.core.settings.DeliverySettings;

/**
 * One attempt of one delivery, the state machine of an (event, config) pair:
 *
 * <ol>
 * <li><b>read</b> the pair's record: an attempt already recorded (a redelivered message) is not made again. The first
 * attempt of a message SQS delivers for the first time assumes the pair absent and reads only before what a failure
 * or a requeue sets off ({@link PriorRecord});</li>
 * <li><b>filter</b> (a fan-out's first attempt only): no match is {@code skipped};</li>
 * <li><b>body</b>, decided once per pair ({@link DeliveryBodies}): the config's transform of the event, or the event. A
 * transform that fails is a final {@code TransformError}, dead-lettered, with nothing sent;</li>
 * <li><b>rate limit</b>: over the config's limit, the same attempt waits in the queue for its slot;</li>
 * <li><b>send</b>, then judge the endpoint's health and {@linkplain RetrySchedule#decide decide} what follows;</li>
 * <li><b>record</b>: a retry is put on the queue, or a final failure on the dead-letter queue, before the record says
 * {@code in_progress} or {@code failed}; a disabling is announced before the record and written after it. The record
 * is one conditional write, made only if the pair still awaits this attempt, so of two workers running the same
 * attempt only the first records it.</li>
 * </ol>
 *
 * <p>A first attempt that succeeds costs one conditional write of the log and nothing before the send. A copy of an
 * event that arrives as a new message (a producer's or SQS's duplicate) may then be sent twice, under the same
 * {@code webhook-id}; it is recorded once, and a failure's consequences happen once.
 *
 * <p>Every write that keeps the event alive comes before the write that lets it go, so a crash or a failed write
 * anywhere hands the message back to SQS and the next try repeats what is missing: the worst case is a duplicate.
 */
@ApplicationScoped
public class DeliveryAttempt {

    private static final Logger LOG = Logger.getLogger(DeliveryAttempt.class);
    /** How long a delivery whose filter could not be evaluated waits before it tries again, at first. */
    static final Duration FILTER_RETRY = Duration.ofSeconds(5);

    private final DeliveryLogRepository log;
    private final FilterEngine filters;
    private final DeliveryBodies bodies;
    private final RateLimiter rateLimiter;
    private final GuardedSender sender;
    private final EndpointHealth health;
    private final RetrySchedule schedule;
    private final EventQueue events;
    private final DeadLetterQueue deadLetters;
    private final DeliveryTelemetry telemetry;
    private final DeliverySettings settings;
    private final Clock clock;

    public DeliveryAttempt(DeliveryLogRepository log, FilterEngine filters, DeliveryBodies bodies,
            RateLimiter rateLimiter, GuardedSender sender, EndpointHealth health, RetrySchedule schedule,
            EventQueue events, DeadLetterQueue deadLetters, DeliveryTelemetry telemetry, DeliverySettings settings,
            Clock clock) {
        this.log = log;
        this.filters = filters;
        this.bodies = bodies;
        this.rateLimiter = rateLimiter;
        this.sender = sender;
        this.health = health;
        this.schedule = schedule;
        this.events = events;
        this.deadLetters = deadLetters;
        this.telemetry = telemetry;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Runs the delivery's next attempt to {@code config}. An attempt the invocation has no time left to send is put
     * back on the queue as the same attempt.
     */
    public void run(Delivery delivery, WebhookConfig config, Deadline deadline) {
        run(delivery, config, deadline, PriorRecord.UNKNOWN);
    }

    /** Runs the attempt, reading the pair's record only when {@code prior} does not tell it. */
    void run(Delivery delivery, WebhookConfig config, Deadline deadline, PriorRecord prior) {
        InboundEvent event = delivery.event();
        try (LogContext.Scope ids = LogContext.delivery(config.organizationId(), config.id(), event.eventId(),
                WebhookSignature.messageId(event.eventId(), config.id()), delivery.attemptsMade() + 1)) {
            attempt(delivery, config, deadline, prior);
        }
    }

    private void attempt(Delivery delivery, WebhookConfig config, Deadline deadline, PriorRecord prior) {
        InboundEvent event = delivery.event();
        DeliveryRecord start = DeliveryRecord.start(event, config.id(), config.url(), config.httpMethod(),
                clock.instant());
        String replayOf = delivery.origin().replayOf();
        DeliveryRecord fresh = replayOf == null ? start : start.replaying(replayOf);
        Optional<DeliveryRecord> stored = prior.known() ? Optional.ofNullable(prior.record())
                : log.find(event.organizationId(), config.id(), event.eventId());
        if (stored.isPresent() && !stored.get().awaits(delivery.attemptsMade())) {
            LOG.debugf("Attempt %d of event %s for config %s is already recorded", delivery.attemptsMade(),
                    event.eventId(), config.id());
            finishRecorded(stored.get());
            return;
        }
        DeliveryRecord record = stored.map(recorded -> recorded.continuedAs(fresh)).orElse(fresh);
        Recorded confirm = new Recorded(delivery, config, prior.assumed());
        if (delivery.appliesFilter()) {
            FilterResult filter;
            try {
                filter = filters.evaluate(config.organizationId(), config.filter(), config.filterConditions(), event.payload());
            } catch (FilterUnavailableException busy) {
                // Not evaluated is not skipped: the same attempt comes back, and the filter runs then.
                confirm.awaiting(record).ifPresent(awaiting -> evaluateLater(delivery, config, awaiting, busy));
                return;
            }
            if (!filter.matched()) {
                if (log.save(record.skipped(filter.failedRule()), record.attempts())) {
                    telemetry.skipped(config, event.eventId());
                }
                return;
            }
        }
        Optional<String> decided = DeliveryBodies.decided(delivery, record);
        if (decided.isEmpty() && bodies.transforms(config) && confirm.assumed()) {
            // A copy of this message may have decided the pair's body already, and a second decision could differ (a
            // changed expression, $now()) or fail where the first succeeded: the record is read once before deciding.
            Optional<DeliveryRecord> current = confirm.awaiting(record);
            if (current.isEmpty()) {
                return;
            }
            record = current.get();
            confirm.read();
            decided = DeliveryBodies.decided(delivery, record);
        }
        if (decided.isPresent()) {
            record = record.sending(decided.get());
        } else {
            TransformResult body;
            try {
                body = bodies.decide(config, event);
            } catch (FilterUnavailableException busy) {
                // Like a filter: a transform not evaluated is tried again, neither sent untransformed nor failed.
                confirm.awaiting(record).ifPresent(awaiting -> evaluateLater(delivery, config, awaiting, busy));
                return;
            }
            if (!body.succeeded()) {
                DeliveryOutcome failed = DeliveryBodies.transformFailed(body, clock.instant());
                transformFailed(delivery, config, record, failed);
                return;
            }
            record = record.sending(body.body());
        }
        if (config.rateLimitPerSecond() != null && !delivery.slotReserved()) {
            Instant now = clock.instant();
            Instant slot = rateLimiter.reserve(config.organizationId(), config.id(), config.rateLimitPerSecond(), now);
            if (slot.isAfter(now)) {
                confirm.awaiting(record).ifPresent(awaiting -> waitForSlot(delivery, config, awaiting, slot));
                return;
            }
        }
        DeliveryOutcome outcome;
        try {
            outcome = sender.send(config, event, record.sentPayload(), deadline);
        } catch (GuardedSender.EndpointPausedException e) {
            confirm.awaiting(record).ifPresent(awaiting -> defer(delivery, config, awaiting, e));
            return;
        } catch (GuardedSender.OutOfTimeException e) {
            // The invocation cannot finish a send: the same attempt goes back on the queue, not the whole message to
            // SQS, whose receive count would bring it closer to the dead-letter queue for no fault of its own.
            Optional<DeliveryRecord> awaiting = confirm.awaiting(record);
            Instant now = clock.instant();
            if (awaiting.isPresent() && !heldBackTooLong(delivery, config, awaiting.get(), now, FailureCode.Timeout,
                    "invocations too short to send it")) {
                if (requeue(awaiting.get().waiting(now), delivery.resumeAt(config.id(), now), Duration.ZERO)) {
                    telemetry.deferred(config, event.eventId(), "no time left in this invocation to send it");
                }
            }
            return;
        }
        if (!outcome.succeeded()) {
            // What a failure sets off (its count against the endpoint, a retry, a dead letter, a disabling) happens
            // only for an attempt the log still awaits.
            Optional<DeliveryRecord> awaiting = confirm.awaiting(record);
            if (awaiting.isEmpty()) {
                return;
            }
            record = awaiting.get();
        }
        int made = delivery.attemptsMade() + 1;
        EndpointHealth.Verdict verdict = health.afterAttempt(config, outcome);
        RetryDecision decision = schedule.decide(config.retryPolicy(), made, outcome, clock.instant());
        DeliveryRecord recorded = switch (decision.action()) {
            case DONE -> record.finished(outcome);
            case RETRY -> {
                events.scheduleRetry(delivery.retryAt(config.id(), made, decision.dueAt()),
                        shorter(decision.delay(), settings.maxQueueDelay()));
                yield record.retrying(outcome, decision.dueAt());
            }
            case GIVE_UP -> {
                deadLetters.send(DeadLetter.undeliverable(event, config.id(), outcome, made));
                yield record.finished(outcome);
            }
        };
        if (verdict.disables()) {
            health.announce(config, verdict, outcome);
            recorded = recorded.disabling(verdict.configVersion());
        }
        if (!log.save(recorded, record.attempts())) {
            LOG.infof("Attempt %d of event %s for config %s was recorded by another worker first", made,
                    event.eventId(), config.id());
            return;
        }
        telemetry.attempted(config, event.eventId(), made, outcome, switch (decision.action()) {
            case DONE -> outcome.succeeded() ? DeliveryMetric.Kind.DELIVERED : DeliveryMetric.Kind.FAILED;
            case RETRY -> DeliveryMetric.Kind.RETRIED;
            case GIVE_UP -> DeliveryMetric.Kind.FAILED;
        });
        if (decision.action() == RetryDecision.Action.GIVE_UP) {
            telemetry.deadLettered(config, event.eventId(), outcome.code());
        }
        if (verdict.disables()) {
            health.disable(config, verdict);
        }
    }

    /**
     * Confirms, for an attempt that assumed its pair absent, that the log still awaits it, with one read before the
     * first thing other than a successful record that the attempt would do. An attempt that read the log before it
     * sent needs no second read.
     */
    private final class Recorded {
        private final Delivery delivery;
        private final WebhookConfig config;
        private boolean assumed;

        Recorded(Delivery delivery, WebhookConfig config, boolean assumed) {
            this.delivery = delivery;
            this.config = config;
            this.assumed = assumed;
        }

        /** Whether the attempt has not read the pair's record yet (it assumed it absent). */
        boolean assumed() {
            return assumed;
        }

        /** The attempt has read the record ({@link #awaiting}): later writes need no second read. */
        void read() {
            assumed = false;
        }

        /**
         * The record to write over: {@code record} as it is, or the log's record now continued as {@code record}
         * (keeping its first creation time); empty when another copy recorded the attempt meanwhile, which is then
         * finished as recorded.
         */
        Optional<DeliveryRecord> awaiting(DeliveryRecord record) {
            if (!assumed) {
                return Optional.of(record);
            }
            InboundEvent event = delivery.event();
            Optional<DeliveryRecord> stored = log.find(event.organizationId(), config.id(), event.eventId());
            if (stored.isEmpty()) {
                return Optional.of(record);
            }
            if (!stored.get().awaits(delivery.attemptsMade())) {
                LOG.debugf("Attempt %d of event %s for config %s was recorded by a copy of its message",
                        delivery.attemptsMade(), event.eventId(), config.id());
                finishRecorded(stored.get());
                return Optional.empty();
            }
            return Optional.of(stored.get().continuedAs(record));
        }
    }

    /**
     * A delivery found already recorded (a redelivered message, or a retry whose attempt is done): finishes what the
     * attempt that recorded it may have been cut off from doing after its record.
     */
    public void finishRecorded(DeliveryRecord recorded) {
        health.finishDisabling(recorded);
    }

    /**
     * Over the rate limit: the same attempt goes back on the queue holding the slot it reserved, and is sent when it
     * arrives.
     */
    private void waitForSlot(Delivery delivery, WebhookConfig config, DeliveryRecord record, Instant slot) {
        if (!heldBackTooLong(delivery, config, record, slot, FailureCode.RateLimited, "its config's rate limit of "
                + config.rateLimitPerSecond() + "/s") && requeue(record.waiting(slot),
                        delivery.waitForSlot(config.id(), slot),
                        shorter(Duration.between(clock.instant(), slot), settings.maxQueueDelay()))) {
            telemetry.deferred(config, delivery.event().eventId(), "over the config's rate limit of "
                    + config.rateLimitPerSecond() + "/s; its slot is at " + slot);
        }
    }

    /**
     * The same attempt goes back on the queue. Its record is written first: the queued attempt finds the payload in
     * the log (a first attempt may have no record yet). A crash between the two leaves the record awaiting the same
     * attempt and the message unanswered, so SQS delivers it again and it runs again; if another worker recorded the
     * attempt meanwhile, nothing is queued.
     */
    private boolean requeue(DeliveryRecord waiting, RetryMessage resume, Duration delay) {
        if (log.save(waiting, waiting.attempts())) {
            events.scheduleRetry(resume, delay);
            return true;
        }
        return false;
    }

    /**
     * The endpoint is paused or slow: the same attempt goes back on the queue for the pause, and the record says so
     * and until when. No attempt is spent and the endpoint's health is not touched.
     */
    private void defer(Delivery delivery, WebhookConfig config, DeliveryRecord record,
            GuardedSender.EndpointPausedException paused) {
        Instant now = clock.instant();
        Duration pause = deferral(paused.pause(), Duration.between(record.createdAt(), now));
        Instant until = now.plus(pause);
        if (heldBackTooLong(delivery, config, record, until, FailureCode.CircuitOpen, paused.getMessage())) {
            return;
        }
        if (requeue(record.deferred(until, paused.getMessage(), now), delivery.resumeAt(config.id(), until),
                shorter(pause, settings.maxQueueDelay()))) {
            telemetry.deferred(config, delivery.event().eventId(), paused.getMessage() + "; until " + until);
        }
    }

    /**
     * The filter or the transform could not be evaluated now: the same attempt goes back on the queue (the record says
     * why and until when), backing off like a deferral, and fails with {@code FilterUnavailable} past the maximum
     * delivery age.
     */
    private void evaluateLater(Delivery delivery, WebhookConfig config, DeliveryRecord record,
            FilterUnavailableException busy) {
        Instant now = clock.instant();
        Duration pause = deferral(FILTER_RETRY, Duration.between(record.createdAt(), now));
        Instant until = now.plus(pause);
        if (heldBackTooLong(delivery, config, record, until, FailureCode.FilterUnavailable, busy.getMessage())) {
            return;
        }
        if (requeue(record.deferred(until, busy.getMessage(), now), delivery.resumeAt(config.id(), until),
                shorter(pause, settings.maxQueueDelay()))) {
            telemetry.deferred(config, delivery.event().eventId(), busy.getMessage() + "; tried again at " + until);
        }
    }

    /**
     * How long a deferred delivery waits: the pause the endpoint asks for (the breaker's delay, or the slow-endpoint
     * deferral), or half the time the delivery has been waiting already if that is longer, up to the longest queue
     * delay. So the deliveries of an endpoint that stays paused come back ever more rarely instead of every pause,
     * each costing a write and a message, until they succeed or reach the maximum delivery age.
     */
    Duration deferral(Duration pause, Duration waitedSoFar) {
        Duration backoff = shorter(waitedSoFar.dividedBy(2), settings.maxQueueDelay());
        return backoff.compareTo(pause) > 0 ? backoff : pause;
    }

    /**
     * A delivery held back (rate limit, paused endpoint) until past {@link DeliverySettings#maxDeliveryAge()} fails
     * instead of waiting, so no record outlives the log's retention in progress.
     *
     * @return whether it failed
     */
    private boolean heldBackTooLong(Delivery delivery, WebhookConfig config, DeliveryRecord record, Instant until,
            FailureCode code, String why) {
        if (!until.isAfter(record.createdAt().plus(settings.maxDeliveryAge()))) {
            return false;
        }
        Instant now = clock.instant();
        failUnsent(delivery, config, record, DeliveryOutcome.failure(code, "Held back by " + why + " for longer than "
                + settings.maxDeliveryAge(), now, now));
        return true;
    }

    /**
     * The transform failed on this event: the delivery fails finally, unless another copy of the message decided the
     * pair's body meanwhile (its transform succeeded, as it may where this one timed out), which then stands.
     */
    private void transformFailed(Delivery delivery, WebhookConfig config, DeliveryRecord record,
            DeliveryOutcome failed) {
        InboundEvent event = delivery.event();
        Optional<DeliveryRecord> stored = log.find(event.organizationId(), config.id(), event.eventId());
        if (stored.isPresent() && !stored.get().awaits(delivery.attemptsMade())) {
            finishRecorded(stored.get());
            return;
        }
        if (stored.isPresent() && stored.get().sentPayload() != null) {
            LOG.infof("Event %s to config %s: the transform failed here, but another copy decided the body; it stands",
                    event.eventId(), config.id());
            return;
        }
        failUnsent(delivery, config, stored.map(current -> current.continuedAs(record)).orElse(record), failed);
    }

    /**
     * The delivery fails finally without this attempt being sent (its attempts unchanged, its endpoint's health
     * untouched): dead-lettered first, then recorded {@code failed}.
     */
    private void failUnsent(Delivery delivery, WebhookConfig config, DeliveryRecord record, DeliveryOutcome outcome) {
        deadLetters.send(DeadLetter.undeliverable(delivery.event(), config.id(), outcome, delivery.attemptsMade()));
        if (log.save(record.dropped(outcome), record.attempts())) {
            // The code only: a reason may quote the event (a transform's error message), and logs carry no payload.
            telemetry.failedUnsent(config, delivery.event().eventId(), outcome.code());
            telemetry.deadLettered(config, delivery.event().eventId(), outcome.code());
        }
    }

    static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
