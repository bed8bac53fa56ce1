package dev.webhooks.core.filter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.webhooks.core.event.EventSchema;

/**
 * A dot path into an event ({@code customer_request.request_items.product_category}, {@code items.0.id},
 * {@code items[0].id}). An array met before a segment that is not an index fans out: the rest of the path is followed
 * in every element. A numeric segment indexes an array (and is an ordinary key on an object). The walk is iterative, so
 * no payload nesting can overflow the stack.
 */
final class PayloadPath {

    private static final Pattern INDEX = Pattern.compile("\\d+");

    private final String text;
    private final List<String> segments;

    private PayloadPath(String text) {
        this.text = text;
        this.segments = EventSchema.segments(text);
    }

    static PayloadPath of(String path) {
        return new PayloadPath(path);
    }

    @Override
    public String toString() {
        return text;
    }

    /**
     * The values the path reaches, in document order. The value at the end is returned as it is: an array there stays
     * one array (callers that want its elements use {@link #anyLeaf}). A missing path reaches nothing; a JSON
     * {@code null} met before the end reaches nothing; a {@code null} at the end is reached.
     */
    List<JsonNode> targets(JsonNode root) {
        List<JsonNode> reached = new ArrayList<>();
        Deque<Step> pending = new ArrayDeque<>();
        pending.push(new Step(root, 0));
        while (!pending.isEmpty()) {
            Step step = pending.pop();
            JsonNode node = step.node();
            if (step.segment() == segments.size()) {
                reached.add(node);
                continue;
            }
            String segment = segments.get(step.segment());
            if (node.isArray()) {
                if (INDEX.matcher(segment).matches()) {
                    // An index of ten digits or more exceeds any array that fits in memory.
                    JsonNode element = segment.length() > 9 ? null : node.get(Integer.parseInt(segment));
                    if (element != null) {
                        pending.push(new Step(element, step.segment() + 1));
                    }
                } else {
                    for (int i = node.size() - 1; i >= 0; i--) {
                        pending.push(new Step(node.get(i), step.segment()));
                    }
                }
            } else if (node.isObject()) {
                JsonNode child = node.get(segment);
                if (child != null) {
                    pending.push(new Step(child, step.segment() + 1));
                }
            }
        }
        return reached;
    }

    /**
     * Whether any scalar (string, number or boolean) in {@code value} satisfies {@code test}, where an array, however
     * nested, stands for its elements. {@code null} and objects satisfy nothing.
     */
    static boolean anyLeaf(JsonNode value, Predicate<JsonNode> test) {
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(value);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isArray()) {
                for (int i = node.size() - 1; i >= 0; i--) {
                    pending.push(node.get(i));
                }
            } else if (TypedValues.isScalar(node) && test.test(node)) {
                return true;
            }
        }
        return false;
    }

    private record Step(JsonNode node, int segment) {
    }
}
