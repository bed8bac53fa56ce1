package dev.webhooks.core.application.tools;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.webhooks.core.config.WebhookConfigRequestReader.Filters;
import dev.webhooks.core.config.WebhookConfigRequestReader;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.error.FieldError;
import dev.webhooks.core.error.ValidationException;
import dev.webhooks.core.event.ConfiguredEvent;
import dev.webhooks.core.event.EventCatalog;
import dev.webhooks.core.filter.FilterEngine;
import dev.webhooks.core.filter.FilterResult;
import dev.webhooks.core.port.DeliveryLogRepository;

/**
 * The filter test (our extension, a dry run in the manner of Convoy's): evaluates a {@code filter} and/or
 * {@code filterConditions} against one payload, or against the organization's most recent events of one kind as the
 * delivery log kept them. The rules are validated exactly as a config's are; nothing is stored or sent.
 */
@ApplicationScoped
public class FilterTestService {

    /** The most stored events one test evaluates, and the default. */
    public static final int MAX_EVENTS = 50;

    private final WebhookConfigRequestReader reader;
    private final EventCatalog catalog;
    private final FilterEngine engine;
    private final DeliveryLogRepository deliveries;
    private final ObjectMapper mapper;

    public FilterTestService(WebhookConfigRequestReader reader, EventCatalog catalog, FilterEngine engine,
            DeliveryLogRepository deliveries, ObjectMapper mapper) {
        this.reader = reader;
        this.catalog = catalog;
        this.engine = engine;
        this.deliveries = deliveries;
        this.mapper = mapper;
    }

    /**
     * @param body {@code filter} and/or {@code filterConditions}, and exactly one of {@code payload} (an event) or
     *        {@code eventName} (test the organization's recent events of that name); with {@code eventName}, an
     *        optional {@code limit} of 1 to {@value #MAX_EVENTS} events (default {@value #MAX_EVENTS}), ignored with
     *        {@code payload}
     * @return one verdict for the payload, or one per stored event, newest first
     * @throws ValidationException listing every failing field
     */
    public List<Verdict> test(String organizationId, JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw new ValidationException("body", "must be a JSON object");
        }
        if (!present(body, "filter") && !present(body, "filterConditions")) {
            errors.add(new FieldError("filter", "or filterConditions is required: send the rules to test"));
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
        } else {
            errors.add(new FieldError("payload", "or eventName is required: send a payload to test it, "
                    + "or an eventName to test the organization's recent events of that name"));
        }
        int events = limit(body.get("limit"), errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Filters filters = reader.readFilters(body, eventName);
        if (eventName == null) {
            return List.of(new Verdict(null, null, evaluate(organizationId, filters, payload)));
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (DeliveryRecord record : deliveries.recentByEvent(organizationId, eventName, events)) {
            verdicts.add(new Verdict(record.eventId(), record.createdAt(), evaluate(organizationId, filters, stored(record))));
        }
        return verdicts;
    }

    /**
     * The filter's verdict on one event.
     *
     * @param eventId the stored event's id; {@code null} for a payload sent with the request
     * @param createdAt when the stored event was first recorded; {@code null} for a payload sent with the request
     */
    public record Verdict(String eventId, Instant createdAt, FilterResult result) {
    }

    private FilterResult evaluate(String organizationId, Filters filters, JsonNode payload) {
        return payload == null ? FilterResult.noMatch("the stored payload is not JSON")
                : engine.evaluate(organizationId, filters.filter(), filters.filterConditions(), payload);
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
