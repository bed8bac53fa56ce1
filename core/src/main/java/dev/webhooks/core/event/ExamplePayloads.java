package dev.webhooks.core.event;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds a sample payload from an event's JSON Schema, for the contract's {@code getWebhookExample}: every declared
 * property is present, objects from their {@code properties}, arrays with one element built from {@code items} (or
 * {@code minItems} of them), and each value is the schema's own {@code examples[0]}, so the sample reads like a real
 * event. Without an example: {@code const}, {@code enum[0]} or {@code default}, else a value of the declared type
 * ({@code "string"}, a fixed timestamp for {@code date-time}, {@code 0}, {@code false}). Local {@code $ref}s are
 * followed and {@code oneOf}/{@code anyOf} take their first branch; the event schemas of this service use neither, but
 * a schema that does still yields a sample rather than an error.
 */
public final class ExamplePayloads {

    /** The timestamp used for a {@code date-time} without an example: fixed, so samples are reproducible. */
    public static final String SAMPLE_DATE_TIME = "2025-01-01T00:00:00.000Z";
    /**
     * Nesting depth after which the walk stops with {@code null}: only a self-referencing {@code $ref} can get there,
     * the event schemas are a handful of levels deep.
     */
    static final int MAX_DEPTH = 32;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ExamplePayloads() {
    }

    /** A sample instance of the schema; a new tree each call, free for the caller to change. */
    public static JsonNode of(EventSchema schema) {
        return of(schema.json());
    }

    /** A sample instance of a JSON Schema document. */
    public static JsonNode of(JsonNode schema) {
        return value(schema, schema, 0);
    }

    private static JsonNode value(JsonNode root, JsonNode schema, int depth) {
        if (depth > MAX_DEPTH || schema == null || !schema.isObject()) {
            return JSON.nullNode();
        }
        if (schema.hasNonNull("$ref")) {
            return value(root, reference(root, schema.path("$ref").asText()), depth + 1);
        }
        for (String alternatives : new String[] { "oneOf", "anyOf" }) {
            JsonNode first = schema.path(alternatives).path(0);
            if (!first.isMissingNode() && !schema.has("properties") && !schema.has("items")) {
                return value(root, first, depth + 1);
            }
        }
        if (schema.has("properties")) {
            return object(root, schema, depth);
        }
        if (isArray(schema)) {
            return array(root, schema, depth);
        }
        return leaf(schema);
    }

    private static ObjectNode object(JsonNode root, JsonNode schema, int depth) {
        ObjectNode object = JSON.objectNode();
        Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            object.set(property.getKey(), value(root, property.getValue(), depth + 1));
        }
        return object;
    }

    /**
     * Elements built from {@code items} when they are objects (their examples sit on the leaves); a whole-array
     * example otherwise (for a list of tags it says more than one generated tag).
     */
    private static JsonNode array(JsonNode root, JsonNode schema, int depth) {
        JsonNode items = schema.path("items");
        JsonNode example = schema.path("examples").path(0);
        if (example.isArray() && !items.has("properties")) {
            return example.deepCopy();
        }
        ArrayNode array = JSON.arrayNode();
        if (!items.isObject()) {
            return array;
        }
        int count = Math.max(1, schema.path("minItems").asInt(1));
        for (int i = 0; i < count; i++) {
            array.add(value(root, items, depth + 1));
        }
        return array;
    }

    private static JsonNode leaf(JsonNode schema) {
        for (JsonNode declared : new JsonNode[] { schema.path("examples").path(0), schema.get("const"),
                schema.path("enum").path(0), schema.get("default") }) {
            if (declared != null && !declared.isMissingNode()) {
                return declared.deepCopy();
            }
        }
        return switch (type(schema)) {
            case "string" -> JSON.textNode(sampleString(schema.path("format").asText("")));
            case "integer", "number" -> JSON.numberNode(0);
            case "boolean" -> JSON.booleanNode(false);
            case "object" -> JSON.objectNode();
            case "array" -> JSON.arrayNode();
            case "null" -> JSON.nullNode();
            default -> JSON.textNode("string");
        };
    }

    /** A value of the string formats the event schemas use, so that the sample also passes format checks. */
    private static String sampleString(String format) {
        return switch (format) {
            case "date-time" -> SAMPLE_DATE_TIME;
            case "date" -> SAMPLE_DATE_TIME.substring(0, 10);
            case "email" -> "user@example.com";
            case "uri", "url" -> "https://example.com";
            case "uuid" -> "00000000-0000-4000-8000-000000000000";
            default -> "string";
        };
    }

    /** The declared type; for a list of types such as {@code ["string", "null"]}, the first that is not null. */
    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode candidate : type) {
                if (!"null".equals(candidate.asText())) {
                    return candidate.asText();
                }
            }
            return type.path(0).asText("");
        }
        return type.asText("");
    }

    private static boolean isArray(JsonNode schema) {
        return "array".equals(type(schema)) || schema.has("items");
    }

    /** A local reference ({@code #/$defs/address}); anything else is not followed. */
    private static JsonNode reference(JsonNode root, String ref) {
        if (!ref.startsWith("#")) {
            return null;
        }
        JsonNode target = root.at(ref.substring(1));
        return target.isMissingNode() ? null : target;
    }
}
