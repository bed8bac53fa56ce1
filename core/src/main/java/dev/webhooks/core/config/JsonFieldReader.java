package dev.webhooks.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import dev.webhooks.core.error.FieldError;
import dev.webhooks.core.error.ValidationException;

/**
 * Reads typed fields out of a JSON tree and collects every problem instead of stopping at the first, so that one
 * {@code 400} names all of them.
 */
final class JsonFieldReader {

    private final List<FieldError> errors = new ArrayList<>();

    void reject(String field, String reason) {
        errors.add(new FieldError(field, reason));
    }

    boolean hasErrorsUnder(String prefix) {
        return errors.stream().anyMatch(error -> error.field().startsWith(prefix));
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** A string field; {@code null} when absent or null (reported when {@code required}) or of the wrong type. */
    String text(JsonNode parent, String name, String path, boolean required, int maxLength) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                reject(path, "is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            reject(path, "must be a string");
            return null;
        }
        String value = node.textValue();
        if (required && value.isBlank()) {
            reject(path, "must not be blank");
            return null;
        }
        if (value.length() > maxLength) {
            reject(path, "must be at most " + maxLength + " characters");
            return null;
        }
        return value;
    }

    /** A boolean field; {@code null} when absent or null. */
    Boolean bool(JsonNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            reject(path, "must be true or false");
            return null;
        }
        return node.booleanValue();
    }

    /** An object field; {@code null} when absent or null (reported when {@code required}) or not an object. */
    JsonNode object(JsonNode parent, String name, String path, boolean required) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                reject(path, "is required");
            }
            return null;
        }
        if (!node.isObject()) {
            reject(path, "must be an object");
            return null;
        }
        return node;
    }

    /** An array field; {@code null} when absent or null (reported when {@code required}) or not an array. */
    JsonNode array(JsonNode parent, String name, String path, boolean required) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                reject(path, "is required");
            }
            return null;
        }
        if (!node.isArray()) {
            reject(path, "must be an array");
            return null;
        }
        return node;
    }

    /** An enum field written in its wire spelling; {@code null} when absent, null or not one of {@code values}. */
    <E extends Enum<E>> E enumeration(JsonNode parent, String name, String path, boolean required, Class<E> type,
            boolean lowerCase) {
        String text = text(parent, name, path, required, ConfigLimits.MAX_TEXT_LENGTH);
        if (text == null) {
            return null;
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            String wire = lowerCase ? constant.name().toLowerCase(Locale.ROOT) : constant.name();
            if (wire.equals(text)) {
                return constant;
            }
            allowed.add(wire);
        }
        reject(path, "must be one of " + String.join(", ", allowed));
        return null;
    }

    /** A secret field: left out, {@code null} or a string mean keep, clear and set. */
    SecretInput secret(JsonNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (node == null) {
            return SecretInput.KEEP;
        }
        if (node.isNull()) {
            return SecretInput.CLEAR;
        }
        if (!node.isTextual() || node.textValue().isEmpty()) {
            reject(path, "must be a non-empty string, or null to clear it");
            return SecretInput.KEEP;
        }
        if (node.textValue().length() > ConfigLimits.MAX_SECRET_LENGTH) {
            reject(path, "must be at most " + ConfigLimits.MAX_SECRET_LENGTH + " characters");
            return SecretInput.KEEP;
        }
        return SecretInput.set(node.textValue());
    }
}
