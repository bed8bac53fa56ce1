package dev.webhooks.core.application.tools;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.webhooks.core.application.configs.WebhookConfigService;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.config.WebhookConfigRequestReader.Filters;
import dev.webhooks.core.config.WebhookConfigRequestReader;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.error.FieldError;
import dev.webhooks.core.error.ValidationException;
import dev.webhooks.core.event.ConfiguredEvent;
import dev.webhooks.core.event.EventCatalog;
import dev.webhooks.core.filter.ConditionGroup;
import dev.webhooks.core.filter.Filter;
import dev.webhooks.core.filter.FilterEngine;
import dev.webhooks.core.filter.FilterResult;
import dev.webhooks.core.filter.TransformResult;
import dev.webhooks.core.port.DeliveryLogRepository;

/**
 * The filter test (our extension, a dry run in the manner of Convoy's): evaluates a {@code filter} and/or
 * {@code filterConditions} against one payload, or against the organization's most recent events of one kind as the
 * delivery log kept them, and shows what a {@code jsonataExpression} makes of each event that matches: the body the
 * webhook would receive. With {@code configId}, the config's own rules and transform stand in for those the request
 * leaves out, and its event name for a missing payload and event name. The rules are validated exactly as a config's
 * are; nothing is stored or sent.
 */
@ApplicationScoped
public class FilterTestService {

    /** The most stored events one test evaluates, and the default. */
    public static final int MAX_EVENTS = 50;

    private final WebhookConfigRequestReader reader;
    private final EventCatalog catalog;
    private final FilterEngine engine;
    private final DeliveryLogRepository deliveries;
    private final WebhookConfigService configs;
    private final ObjectMapper mapper;

    public FilterTestService(WebhookConfigRequestReader reader, EventCatalog catalog, FilterEngine engine,
            DeliveryLogRepository deliveries, WebhookConfigService configs, ObjectMapper mapper) {
        this.reader = reader;
        this.catalog = catalog;
        this.engine = engine;
        this.deliveries = deliveries;
        this.configs = configs;
        this.mapper = mapper;
    }

    /**
     * @param body {@code filter} and/or {@code filterConditions}, an optional {@code jsonataExpression}, an optional
     *        {@code configId} whose rules and transform fill in what the body leaves out, and at most one of
     *        {@code payload} (an event) or {@code eventName} (test the organization's recent events of that name;
     *        with {@code configId}, its event name is the default); with {@code eventName}, an optional {@code limit}
     *        of 1 to {@value #MAX_EVENTS} events (default {@value #MAX_EVENTS}), ignored with {@code payload}
     * @return one verdict for the payload, or one per stored event, newest first
     * @throws ValidationException listing every failing field
     * @throws dev.webhooks.core.error.NotFoundException when {@code configId} is not a config of the organization
     * @throws dev.webhooks.core.filter.FilterUnavailableException when a rule or the transform could not be
     *         evaluated now
     */
    public List<Verdict> test(String organizationId, JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw new ValidationException("body", "must be a JSON object");
        }
        WebhookConfig config = null;
        if (present(body, "configId")) {
            if (!body.get("configId").isTextual()) {
                throw new ValidationException("configId", "must be the id of one of your webhook configs");
            }
            config = configs.get(organizationId, body.get("configId").textValue());
        }
        if (config == null && !present(body, "filter") && !present(body, "filterConditions")
                && !present(body, "jsonataExpression")) {
            errors.add(new FieldError("filter", "or filterConditions, jsonataExpression or configId is required: send"
                    + " the rules or the transform to test"));
        }
        JsonNode payload = body.get("payload");
        String eventName = null;
        if (present(body, "payload") && present(body, "eventName")) {
            errors.add(new FieldError("payload", "and eventName are mutually exclusive: send a payload to test it, "
                    + "or an eventName to test the organization's recent events of that name"));
        } else if (present(body, "payload")) {
            if (!payload.isObject()) {
                errors.add(new FieldError("payload", "must be a JSON object (an event)"));
            }
        } else if (present(body, "eventName")) {
            eventName = eventName(body.get("eventName"), errors);
        } else if (config != null) {
            eventName = config.eventName();
        } else {
            errors.add(new FieldError("payload", "or eventName is required: send a payload to test it, "
                    + "or an eventName to test the organization's recent events of that name"));
        }
        int events = limit(body.get("limit"), errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Filters given = reader.readFilters(body, eventName);
        String transform = reader.readTransform(body);
        Rules rules = config == null ? new Rules(given.filter(), given.filterConditions(), transform)
                : new Rules(present(body, "filter") ? given.filter() : config.filter(),
                        present(body, "filterConditions") ? given.filterConditions() : config.filterConditions(),
                        present(body, "jsonataExpression") ? transform : config.jsonataExpression());
        if (eventName == null) {
            return List.of(verdict(organizationId, rules, null, null, payload));
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (DeliveryRecord record : deliveries.recentByEvent(organizationId, eventName, events)) {
            verdicts.add(verdict(organizationId, rules, record.eventId(), record.createdAt(), stored(record)));
        }
        return verdicts;
    }

    /** What is tested: the filter rules (either may be {@code null}) and the transform, or {@code null}. */
    private record Rules(Filter filter, ConditionGroup filterConditions, String transform) {
    }

    /**
     * The verdict on one event.
     *
     * @param eventId the stored event's id; {@code null} for a payload sent with the request
     * @param createdAt when the stored event was first recorded; {@code null} for a payload sent with the request
     * @param transform what the transform made of the event, when there is one and the event matched; otherwise
     *        {@code null}
     */
    public record Verdict(String eventId, Instant createdAt, FilterResult result, TransformResult transform) {
    }

    private Verdict verdict(String organizationId, Rules rules, String eventId, Instant createdAt, JsonNode payload) {
        if (payload == null) {
            return new Verdict(eventId, createdAt, FilterResult.noMatch("the stored payload is not JSON"), null);
        }
        FilterResult result = engine.evaluate(organizationId, rules.filter(), rules.filterConditions(), payload);
        TransformResult transform = result.matched() && rules.transform() != null
                ? engine.transform(organizationId, rules.transform(), payload)
                : null;
        return new Verdict(eventId, createdAt, result, transform);
    }

    private JsonNode stored(DeliveryRecord record) {
        try {
            return record.payload() == null ? null : mapper.readTree(record.payload());
        } catch (IOException e) {
            return null;
        }
    }

    private String eventName(JsonNode value, List<FieldError> errors) {
        if (!value.isTextual()) {
            errors.add(new FieldError("eventName", "must be a string"));
            return null;
        }
        if (!catalog.contains(value.textValue())) {
            errors.add(new FieldError("eventName", "must be one of the configured events: "
                    + String.join(", ", catalog.events().stream().map(ConfiguredEvent::eventName).toList())));
            return null;
        }
        return value.textValue();
    }

    private static int limit(JsonNode limit, List<FieldError> errors) {
        if (limit == null || limit.isNull()) {
            return MAX_EVENTS;
        }
        if (limit.isIntegralNumber() && limit.canConvertToInt() && limit.asInt() >= 1
                && limit.asInt() <= MAX_EVENTS) {
            return limit.asInt();
        }
        errors.add(new FieldError("limit", "must be an integer from 1 to " + MAX_EVENTS));
        return MAX_EVENTS;
    }

    private static boolean present(JsonNode body, String field) {
        return body.hasNonNull(field);
    }
}
