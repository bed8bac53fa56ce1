package dev.webhooks.core.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeadLetter;
import dev.webhooks.core.delivery.DeliveryOutcome;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DirectedEvent;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.InboundEvent;
import dev.webhooks.core.delivery.InboundEventParser;
import dev.webhooks.core.delivery.QueueContent;
import dev.webhooks.core.delivery.RetryMessage;
import dev.webhooks.core.delivery.RetrySchedule;
import dev.webhooks.core.delivery.UnprocessableMessageException;
import dev.webhooks.core.delivery.WebhookDisabledEvent;
import dev.webhooks.core.filter.FilterEngine;
import dev.webhooks.core.filter.FilterResult;
import dev.webhooks.core.port.DeadLetterQueue;
import dev.webhooks.core.port.DeliveryLogRepository;
import dev.webhooks.core.port.EventQueue;
import dev.webhooks.core.port.RateLimiter;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.core.settings.DeliverySettings;

/**
 * From a batch of queue messages to deliveries. A message is a producer's event (delivered to every enabled config of
 * its organization and event) or one of the service's own scheduled retries (delivered to its one config).
 *
 * <p>Each attempt claims its (event, config) pair in the delivery log first, so a redelivered message never repeats
 * an attempt that was recorded. A transient failure with retries left is put back on the queue with the wait of the
 * retry schedule ({@code DelaySeconds}; longer waits hop); the record says {@code in_progress} meanwhile. The last
 * failure goes to the dead-letter queue and the record says {@code failed}. 410 Gone disables the config at once, and
 * so does a config that has only failed for the configured period; both publish a {@code webhook_disabled} event.
 *
 * <p>Nothing is lost: a message is acknowledged only when each of its attempts is recorded, scheduled or dead-lettered.
 * Storage or queue failures, and running out of time, hand the message back to SQS. Where a crash could fall between
 * two writes, the write that keeps the event alive (the retry message, the dead letter) comes first: the worst case is
 * a duplicate delivery.
 */
@ApplicationScoped
public class DispatchService {

    private static final Logger LOG = Logger.getLogger(DispatchService.class);
    /** How long a delivery over its config's rate limit waits in the queue before it tries again. */
    private static final Duration RATE_LIMIT_WAIT = Duration.ofSeconds(1);

    private final InboundEventParser parser;
    private final EnabledConfigCache enabledConfigs;
    private final WebhookConfigRepository configs;
    private final DeliveryLogRepository log;
    private final DeadLetterQueue deadLetters;
    private final EventQueue events;
    private final RateLimiter rateLimiter;
    private final FilterEngine filters;
    private final GuardedSender sender;
    private final RetrySchedule schedule;
    private final DeliverySettings settings;
    private final ObjectMapper mapper;
    private final Clock clock;

    public DispatchService(InboundEventParser parser, EnabledConfigCache enabledConfigs,
            WebhookConfigRepository configs, DeliveryLogRepository log, DeadLetterQueue deadLetters,
            EventQueue events, RateLimiter rateLimiter, FilterEngine filters, GuardedSender sender,
            RetrySchedule schedule, DeliverySettings settings, ObjectMapper mapper, Clock clock) {
        this.parser = parser;
        this.enabledConfigs = enabledConfigs;
        this.configs = configs;
        this.log = log;
        this.deadLetters = deadLetters;
        this.events = events;
        this.rateLimiter = rateLimiter;
        this.filters = filters;
        this.sender = sender;
        this.schedule = schedule;
        this.settings = settings;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** @return the ids of the messages SQS should deliver again */
    public List<String> dispatch(List<QueueMessage> messages, Deadline deadline) {
        List<String> redeliver = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            QueueMessage message = messages.get(i);
            try {
                process(message, deadline);
            } catch (GuardedSender.OutOfTimeException e) {
                LOG.warnf("Out of time: handing back message %s and the %d after it", message.messageId(),
                        messages.size() - i - 1);
                messages.subList(i, messages.size()).forEach(rest -> redeliver.add(rest.messageId()));
                break;
            } catch (RuntimeException e) {
                LOG.errorf(e, "Message %s failed and will be redelivered", message.messageId());
                redeliver.add(message.messageId());
            }
        }
        return redeliver;
    }

    private void process(QueueMessage message, Deadline deadline) {
        QueueContent content;
        try {
            content = parser.read(message.body(), message.messageId());
        } catch (UnprocessableMessageException e) {
            LOG.warnf("Message %s cannot be processed and goes to the dead-letter queue: %s", message.messageId(),
                    e.getMessage());
            deadLetters.send(DeadLetter.unprocessable(message.messageId(), message.body(), e.getMessage()));
            return;
        }
        if (content instanceof RetryMessage retry) {
            retry(retry, deadline);
            return;
        }
        if (content instanceof DirectedEvent directed) {
            directed(directed, deadline);
            return;
        }
        InboundEvent event = (InboundEvent) content;
        for (WebhookConfig config : enabledConfigs.enabled(event.organizationId(), event.eventName())) {
            deliver(event, config, 0, deadline, false, null);
        }
    }

    private void retry(RetryMessage retry, Deadline deadline) {
        Instant now = clock.instant();
        if (retry.dueAt().isAfter(now)) {
            // Not due yet (a wait longer than one queue delay, or an early redelivery): hop again.
            Duration remaining = Duration.between(now, retry.dueAt());
            LOG.debugf("Retry %d of event %s for config %s is due in %s: hopping", retry.attempt(), retry.eventId(),
                    retry.configId(), remaining);
            events.scheduleRetry(retry, min(remaining, settings.maxQueueDelay()));
            return;
        }
        Optional<DeliveryRecord> stored = log.find(retry.organizationId(), retry.configId(), retry.eventId());
        if (stored.isEmpty() || stored.get().status().isFinal() || stored.get().attempts() != retry.attempt()) {
            LOG.debugf("Retry %d of event %s for config %s is obsolete", retry.attempt(), retry.eventId(),
                    retry.configId());
            return;
        }
        DeliveryRecord record = stored.get();
        InboundEvent event = new InboundEvent(record.eventId(), record.organizationId(), record.eventName(),
                parse(record.payload(), record.eventId()), record.payload());
        Optional<WebhookConfig> config = configs.find(retry.organizationId(), retry.configId());
        if (config.isEmpty() || !config.get().enabled()) {
            String why = config.isEmpty() ? "the config was deleted" : "the config was disabled";
            if (log.claim(record, retry.attempt()).isPresent()) {
                LOG.infof("Retry %d of event %s dropped: %s", retry.attempt(), retry.eventId(), why);
                log.save(record.dropped(DeliveryOutcome.failure(FailureCode.RetryDropped,
                        "Retry not made: " + why, now, now)));
            }
            return;
        }
        deliver(event, config.get(), retry.attempt(), deadline, false, null);
    }

    /** A replay or a test trigger: to its one config, past the filter, else the normal path. */
    private void directed(DirectedEvent directed, Deadline deadline) {
        Optional<WebhookConfig> config = configs.find(directed.organizationId(), directed.configId());
        if (config.isEmpty()) {
            LOG.infof("Directed event %s dropped: config %s no longer exists", directed.eventId(),
                    directed.configId());
            return;
        }
        String payload = directed.payloadJson();
        if (payload == null) {
            Optional<DeliveryRecord> source = log.find(directed.organizationId(), directed.configId(),
                    directed.sourceEventId());
            if (source.isEmpty()) {
                LOG.infof("Replay %s dropped: event %s is no longer in the log", directed.eventId(),
                        directed.sourceEventId());
                return;
            }
            payload = source.get().payload();
        }
        InboundEvent event = new InboundEvent(directed.eventId(), directed.organizationId(), directed.eventName(),
                parse(payload, directed.eventId()), payload);
        deliver(event, config.get(), 0, deadline, true, directed.replayOf());
    }

    private void deliver(InboundEvent event, WebhookConfig config, int attemptsMade, Deadline deadline,
            boolean bypassFilter, String replayOf) {
        Optional<DeliveryRecord> claimed = log.claim(DeliveryRecord.start(event, config.id(), config.url(),
                config.httpMethod(), clock.instant()), attemptsMade);
        if (claimed.isEmpty()) {
            LOG.debugf("Attempt %d of event %s for config %s is already recorded", attemptsMade, event.eventId(),
                    config.id());
            return;
        }
        DeliveryRecord record = replayOf == null ? claimed.get() : claimed.get().replaying(replayOf);
        if (attemptsMade == 0 && !bypassFilter) {
            FilterResult filter = filters.evaluate(config.filter(), config.filterConditions(), event.payload());
            if (!filter.matched()) {
                log.save(record.skipped(filter.failedRule()));
                return;
            }
        }
        Instant now = clock.instant();
        if (config.rateLimitPerSecond() != null
                && !rateLimiter.tryAcquire(config.organizationId(), config.id(), config.rateLimitPerSecond(), now)) {
            // Over the limit: the same attempt waits in the queue; nothing is dropped.
            events.scheduleRetry(new RetryMessage(event.organizationId(), config.id(), event.eventId(), attemptsMade,
                    now.plus(RATE_LIMIT_WAIT)), RATE_LIMIT_WAIT);
            return;
        }
        DeliveryOutcome outcome = sender.send(config, event, deadline).outcome();
        trackHealth(config, outcome);
        int made = attemptsMade + 1;
        if (outcome.succeeded()) {
            log.save(record.finished(outcome));
            return;
        }
        if (outcome.code() != FailureCode.Gone && outcome.retryable()
                && schedule.allowsRetry(config.retryPolicy(), made)) {
            Duration wait = schedule.waitBefore(made, outcome.retryAfter());
            Instant due = clock.instant().plus(wait);
            events.scheduleRetry(new RetryMessage(event.organizationId(), config.id(), event.eventId(), made, due),
                    min(wait, settings.maxQueueDelay()));
            log.save(record.retrying(outcome, due));
            LOG.debugf("Event %s to config %s: attempt %d failed (%s), retry due in %s", event.eventId(),
                    config.id(), made, DeadLetter.describe(outcome), wait);
            return;
        }
        deadLetters.send(DeadLetter.undeliverable(event, config.id(), outcome, made));
        log.save(record.finished(outcome));
        LOG.infof("Event %s to config %s failed after %d attempt(s): %s", event.eventId(), config.id(), made,
                DeadLetter.describe(outcome));
        if (outcome.code() == FailureCode.Gone) {
            disable(config, WebhookDisabledEvent.Reason.ENDPOINT_GONE, outcome, null);
        }
    }

    /**
     * Keeps the config's health: the first failure after a success starts the clock, a success stops it, and a config
     * that has failed for the whole period is disabled. The cached config tells whether a write is needed at all.
     */
    private void trackHealth(WebhookConfig config, DeliveryOutcome outcome) {
        if (outcome.succeeded()) {
            if (config.failingSince() != null) {
                configs.recordSuccess(config.organizationId(), config.id());
            }
            return;
        }
        Instant now = clock.instant();
        Optional<Instant> failingSince = config.failingSince() != null ? Optional.of(config.failingSince())
                : configs.recordFailure(config.organizationId(), config.id(), now);
        if (failingSince.isPresent() && outcome.code() != FailureCode.Gone
                && Duration.between(failingSince.get(), now).compareTo(settings.autoDisableAfter()) >= 0) {
            disable(config, WebhookDisabledEvent.Reason.FAILING_TOO_LONG, outcome, failingSince.get());
        }
    }

    private void disable(WebhookConfig config, WebhookDisabledEvent.Reason reason, DeliveryOutcome lastFailure,
            Instant failingSince) {
        Instant now = clock.instant();
        Optional<WebhookConfig> disabled = configs.disable(config.organizationId(), config.id(), now);
        enabledConfigs.forget(config.organizationId(), config.eventName());
        if (disabled.isEmpty()) {
            return;
        }
        LOG.warnf("Config %s of organization %s disabled: %s", config.id(), config.organizationId(),
                reason.wireName());
        events.publish(WebhookDisabledEvent.of(disabled.get(), reason, DeadLetter.describe(lastFailure),
                failingSince, now).toString(), Duration.ZERO);
    }

    /** A payload this service stored or queued itself: not JSON means a bug, not a bad message. */
    private JsonNode parse(String payload, String eventId) {
        try {
            return mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The payload of event " + eventId + " is not JSON", e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
