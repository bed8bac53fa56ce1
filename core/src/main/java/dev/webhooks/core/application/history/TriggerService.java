package dev.webhooks.core.application.history;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.core.application.configs.WebhookConfigService;
import dev.webhooks.core.application.dispatch.DeliveryBodies;
import dev.webhooks.core.application.dispatch.WebhookSender;
import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryOutcome;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DirectedEvent;
import dev.webhooks.core.delivery.InboundEvent;
import dev.webhooks.core.filter.TransformResult;
import dev.webhooks.core.port.DeliveryLogRepository;
import dev.webhooks.core.port.EventQueue;

/**
 * Test triggers: a caller-supplied event sent to one config, past its filter but through its transform, as a
 * delivery of it would be. Synchronously, the API makes one attempt itself and answers its outcome and the body it
 * sent (no retries: the caller is waiting); asynchronously, the event takes the dispatcher's normal path through the
 * queue. Either way the attempt is recorded in the config's history.
 */
@ApplicationScoped
public class TriggerService {

    private final WebhookConfigService configs;
    private final WebhookSender sender;
    private final DeliveryBodies bodies;
    private final DeliveryLogRepository log;
    private final EventQueue events;
    private final Clock clock;
    private final ConfigIds ids;

    public TriggerService(WebhookConfigService configs, WebhookSender sender, DeliveryBodies bodies,
            DeliveryLogRepository log, EventQueue events, ConfigIds ids, Clock clock) {
        this.ids = ids;
        this.configs = configs;
        this.sender = sender;
        this.bodies = bodies;
        this.log = log;
        this.events = events;
        this.clock = clock;
    }

    /**
     * The outcome of a synchronous trigger.
     *
     * @param sentBody the body sent (the config's transform of the payload, or the payload); {@code null} when the
     *        transform failed and nothing was sent
     */
    public record Triggered(String eventId, DeliveryOutcome outcome, String sentBody) {
    }

    /**
     * @throws dev.webhooks.core.filter.FilterUnavailableException when the config's transform could not be evaluated
     *         now; nothing was sent or recorded
     */
    public Triggered triggerNow(String organizationId, String configId, ObjectNode payload) {
        WebhookConfig config = configs.get(organizationId, configId);
        InboundEvent event = event(config, payload);
        DeliveryRecord record = DeliveryRecord.start(event, config.id(), config.url(), config.httpMethod(),
                clock.instant());
        TransformResult body = bodies.decide(config, event);
        DeliveryRecord recorded;
        DeliveryOutcome outcome;
        if (body.succeeded()) {
            outcome = sender.send(config, event, body.body());
            recorded = record.sending(body.body()).finished(outcome);
        } else {
            outcome = DeliveryBodies.transformFailed(body, clock.instant());
            recorded = record.dropped(outcome);
        }
        if (!log.save(recorded, 0)) {
            throw new IllegalStateException("The fresh event id " + event.eventId() + " was recorded already");
        }
        return new Triggered(event.eventId(), outcome, body.body());
    }

    /** Queues the event for the dispatcher; answers its id at once. */
    public String triggerLater(String organizationId, String configId, ObjectNode payload) {
        WebhookConfig config = configs.get(organizationId, configId);
        InboundEvent event = event(config, payload);
        events.direct(DirectedEvent.trigger(organizationId, config.id(), event.eventId(), event.eventName(),
                event.payloadJson()));
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
