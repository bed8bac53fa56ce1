package dev.webhooks.core.filter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.webhooks.core.filter.Condition.FieldType;
import dev.webhooks.core.filter.Condition.Operation;
import dev.webhooks.core.filter.ConditionGroup.LogicalOperator;

/** Short spellings of filters, conditions and payloads for the filter tests. */
final class Rules {

    /** Payloads in the tables are written with single quotes. */
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

    private Rules() {
    }

    /** A payload: {@code @name} loads {@code webhooks/events/samples/name.json}, anything else is (single-quoted) JSON. */
    static JsonNode payload(String json) {
        try {
            if (json.startsWith("@")) {
                try (InputStream in = Rules.class.getResourceAsStream("/webhooks/events/samples/" + json.substring(1) + ".json")) {
                    return JSON.readTree(in);
                }
            }
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Filter filter(String keyToFilter, String... supportedValues) {
        return new Filter(keyToFilter, List.of(supportedValues));
    }

    static Condition when(String field, Operation operation, String... values) {
        return when(field, FieldType.STRING, operation, values);
    }

    static Condition when(String field, FieldType type, Operation operation, String... values) {
        return new Condition(field, operation, List.of(values), type, false, false, null);
    }

    /** {@code is_array_field}: the operation applies to the elements, any of which may satisfy it. */
    static Condition anyItem(String field, Operation operation, String... values) {
        return new Condition(field, operation, List.of(values), FieldType.STRING, true, false, null);
    }

    /** {@code is_array_field} and {@code repeatable_item_op}: every element must satisfy the operation. */
    static Condition everyItem(String field, Operation operation, String... values) {
        return everyItem(field, FieldType.STRING, operation, values);
    }

    static Condition everyItem(String field, FieldType type, Operation operation, String... values) {
        return new Condition(field, operation, List.of(values), type, true, true, null);
    }

    static Condition jsonata(String expression) {
        return new Condition(null, null, null, null, false, false, expression);
    }

    static ConditionGroup allOf(Condition... conditions) {
        return new ConditionGroup(List.of(conditions), LogicalOperator.AND);
    }

    static ConditionGroup anyOf(Condition... conditions) {
        return new ConditionGroup(List.of(conditions), LogicalOperator.OR);
    }
}
