package dev.webhooks.core.event;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The JSON Schema of one event's payload, and the dot paths it declares. A path walks {@code properties}; an array is
 * transparent (a filter on {@code items.id} looks into every element) and may also be indexed ({@code items.0.id} or
 * {@code items[0].id}). Only declared properties count: this is what lets the API refuse a filter on a field the event
 * never carries.
 */
public final class EventSchema {

    private static final Pattern INDEX = Pattern.compile("\\d+");
    private static final Pattern BRACKET_INDEX = Pattern.compile("\\[(\\d+)]");

    private final JsonNode schema;
    private final List<String> paths;

    public EventSchema(JsonNode schema) {
        this.schema = schema;
        List<String> collected = new ArrayList<>();
        collect(schema, "", collected);
        this.paths = List.copyOf(collected);
    }

    public JsonNode json() {
        return schema;
    }

    /** Every declared path, objects and leaves, in document order. */
    public List<String> paths() {
        return paths;
    }

    /** What the path names in this schema. */
    public PathTarget resolve(String path) {
        JsonNode node = schema;
        for (String segment : segments(path)) {
            while (isArray(node) && !INDEX.matcher(segment).matches()) {
                node = node.path("items");
            }
            if (isArray(node)) {
                node = node.path("items");
                continue;
            }
            JsonNode property = node.path("properties").path(segment);
            if (property.isMissingNode()) {
                return PathTarget.MISSING;
            }
            node = property;
        }
        while (isArray(node)) {
            node = node.path("items");
        }
        return node.has("properties") ? PathTarget.OBJECT : PathTarget.VALUE;
    }

    /**
     * Up to {@code limit} declared value paths nearest to {@code path}, nearest first. Nearest means: fewest of the
     * typed characters missing from the candidate in order (so a typo'd or shortened name such as {@code categry}
     * finds {@code product_category}), then smallest edit distance.
     */
    public List<String> closest(String path, int limit) {
        String normalized = String.join(".", segments(path));
        return paths.stream()
                .filter(candidate -> resolve(candidate) == PathTarget.VALUE)
                .sorted(Comparator
                        .comparingInt((String candidate) -> normalized.length()
                                - commonSubsequence(normalized, candidate))
                        .thenComparingInt(candidate -> editDistance(normalized, candidate))
                        .thenComparing(Comparator.naturalOrder()))
                .limit(limit)
                .toList();
    }

    /** Splits a dot path, accepting {@code a[1].b} as {@code a.1.b}. */
    public static List<String> segments(String path) {
        String dotted = BRACKET_INDEX.matcher(path).replaceAll(".$1");
        List<String> segments = new ArrayList<>();
        for (String segment : dotted.split("\\.", -1)) {
            segments.add(segment);
        }
        return segments;
    }

    /** What a path names: nothing, an object (or array of objects), or a value (or array of values). */
    public enum PathTarget {
        MISSING, OBJECT, VALUE
    }

    private static boolean isArray(JsonNode node) {
        JsonNode type = node.path("type");
        return "array".equals(type.asText()) || node.has("items");
    }

    private static void collect(JsonNode node, String prefix, List<String> out) {
        while (isArray(node)) {
            node = node.path("items");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.path("properties").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            out.add(path);
            collect(field.getValue(), path, out);
        }
    }

    private static int commonSubsequence(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                current[j] = a.charAt(i - 1) == b.charAt(j - 1) ? previous[j - 1] + 1
                        : Math.max(previous[j], current[j - 1]);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
