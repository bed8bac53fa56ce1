package dev.webhooks.core.config;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.webhooks.core.error.FieldError;

/**
 * Whether a free-form JSON value a client sends (the pass-through objects) can be stored as a DynamoDB map: nested
 * at most {@value #MAX_DEPTH} levels (DynamoDB allows 32, and the item holds it a few levels down), no empty keys, and
 * numbers DynamoDB can hold (38 significant digits, magnitude between 1E-130 and 1E+126). Checked before storage, so a
 * value DynamoDB would refuse is a 400 naming where it is, not a 500.
 */
public final class StorableJson {

    static final int MAX_DEPTH = 24;
    private static final int MAX_PRECISION = 38;
    private static final BigDecimal LARGEST = new BigDecimal("9.9999999999999999999999999999999999999E+125");
    private static final BigDecimal SMALLEST = new BigDecimal("1E-130");

    private StorableJson() {
    }

    /** The first part of {@code value} (at {@code path}) DynamoDB could not store, or {@code null}. */
    public static FieldError problem(JsonNode value, String path) {
        return check(value, path, 1);
    }

    private static FieldError check(JsonNode node, String path, int depth) {
        if (node.isContainerNode() && depth > MAX_DEPTH) {
            return new FieldError(path, "is nested deeper than " + MAX_DEPTH + " levels");
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().isEmpty()) {
                    return new FieldError(path, "has an empty key: every key needs a name");
                }
                FieldError inner = check(field.getValue(), path + "." + field.getKey(), depth + 1);
                if (inner != null) {
                    return inner;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                FieldError inner = check(node.get(i), path + "[" + i + "]", depth + 1);
                if (inner != null) {
                    return inner;
                }
            }
        } else if (node.isNumber() && !storable(node)) {
            return new FieldError(path, "must be a number of at most 38 significant digits between 1E-130 and "
                    + "9.99E+125 in magnitude");
        }
        return null;
    }

    private static boolean storable(JsonNode number) {
        if ((number.isDouble() || number.isFloat()) && !Double.isFinite(number.doubleValue())) {
            return false;
        }
        BigDecimal value = number.decimalValue().stripTrailingZeros();
        if (value.signum() == 0) {
            return true;
        }
        BigDecimal magnitude = value.abs();
        return value.precision() <= MAX_PRECISION && magnitude.compareTo(LARGEST) <= 0
                && magnitude.compareTo(SMALLEST) >= 0;
    }
}
