package dev.webhooks.core.application;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeadLetter;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.InboundEvent;
import dev.webhooks.core.delivery.InboundEventParser;
import dev.webhooks.core.delivery.UnprocessableMessageException;
import dev.webhooks.core.filter.FilterEngine;
import dev.webhooks.core.filter.FilterResult;
import dev.webhooks.core.port.DeadLetterQueue;
import dev.webhooks.core.port.DeliveryLogRepository;

/**
 * From a batch of queue messages to deliveries. For every message: parse it once, find the enabled configs of its
 * organization and event (one cached query), and for each config claim the (event, config) pair in the delivery log,
 * apply the filter, send, and record the outcome; what finally failed goes to the dead-letter queue.
 *
 * <p>Nothing is lost: a message is acknowledged only when every config has a final record, or when it can never be
 * processed and sits in the dead-letter queue with its reason. Storage or queue failures and running out of time hand
 * the message back to SQS (a batch item failure), and a redelivery skips the pairs that are already final. A crash
 * between sending and recording causes a duplicate delivery, never a lost one.
 */
@ApplicationScoped
public class DispatchService {

    private static final Logger LOG = Logger.getLogger(DispatchService.class);

    private final InboundEventParser parser;
    private final EnabledConfigCache configs;
    private final DeliveryLogRepository log;
    private final DeadLetterQueue deadLetters;
    private final FilterEngine filters;
    private final GuardedSender sender;
    private final Clock clock;

    public DispatchService(InboundEventParser parser, EnabledConfigCache configs, DeliveryLogRepository log,
            DeadLetterQueue deadLetters, FilterEngine filters, GuardedSender sender, Clock clock) {
        this.parser = parser;
        this.configs = configs;
        this.log = log;
        this.deadLetters = deadLetters;
        this.filters = filters;
        this.sender = sender;
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
        InboundEvent event;
        try {
            event = parser.parse(message.body(), message.messageId());
        } catch (UnprocessableMessageException e) {
            LOG.warnf("Message %s cannot be processed and goes to the dead-letter queue: %s", message.messageId(),
                    e.getMessage());
            deadLetters.send(DeadLetter.unprocessable(message.messageId(), message.body(), e.getMessage()));
            return;
        }
        for (WebhookConfig config : configs.enabled(event.organizationId(), event.eventName())) {
            deliver(event, config, deadline);
        }
    }

    private void deliver(InboundEvent event, WebhookConfig config, Deadline deadline) {
        Optional<DeliveryRecord> claimed = log.claim(DeliveryRecord.start(event, config.id(), config.url(),
                config.httpMethod(), clock.instant()));
        if (claimed.isEmpty()) {
            LOG.debugf("Event %s for config %s is already final; not sent again", event.eventId(), config.id());
            return;
        }
        DeliveryRecord record = claimed.get();
        FilterResult filter = filters.evaluate(config.filter(), config.filterConditions(), event.payload());
        if (!filter.matched()) {
            log.save(record.skipped(filter.failedRule()));
            return;
        }
        GuardedSender.Attempts attempts = sender.send(config, event, deadline);
        DeliveryRecord finished = record.finished(attempts.outcome(), Math.max(0, attempts.calls() - 1));
        if (!attempts.outcome().succeeded()) {
            // Dead letter first: if the function dies before the log says "failed", the redelivered message sends
            // again instead of losing the dead letter.
            deadLetters.send(DeadLetter.undeliverable(event, config.id(), attempts.outcome(), attempts.calls()));
            LOG.infof("Event %s to config %s failed: %s %s", event.eventId(), config.id(),
                    attempts.outcome().code(), attempts.outcome().message());
        }
        log.save(finished);
    }
}
