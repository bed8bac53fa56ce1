package dev.webhooks.core.application.tools;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.core.application.configs.WebhookConfigService;
import dev.webhooks.core.config.ConfigLimits;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.config.WebhookConfigRequestReader;
import dev.webhooks.core.error.ValidationException;
import dev.webhooks.core.event.EventCatalog;
import dev.webhooks.core.event.ExamplePayloads;
import dev.webhooks.core.filter.FilterEngine;
import dev.webhooks.core.filter.TransformResult;

/**
 * The contract's {@code getWebhookExample}. epilot builds it with its automation engine; here it is a sample event of
 * the config's {@code eventName} built from that event's JSON Schema ({@link ExamplePayloads}), addressed to the
 * caller: {@code metadata} names the organization, the webhook and, when asked, the automation.
 *
 * <p>Our addition: a request with {@code apply_transform: true} (the config's transform) or a
 * {@code jsonataExpression} (one being written) also shows what the webhook would receive. The answer is then
 * {@code {payload, transformed_payload}}, or {@code {payload, transform_error}}; a request without them gets the
 * contract's answer, the sample event itself.
 */
@ApplicationScoped
public class WebhookExampleService {

    private final WebhookConfigService configs;
    private final EventCatalog catalog;
    private final WebhookConfigRequestReader reader;
    private final FilterEngine expressions;
    private final ObjectMapper mapper;

    public WebhookExampleService(WebhookConfigService configs, EventCatalog catalog, WebhookConfigRequestReader reader,
            FilterEngine expressions, ObjectMapper mapper) {
        this.configs = configs;
        this.catalog = catalog;
        this.reader = reader;
        this.expressions = expressions;
        this.mapper = mapper;
    }

    /**
     * @param request the {@code ExampleRequest} ({@code automation_id} optional), or {@code null} when the body was
     *        empty or absent
     * @throws dev.webhooks.core.error.NotFoundException when the organization has no such config
     * @throws dev.webhooks.core.filter.FilterUnavailableException when a transform asked for could not be evaluated
     *         now
     */
    public ObjectNode example(String organizationId, String configId, JsonNode request) {
        String automationId = automationId(request);
        boolean applyConfigTransform = applyTransform(request);
        String givenTransform = request == null || request.isNull() ? null : reader.readTransform(request);
        WebhookConfig config = configs.get(organizationId, configId);
        ObjectNode example = sample(config, organizationId, automationId);
        if (givenTransform == null && !applyConfigTransform) {
            return example;
        }
        String transform = givenTransform != null ? givenTransform : config.jsonataExpression();
        ObjectNode answer = mapper.createObjectNode();
        answer.set("payload", example);
        if (transform == null) {
            // The config sends events as they are.
            answer.set("transformed_payload", example);
            return answer;
        }
        TransformResult result = expressions.transform(organizationId, transform, example);
        if (result.succeeded()) {
            try {
                answer.set("transformed_payload", mapper.readTree(result.body()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("A transform wrote a body that is not JSON", e);
            }
        } else {
            answer.put("transform_error", result.error());
        }
        return answer;
    }

    private ObjectNode sample(WebhookConfig config, String organizationId, String automationId) {
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

    private static boolean applyTransform(JsonNode request) {
        JsonNode apply = request == null || !request.isObject() ? null : request.get("apply_transform");
        if (apply == null || apply.isNull()) {
            return false;
        }
        if (!apply.isBoolean()) {
            throw new ValidationException("apply_transform", "must be a boolean");
        }
        return apply.booleanValue();
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
