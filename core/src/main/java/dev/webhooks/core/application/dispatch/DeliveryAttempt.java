package dev.webhooks.core.application.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeadLetter;
import dev.webhooks.core.delivery.Delivery;
import dev.webhooks.core.delivery.DeliveryOutcome;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.InboundEvent;
import dev.webhooks.core.delivery.RetryDecision;
import dev.webhooks.core.delivery.RetrySchedule;
import dev.webhooks.core.filter.FilterEngine;
import dev.webhooks.core.filter.FilterResult;
import dev.webhooks.core.port.DeadLetterQueue;
import dev.webhooks.core.port.DeliveryLogRepository;
import dev.webhooks.core.port.EventQueue;
import dev.webhooks.core.port.RateLimiter;
import dev.webhooks.core.settings.DeliverySettings;

/**
 * One attempt of one delivery, the state machine of an (event, config) pair:
 *
 * <ol>
 * <li><b>claim</b> the pair in the delivery log for this attempt number, so a redelivered message never repeats an
 * attempt that was recorded;</li>
 * <li><b>filter</b> (a fan-out's first attempt only): no match is {@code skipped};</li>
 * <li><b>rate limit</b>: over the config's limit, the same attempt waits in the queue for its slot;</li>
 * <li><b>send</b>, then judge the endpoint's health and {@linkplain RetrySchedule#decide decide} what follows;</li>
 * <li><b>record</b>: a retry is put on the queue, or a final failure on the dead-letter queue, before the record says
 * {@code in_progress} or {@code failed}; a disabling is announced before the record and written after it.</li>
 * </ol>
 *
 * <p>Every write that keeps the event alive comes before the write that lets it go, so a crash or a failed write
 * anywhere hands the message back to SQS and the next try repeats what is missing: the worst case is a duplicate.
 */
@ApplicationScoped
public class DeliveryAttempt {

    private static final Logger LOG = Logger.getLogger(DeliveryAttempt.class);

    private final DeliveryLogRepository log;
    private final FilterEngine filters;
    private final RateLimiter rateLimiter;
    private final GuardedSender sender;
    private final EndpointHealth health;
    private final RetrySchedule schedule;
    private final EventQueue events;
    private final DeadLetterQueue deadLetters;
    private final DeliverySettings settings;
    private final Clock clock;

    public DeliveryAttempt(DeliveryLogRepository log, FilterEngine filters, RateLimiter rateLimiter,
            GuardedSender sender, EndpointHealth health, RetrySchedule schedule, EventQueue events,
            DeadLetterQueue deadLetters, DeliverySettings settings, Clock clock) {
        this.log = log;
        this.filters = filters;
        this.rateLimiter = rateLimiter;
        this.sender = sender;
        this.health = health;
        this.schedule = schedule;
        this.events = events;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Runs the delivery's next attempt to {@code config}. An attempt the invocation has no time left to send is put
     * back on the queue as the same attempt.
     */
    public void run(Delivery delivery, WebhookConfig config, Deadline deadline) {
        InboundEvent event = delivery.event();
        DeliveryRecord start = DeliveryRecord.start(event, config.id(), config.url(), config.httpMethod(),
                clock.instant());
        String replayOf = delivery.origin().replayOf();
        Optional<DeliveryRecord> claimed = log.claim(replayOf == null ? start : start.replaying(replayOf),
                delivery.attemptsMade());
        if (claimed.isEmpty()) {
            LOG.debugf("Attempt %d of event %s for config %s is already recorded", delivery.attemptsMade(),
                    event.eventId(), config.id());
            log.find(event.organizationId(), config.id(), event.eventId()).ifPresent(this::finishRecorded);
            return;
        }
        DeliveryRecord record = claimed.get();
        if (delivery.appliesFilter()) {
            FilterResult filter = filters.evaluate(config.filter(), config.filterConditions(), event.payload());
            if (!filter.matched()) {
                log.save(record.skipped(filter.failedRule()), record.attempts());
                return;
            }
        }
        if (config.rateLimitPerSecond() != null && !delivery.slotReserved()) {
            Instant now = clock.instant();
            Instant slot = rateLimiter.reserve(config.organizationId(), config.id(), config.rateLimitPerSecond(), now);
            if (slot.isAfter(now)) {
                waitForSlot(delivery, config, record, slot);
                return;
            }
        }
        DeliveryOutcome outcome;
        try {
            outcome = sender.send(config, event, deadline);
        } catch (GuardedSender.EndpointPausedException e) {
            defer(delivery, config, record, e);
            return;
        } catch (GuardedSender.OutOfTimeException e) {
            // The invocation cannot finish a send: the same attempt goes back on the queue, not the whole message to
            // SQS, whose receive count would bring it closer to the dead-letter queue for no fault of its own.
            Instant now = clock.instant();
            if (!heldBackTooLong(delivery, config, record, now, FailureCode.Timeout,
                    "invocations too short to send it")) {
                LOG.infof("Out of time: attempt %d of event %s for config %s is rescheduled",
                        delivery.attemptsMade(), event.eventId(), config.id());
                events.scheduleRetry(delivery.resumeAt(config.id(), now), Duration.ZERO);
            }
            return;
        }
        int made = delivery.attemptsMade() + 1;
        EndpointHealth.Verdict verdict = health.afterAttempt(config, outcome);
        RetryDecision decision = schedule.decide(config.retryPolicy(), made, outcome, clock.instant());
        DeliveryRecord recorded = switch (decision.action()) {
            case DONE -> record.finished(outcome);
            case RETRY -> {
                events.scheduleRetry(delivery.retryAt(config.id(), made, decision.dueAt()),
                        shorter(decision.delay(), settings.maxQueueDelay()));
                LOG.debugf("Event %s to config %s: attempt %d failed (%s), retry due in %s", event.eventId(),
                        config.id(), made, DeadLetter.describe(outcome), decision.delay());
                yield record.retrying(outcome, decision.dueAt());
            }
            case GIVE_UP -> {
                deadLetters.send(DeadLetter.undeliverable(event, config.id(), outcome, made));
                LOG.infof("Event %s to config %s failed after %d attempt(s): %s", event.eventId(), config.id(), made,
                        DeadLetter.describe(outcome));
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
        if (verdict.disables()) {
            health.disable(config, verdict);
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
                + config.rateLimitPerSecond() + "/s")) {
            events.scheduleRetry(delivery.waitForSlot(config.id(), slot),
                    shorter(Duration.between(clock.instant(), slot), settings.maxQueueDelay()));
        }
    }

    /**
     * The endpoint is paused or slow: the same attempt goes back on the queue for the pause, and the record says so
     * and until when. No attempt is spent and the endpoint's health is not touched.
     */
    private void defer(Delivery delivery, WebhookConfig config, DeliveryRecord record,
            GuardedSender.EndpointPausedException paused) {
        Instant now = clock.instant();
        Instant until = now.plus(paused.pause());
        if (heldBackTooLong(delivery, config, record, until, FailureCode.CircuitOpen, paused.getMessage())) {
            return;
        }
        events.scheduleRetry(delivery.resumeAt(config.id(), until), shorter(paused.pause(), settings.maxQueueDelay()));
        log.save(record.deferred(until, paused.getMessage(), now), record.attempts());
        LOG.debugf("Event %s to config %s deferred until %s: %s", delivery.event().eventId(), config.id(), until,
                paused.getMessage());
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
        DeliveryOutcome outcome = DeliveryOutcome.failure(code, "Held back by " + why + " for longer than "
                + settings.maxDeliveryAge(), now, now);
        deadLetters.send(DeadLetter.undeliverable(delivery.event(), config.id(), outcome, delivery.attemptsMade()));
        log.save(record.dropped(outcome), record.attempts());
        return true;
    }

    static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
