package dev.webhooks.core.application.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.webhooks.core.application.telemetry.DeliveryTelemetry;
import dev.webhooks.core.application.telemetry.LogContext;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeadLetter;
import dev.webhooks.core.delivery.Delivery;
import dev.webhooks.core.delivery.DeliveryOrigin;
import dev.webhooks.core.delivery.DeliveryOutcome;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DirectedEvent;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.InboundEvent;
import dev.webhooks.core.delivery.InboundEventParser;
import dev.webhooks.core.delivery.QueueContent;
import dev.webhooks.core.delivery.RetryMessage;
import dev.webhooks.core.delivery.UnprocessableMessageException;
import dev.webhooks.core.delivery.WebhookSignature;
import dev.webhooks.core.port.DeadLetterQueue;
import dev.webhooks.core.port.DeliveryLogRepository;
import dev.webhooks.core.port.EventQueue;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.core.settings.DeliverySettings;

/**
 * From a batch of queue messages to deliveries: each message is routed by its kind to the deliveries it stands for,
 * and each delivery is one {@link DeliveryAttempt}.
 *
 * <ul>
 * <li>A producer's event goes to every enabled config of its organization and event name.</li>
 * <li>A scheduled retry (or an attempt a rate limit postponed) goes to its one config, once it is due and only while
 * the delivery log still expects exactly that attempt.</li>
 * <li>An event directed at one config (a replay, a test trigger) goes to that config, past its filter.</li>
 * </ul>
 *
 * <p>Nothing is lost: a message is acknowledged only when each of its deliveries is recorded, scheduled or
 * dead-lettered. A storage or queue failure and a retry whose previous attempt is not recorded yet hand the message
 * back to SQS; an attempt the invocation has no time left for is rescheduled on the queue as the same attempt; a
 * message that can never be processed goes to the dead-letter queue.
 */
@ApplicationScoped
public class DispatchService {

    private static final Logger LOG = Logger.getLogger(DispatchService.class);

    private final InboundEventParser parser;
    private final EnabledConfigCache enabledConfigs;
    private final WebhookConfigRepository configs;
    private final DeliveryLogRepository log;
    private final DeadLetterQueue deadLetters;
    private final EventQueue events;
    private final DeliveryAttempt attempt;
    private final DeliveryPool pool;
    private final DeliveryTelemetry telemetry;
    private final DeliverySettings settings;
    private final ObjectMapper mapper;
    private final Clock clock;

    public DispatchService(InboundEventParser parser, EnabledConfigCache enabledConfigs,
            WebhookConfigRepository configs, DeliveryLogRepository log, DeadLetterQueue deadLetters,
            EventQueue events, DeliveryAttempt attempt, DeliveryPool pool, DeliveryTelemetry telemetry,
            DeliverySettings settings, ObjectMapper mapper, Clock clock) {
        this.parser = parser;
        this.enabledConfigs = enabledConfigs;
        this.configs = configs;
        this.log = log;
        this.deadLetters = deadLetters;
        this.events = events;
        this.attempt = attempt;
        this.pool = pool;
        this.telemetry = telemetry;
        this.settings = settings;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * Dispatches a batch: every message is routed to its deliveries, and the deliveries of the whole batch run
     * concurrently on the {@link DeliveryPool}, each organization within its share ({@link FairShares}), the attempts
     * of one (event, config) pair one after the other.
     *
     * @return the ids of the messages SQS should deliver again: those whose routing or any delivery failed
     */
    public List<String> dispatch(List<QueueMessage> messages, Deadline deadline) {
        Set<String> redeliver = ConcurrentHashMap.newKeySet();
        List<Future<List<Work>>> routing = new ArrayList<>();
        for (QueueMessage message : messages) {
            routing.add(pool.submit(() -> route(message)));
        }
        Map<PairKey, List<Work>> byPair = new LinkedHashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            QueueMessage message = messages.get(i);
            try {
                for (Work work : outcome(routing.get(i))) {
                    byPair.computeIfAbsent(work.pair(), ignored -> new ArrayList<>()).add(work);
                }
            } catch (RuntimeException e) {
                handBack(message, e, redeliver);
            }
        }
        List<FairShares.Task> tasks = new ArrayList<>();
        for (Map.Entry<PairKey, List<Work>> pair : byPair.entrySet()) {
            tasks.add(new FairShares.Task(pair.getKey().organizationId(), () -> {
                boolean first = true;
                for (Work work : pair.getValue()) {
                    // The pair's later work in this batch (the same event twice) follows a record this batch wrote.
                    PriorRecord prior = first ? work.prior() : PriorRecord.UNKNOWN;
                    first = false;
                    try {
                        attempt.run(work.delivery(), work.config(), deadline, prior);
                    } catch (RuntimeException | Error e) {
                        // An Error too: it must cost this message a redelivery, not the whole batch. Said with the
                        // delivery's ids, so the failure is found beside its attempt's lines.
                        try (LogContext.Scope ids = LogContext.delivery(work.config().organizationId(),
                                work.config().id(), work.delivery().event().eventId(), WebhookSignature.messageId(
                                        work.delivery().event().eventId(), work.config().id()),
                                work.delivery().attemptsMade() + 1)) {
                            handBack(work.message(), e, redeliver);
                        }
                    }
                }
            }));
        }
        FairShares.runAll(pool, settings.concurrency(), settings.perOrganizationConcurrency(), tasks);
        return messages.stream().map(QueueMessage::messageId).filter(redeliver::contains).toList();
    }

    /** One delivery a message stands for, with the message it came from and what is known of its record. */
    private record Work(QueueMessage message, Delivery delivery, WebhookConfig config, PriorRecord prior) {

        PairKey pair() {
            return new PairKey(config.organizationId(), config.id(), delivery.event().eventId());
        }
    }

    /** An (event, config) pair: its attempts run one after the other, even within one batch. */
    private record PairKey(String organizationId, String configId, String eventId) {
    }

    private static void handBack(QueueMessage message, Throwable e, Set<String> redeliver) {
        if (e instanceof TryAgainLaterException) {
            LOG.infof("Message %s handed back: %s", message.messageId(), e.getMessage());
        } else {
            LOG.errorf(e, "Message %s failed and will be redelivered", message.messageId());
        }
        redeliver.add(message.messageId());
    }

    /** The task's result; its exception as it was thrown; an interrupt ends the wait and is kept. */
    private static <T> T outcome(Future<T> task) {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a delivery", e);
        }
    }

    /** The deliveries one message stands for (none when it was settled while routing: a hop, a drop, a dead letter). */
    private List<Work> route(QueueMessage message) {
        QueueContent content;
        try {
            content = parser.read(message.body(), message.messageId());
        } catch (UnprocessableMessageException e) {
            deadLetter(message, e.getMessage());
            return List.of();
        }
        MessageRoutes routes = new MessageRoutes(message);
        content.routeTo(routes);
        return routes.work;
    }

    /** The deliveries each kind of message stands for. */
    private final class MessageRoutes implements QueueContent.Routes {

        private final QueueMessage message;
        private final List<Work> work = new ArrayList<>();

        MessageRoutes(QueueMessage message) {
            this.message = message;
        }

        @Override
        public void event(InboundEvent event) {
            Delivery delivery = new Delivery(event, DeliveryOrigin.FAN_OUT, 0);
            for (WebhookConfig config : enabledConfigs.enabled(event.organizationId(), event.eventName())) {
                work.add(new Work(message, delivery, config, PriorRecord.forFirstAttemptOf(message)));
            }
        }

        @Override
        public void retry(RetryMessage retry) {
            Instant now = clock.instant();
            if (retry.dueAt().isAfter(now)) {
                // Not due yet (a wait longer than one queue delay, or an early redelivery): hop again.
                Duration remaining = Duration.between(now, retry.dueAt());
                events.scheduleRetry(retry, DeliveryAttempt.shorter(remaining, settings.maxQueueDelay()));
                return;
            }
            Optional<DeliveryRecord> stored = log.find(retry.organizationId(), retry.configId(), retry.eventId());
            if (stored.isEmpty() && retry.attempt() > 0) {
                // A retry is queued before the failed attempt's record is written: that write failed or is late, and
                // the attempt's own message, handed back, will make it again.
                throw new TryAgainLaterException("attempt " + retry.attempt() + " of event " + retry.eventId()
                        + " to config " + retry.configId() + " is due, but the log has no record of it yet");
            }
            if (stored.isEmpty()) {
                // A requeued first attempt writes its record before its message, so it can only have vanished by a
                // bug or by hand: without the record there is no payload to send.
                deadLetter(message, "No delivery record for attempt " + retry.attempt() + " of event "
                        + retry.eventId() + " to config " + retry.configId());
                return;
            }
            DeliveryRecord record = stored.get();
            if (record.status().isFinal() || record.attempts() > retry.attempt()) {
                LOG.debugf("Retry %d of event %s for config %s is obsolete", retry.attempt(), retry.eventId(),
                        retry.configId());
                attempt.finishRecorded(record);
                return;
            }
            if (record.attempts() < retry.attempt()) {
                // The attempt that scheduled this retry has not written its record yet (a slow or failed write whose
                // message SQS will deliver again): this retry's turn has not come.
                throw new TryAgainLaterException("attempt " + retry.attempt() + " of event " + retry.eventId()
                        + " to config " + retry.configId() + " is due, but the log has " + record.attempts()
                        + " attempt(s) recorded");
            }
            Optional<WebhookConfig> config = configs.find(retry.organizationId(), retry.configId());
            if (config.isEmpty() || (retry.origin().requiresEnabledConfig() && !config.get().enabled())) {
                drop(retry, record, config.isEmpty() ? "the config was deleted" : "the config was disabled");
                return;
            }
            InboundEvent event = new InboundEvent(record.eventId(), record.organizationId(), record.eventName(),
                    parse(record.payload(), record.eventId()), record.payload());
            work.add(new Work(message, new Delivery(event, retry.origin(), retry.attempt(), retry.slotReserved()),
                    config.get(), PriorRecord.of(stored)));
        }

        @Override
        public void directed(DirectedEvent directed) {
            Optional<WebhookConfig> config = configs.find(directed.organizationId(), directed.configId());
            if (config.isEmpty()) {
                LOG.infof("Directed event %s dropped: config %s no longer exists", directed.eventId(),
                        directed.configId());
                return;
            }
            String payload = directed.payloadJson();
            String fixedBody = null;
            if (payload == null) {
                Optional<DeliveryRecord> source = log.find(directed.organizationId(), directed.configId(),
                        directed.sourceEventId());
                if (source.isEmpty()) {
                    LOG.infof("Replay %s dropped: event %s is no longer in the log", directed.eventId(),
                            directed.sourceEventId());
                    return;
                }
                // The replayed event's original payload is recorded again; without reapply_transform the body it
                // sent is sent again as it was (one it never got to decide is decided now).
                payload = source.get().payload();
                fixedBody = directed.reapplyTransform() ? null : source.get().decidedBody().orElse(null);
            }
            InboundEvent event = new InboundEvent(directed.eventId(), directed.organizationId(),
                    directed.eventName(), parse(payload, directed.eventId()), payload);
            work.add(new Work(message, new Delivery(event, directed.origin(), 0, false, fixedBody), config.get(),
                    PriorRecord.forFirstAttemptOf(message)));
        }
    }

    /** A scheduled attempt that will not be made: its record fails with the reason, once. */
    private void drop(RetryMessage retry, DeliveryRecord record, String why) {
        if (record.awaits(retry.attempt())) {
            Instant now = clock.instant();
            if (log.save(record.dropped(DeliveryOutcome.failure(FailureCode.RetryDropped, "Retry not made: " + why,
                    now, now)), record.attempts())) {
                telemetry.retryDropped(retry.organizationId(), retry.configId(), retry.eventId(), retry.attempt(),
                        why);
            }
        }
    }

    private void deadLetter(QueueMessage message, String reason) {
        deadLetters.send(DeadLetter.unprocessable(message.messageId(), message.body(), reason));
        telemetry.unprocessable(message.messageId(), reason);
    }

    /** A payload this service stored or queued itself: not JSON means a bug, not a bad message. */
    private JsonNode parse(String payload, String eventId) {
        try {
            return mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The payload of event " + eventId + " is not JSON", e);
        }
    }
}
