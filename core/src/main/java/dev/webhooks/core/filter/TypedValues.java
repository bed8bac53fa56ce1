package dev.webhooks.core.filter;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import dev.webhooks.core.filter.Condition.FieldType;

/**
 * How a condition's {@code field_type} reads a payload scalar and a configured value, so that both compare:
 * <ul>
 * <li>{@code string}: the text itself; a number or boolean as its JSON text ({@code 42}, {@code 1.5}, {@code true});
 * ordered lexicographically by UTF-16 code unit.</li>
 * <li>{@code number}: a {@link BigDecimal} read from a JSON number or from a numeric string ({@code "14500.00"});
 * {@code 1.0} equals {@code 1}. Text longer than {@value #MAX_NUMBER_TEXT} characters is not a number (parsing it
 * would cost more than any filter is worth).</li>
 * <li>{@code boolean}: a JSON boolean or the string {@code true}/{@code false} (any case); {@code false < true}.</li>
 * <li>{@code date}: an ISO local date ({@code 2025-03-14}); a date-time string counts as the date written in it.</li>
 * <li>{@code datetime}: an ISO instant or offset date-time, compared as instants; a date-time without offset, or a
 * bare date (at midnight), is read as UTC.</li>
 * </ul>
 * A value that does not read as the type yields {@code null}: it equals nothing and orders against nothing.
 */
final class TypedValues {

    static final int MAX_NUMBER_TEXT = 400;
    private static final int MAX_TEMPORAL_TEXT = 100;

    private TypedValues() {
    }

    /** A string, number or boolean: the JSON values a condition compares. */
    static boolean isScalar(JsonNode node) {
        return node.isTextual() || node.isNumber() || node.isBoolean();
    }

    /** The text a scalar compares as: a string's own text, a number's or boolean's JSON text; null otherwise. */
    static String text(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber() || node.isBoolean()) {
            return node.asText();
        }
        return null;
    }

    /** A payload scalar read as {@code type}, or {@code null} when it is not one. */
    static Comparable<?> read(FieldType type, JsonNode node) {
        if (type == FieldType.NUMBER && node.isNumber()) {
            return number(node.asText());
        }
        if (type == FieldType.BOOLEAN && node.isBoolean()) {
            return node.booleanValue();
        }
        if (type != FieldType.STRING && !node.isTextual()) {
            return null;
        }
        String text = text(node);
        return text == null ? null : parse(type, text);
    }

    /** A configured value read as {@code type}, or {@code null} when it is not one. */
    static Comparable<?> parse(FieldType type, String text) {
        return switch (type) {
            case STRING -> text;
            case NUMBER -> number(text.strip());
            case BOOLEAN -> bool(text.strip());
            case DATE -> date(text.strip());
            case DATETIME -> instant(text.strip());
        };
    }

    /** Compares two values read as the same type (hence of the same class). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Comparable<?> left, Comparable<?> right) {
        return ((Comparable) left).compareTo(right);
    }

    private static BigDecimal number(String text) {
        if (text.isEmpty() || text.length() > MAX_NUMBER_TEXT) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException | ArithmeticException notANumber) {
            return null;
        }
    }

    private static Boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static LocalDate date(String text) {
        if (text.length() > MAX_TEMPORAL_TEXT) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException notADate) {
            // fall through to the date-time spellings
        }
        try {
            return OffsetDateTime.parse(text).toLocalDate();
        } catch (DateTimeException notAnOffsetDateTime) {
            // fall through
        }
        try {
            return LocalDateTime.parse(text).toLocalDate();
        } catch (DateTimeException notALocalDateTime) {
            return null;
        }
    }

    private static Instant instant(String text) {
        if (text.length() > MAX_TEMPORAL_TEXT) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException notAnOffsetDateTime) {
            // fall through to the other spellings
        }
        try {
            return ZonedDateTime.parse(text).toInstant();
        } catch (DateTimeException notAZonedDateTime) {
            // fall through
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException notALocalDateTime) {
            // fall through
        }
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeException notADate) {
            return null;
        }
    }
}
