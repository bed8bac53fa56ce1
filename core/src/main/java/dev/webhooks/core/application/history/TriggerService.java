package dev.webhooks.core.application.history;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.core.application.configs.WebhookConfigService;
import dev.webhooks.core.application.dispatch.WebhookSender;
import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryOutcome;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DirectedEvent;
import dev.webhooks.core.delivery.InboundEvent;
import dev.webhooks.core.port.DeliveryLogRepository;
import dev.webhooks.core.port.EventQueue;

/**
 * Test triggers: a caller-supplied event sent to one config, past its filter. Synchronously, the API makes one
 * attempt itself and answers its outcome (no retries: the caller is waiting); asynchronously, the event takes the
 * dispatcher's normal path through the queue. Either way the attempt is recorded in the config's history.
 */
@ApplicationScoped
public class TriggerService {

    private final WebhookConfigService configs;
    private final WebhookSender sender;
    private final DeliveryLogRepository log;
    private final EventQueue events;
    private final Clock clock;
    private final ConfigIds ids;

    public TriggerService(WebhookConfigService configs, WebhookSender sender, DeliveryLogRepository log,
            EventQueue events, ConfigIds ids, Clock clock) {
        this.ids = ids;
        this.configs = configs;
        this.sender = sender;
        this.log = log;
        this.events = events;
        this.clock = clock;
    }

    /** The outcome of a synchronous trigger. */
    public record Triggered(String eventId, DeliveryOutcome outcome) {
    }

    public Triggered triggerNow(String organizationId, String configId, ObjectNode payload) {
        WebhookConfig config = configs.get(organizationId, configId);
        InboundEvent event = event(config, payload);
        DeliveryRecord record = DeliveryRecord.start(event, config.id(), config.url(), config.httpMethod(),
                clock.instant());
        DeliveryOutcome outcome = sender.send(config, event);
        if (!log.save(record.finished(outcome), 0)) {
            throw new IllegalStateException("The fresh event id " + event.eventId() + " was recorded already");
        }
        return new Triggered(event.eventId(), outcome);
    }

    /** Queues the event for the dispatcher; answers its id at once. */
    public String triggerLater(String organizationId, String configId, ObjectNode payload) {
        WebhookConfig config = configs.get(organizationId, configId);
        InboundEvent event = event(config, payload);
        events.direct(new DirectedEvent(organizationId, config.id(), event.eventId(), event.eventName(),
                event.payloadJson(), null, null));
        return event.eventId();
    }

    /** The caller's payload as an event of the config's kind, its metadata naming the caller's organization. */
    private InboundEvent event(WebhookConfig config, ObjectNode payload) {
        ObjectNode metadata = payload.has("metadata") && payload.get("metadata").isObject()
                ? (ObjectNode) payload.get("metadata")
                : payload.putObject("metadata");
        metadata.put("organization_id", config.organizationId());
        metadata.put("webhook_id", config.id());
        metadata.put("webhook_name", config.name());
        String eventId = "trg_" + ids.newConfigId();
        return new InboundEvent(eventId, config.organizationId(), config.eventName(), payload, payload.toString());
    }
}
