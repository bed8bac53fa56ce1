package dev.webhooks.core.filter;

import java.util.List;
import java.util.Locale;

/**
 * One filter condition: either a field compared by an {@link Operation}, or a JSONata expression (never both).
 *
 * @param field dot path into the event; array indices may be written {@code items.1.id} or {@code items[1].id}
 * @param jsonataExpression set only for the expression form; then {@code field} and {@code operation} are {@code null}
 */
public record Condition(String field, Operation operation, List<String> values, FieldType fieldType,
        boolean isArrayField, boolean repeatableItemOp, String jsonataExpression) {

    public static final int MAX_JSONATA_LENGTH = 15_000;

    public Condition {
        values = values == null ? List.of() : List.copyOf(values);
        fieldType = fieldType == null ? FieldType.STRING : fieldType;
    }

    public boolean isExpression() {
        return jsonataExpression != null;
    }

    /** The comparison operators of the OpenAPI {@code WebhookCondition.operation} enum. */
    public enum Operation {
        EQUALS, NOT_EQUALS, ANY_OF, NONE_OF, CONTAINS, NOT_CONTAINS, STARTS_WITH, ENDS_WITH,
        GREATER_THAN, LESS_THAN, GREATER_THAN_OR_EQUALS, LESS_THAN_OR_EQUALS,
        IS_EMPTY, IS_NOT_EMPTY,
        LENGTH_EQUALS, LENGTH_NOT_EQUALS, LENGTH_GREATER_THAN, LENGTH_LESS_THAN,
        LENGTH_GREATER_THAN_OR_EQUALS, LENGTH_LESS_THAN_OR_EQUALS;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code is_empty} and {@code is_not_empty} compare against nothing. */
        public boolean needsValues() {
            return this != IS_EMPTY && this != IS_NOT_EMPTY;
        }

        /** The {@code length_*} operators compare an item count with {@code values[0]}. */
        public boolean comparesLength() {
            return name().startsWith("LENGTH_");
        }
    }

    /** How values are compared: as text, numbers, booleans, dates or timestamps. */
    public enum FieldType {
        STRING, NUMBER, BOOLEAN, DATE, DATETIME;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
