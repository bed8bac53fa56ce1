package dev.webhooks.core.filter;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * A value's canonical text, equal for values JSONata considers equal: numbers by their double value (1 and 1.0 alike,
 * written in at most a few characters whatever the number), objects whatever the order of their keys, strings and the
 * rest tagged by type so that {@code "1"} and {@code 1} differ. Functions and other opaque values are equal only to
 * themselves. The text of one value may be at most {@value #MAX_LENGTH} characters.
 */
final class Canonical {

    static final long MAX_LENGTH = 4 * EvaluationBounds.MAX_WEIGHT;

    private Canonical() {
    }

    static String of(Object value) {
        StringBuilder text = new StringBuilder();
        append(text, value);
        return text.toString();
    }

    private static void append(StringBuilder text, Object value) {
        if (text.length() > MAX_LENGTH) {
            throw new EvaluationBounds.LimitExceeded("compares values whose text is longer than " + MAX_LENGTH);
        }
        if (value == null) {
            text.append('n');
        } else if (value instanceof String string) {
            text.append('s').append(string.length()).append(':').append(string);
        } else if (value instanceof Boolean bool) {
            text.append(bool ? 't' : 'f');
        } else if (value instanceof Number number) {
            text.append('d').append(Long.toHexString(Double.doubleToLongBits(number.doubleValue() + 0.0))).append(';');
        } else if (value instanceof Collection<?> items) {
            text.append('[');
            items.forEach(item -> append(text, item));
            text.append(']');
        } else if (value instanceof Map<?, ?> fields) {
            Map<String, Object> sorted = new TreeMap<>();
            fields.forEach((key, field) -> sorted.put(String.valueOf(key), field));
            text.append('{');
            sorted.forEach((key, field) -> {
                append(text, key);
                append(text, field);
            });
            text.append('}');
        } else {
            text.append('@').append(System.identityHashCode(value)).append(';');
        }
    }
}
