package dev.webhooks.core.filter;

import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Short, bounded renderings of payload values for {@link FilterResult#failedRule()}: strings quoted, numbers and
 * booleans as JSON text, long strings and big arrays cut, objects elided. An explanation must stay readable whatever
 * the payload holds.
 */
final class ValueDescription {

    private static final int MAX_TEXT = 60;
    private static final int MAX_ITEMS = 5;

    private ValueDescription() {
    }

    /** The values a path reached: {@code missing}, one value, or a bracketed list. */
    static String of(List<JsonNode> values) {
        if (values.isEmpty()) {
            return "missing";
        }
        if (values.size() == 1) {
            return of(values.get(0));
        }
        StringBuilder text = new StringBuilder("[");
        appendItems(text, values.size(), i -> values.get(i), 1);
        return text.append(']').toString();
    }

    static String of(JsonNode value) {
        StringBuilder text = new StringBuilder();
        append(text, value, 2);
        return text.toString();
    }

    /** A configured value or any text, quoted and cut like a payload string. */
    static String quoted(String value) {
        return "'" + cut(value) + "'";
    }

    static String cut(String value) {
        return value.length() <= MAX_TEXT ? value : value.substring(0, MAX_TEXT) + "…";
    }

    private static void append(StringBuilder text, JsonNode value, int depth) {
        if (value.isTextual()) {
            text.append(quoted(value.textValue()));
        } else if (value.isNumber() || value.isBoolean()) {
            text.append(cut(value.asText()));
        } else if (value.isNull()) {
            text.append("null");
        } else if (value.isObject()) {
            text.append(value.isEmpty() ? "{}" : "{…}");
        } else if (value.isArray()) {
            if (depth == 0) {
                text.append(value.isEmpty() ? "[]" : "[…]");
                return;
            }
            text.append('[');
            appendItems(text, value.size(), value::get, depth - 1);
            text.append(']');
        } else {
            text.append(value.getNodeType().name().toLowerCase(Locale.ROOT));
        }
    }

    private static void appendItems(StringBuilder text, int size, IntFunction<JsonNode> item,
            int depth) {
        for (int i = 0; i < Math.min(size, MAX_ITEMS); i++) {
            if (i > 0) {
                text.append(", ");
            }
            append(text, item.apply(i), depth);
        }
        if (size > MAX_ITEMS) {
            text.append(", … (").append(size - MAX_ITEMS).append(" more)");
        }
    }
}
