package dev.webhooks.core.delivery;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.core.config.DisabledReason;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.config.WebhookConfigDocument;

/**
 * The service's own operational event, published on the event queue when it disables a config, so that an organization
 * can subscribe a webhook to it like to any other event ({@code webhook_disabled} in the catalog, schema beside it).
 */
public final class WebhookDisabledEvent {

    public static final String EVENT_NAME = "webhook_disabled";

    private WebhookDisabledEvent() {
    }

    /** The event, as a direct queue message (it names its event and organization in {@code metadata}). */
    public static ObjectNode of(WebhookConfig disabled, DisabledReason reason, String lastError, Instant failingSince,
            Instant now) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        ObjectNode metadata = event.putObject("metadata");
        metadata.put("organization_id", disabled.organizationId());
        metadata.put("event_name", EVENT_NAME);
        // One event per disabling: the version the disabling wrote is unique for the config.
        metadata.put("event_id", "webhook-disabled-" + disabled.id() + "-" + disabled.version());
        metadata.put("action", EVENT_NAME);
        metadata.put("origin", "webhooks-service");
        metadata.put("creation_timestamp", WebhookConfigDocument.timestamp(now));
        ObjectNode webhook = event.putObject("webhook");
        webhook.put("id", disabled.id());
        webhook.put("name", disabled.name());
        webhook.put("url", disabled.url());
        webhook.put("event_name", disabled.eventName());
        event.put("reason", reason.wireName());
        event.put("last_error", lastError);
        if (failingSince != null) {
            event.put("failing_since", WebhookConfigDocument.timestamp(failingSince));
        }
        return event;
    }
}
