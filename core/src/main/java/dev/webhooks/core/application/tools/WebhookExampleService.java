package dev.webhooks.core.application.tools;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.core.application.configs.WebhookConfigService;
import dev.webhooks.core.config.ConfigLimits;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.error.ValidationException;
import dev.webhooks.core.event.EventCatalog;
import dev.webhooks.core.event.ExamplePayloads;

/**
 * The contract's {@code getWebhookExample}. epilot builds it with its automation engine; here it is a sample event of
 * the config's {@code eventName} built from that event's JSON Schema ({@link ExamplePayloads}), addressed to the
 * caller: {@code metadata} names the organization, the webhook and, when asked, the automation.
 */
@ApplicationScoped
public class WebhookExampleService {

    private final WebhookConfigService configs;
    private final EventCatalog catalog;

    public WebhookExampleService(WebhookConfigService configs, EventCatalog catalog) {
        this.configs = configs;
        this.catalog = catalog;
    }

    /**
     * @param request the {@code ExampleRequest} ({@code automation_id} optional), or {@code null} when the body was
     *        empty or absent
     * @throws dev.webhooks.core.error.NotFoundException when the organization has no such config
     */
    public ObjectNode example(String organizationId, String configId, JsonNode request) {
        String automationId = automationId(request);
        WebhookConfig config = configs.get(organizationId, configId);
        JsonNode sample = catalog.find(config.eventName())
                .map(event -> ExamplePayloads.of(event.schema()))
                .orElse(null);
        // A config keeps its event after the catalog dropped it: the example is then its metadata alone.
        ObjectNode example = sample instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
        ObjectNode metadata = example.get("metadata") instanceof ObjectNode object ? object
                : example.putObject("metadata");
        metadata.put("organization_id", organizationId);
        metadata.put("event_name", config.eventName());
        metadata.put("webhook_id", config.id());
        metadata.put("webhook_name", config.name() != null ? config.name() : config.eventName());
        if (automationId != null) {
            metadata.put("automation_id", automationId);
        }
        return example;
    }

    private static String automationId(JsonNode request) {
        if (request == null || request.isNull()) {
            return null;
        }
        if (!request.isObject()) {
            throw new ValidationException("body", "must be a JSON object (ExampleRequest) or empty");
        }
        JsonNode automationId = request.get("automation_id");
        if (automationId == null || automationId.isNull()) {
            return null;
        }
        if (!automationId.isTextual() || automationId.textValue().isBlank()) {
            throw new ValidationException("automation_id", "must be a non-blank string");
        }
        if (automationId.textValue().length() > ConfigLimits.MAX_NAME_LENGTH) {
            throw new ValidationException("automation_id", "must be at most " + ConfigLimits.MAX_NAME_LENGTH
                    + " characters");
        }
        return automationId.textValue();
    }
}
