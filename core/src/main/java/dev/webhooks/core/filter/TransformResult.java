package dev.webhooks.core.filter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a config's payload transform made of an event: the JSON body to send, or why there is none.
 *
 * <p>The body is the expression's result serialized once, so the bytes signed, sent and recorded are the same. A
 * result is refused when it is:
 * <ul>
 * <li>empty: undefined (the expression selected nothing) or {@code null}, which the library does not tell apart at
 * the top level. Nothing would be left to send;</li>
 * <li>not a JSON value: a function, anywhere in it;</li>
 * <li>larger than {@value #MAX_BODY_BYTES} bytes as UTF-8: the delivery log keeps it beside the original event in one
 * record (a DynamoDB item holds at most 400 KB).</li>
 * </ul>
 *
 * @param body the JSON text to send; {@code null} when the transform failed
 * @param error why the transform failed; {@code null} when it succeeded
 */
public record TransformResult(String body, String error) {

    /** The largest transformed body, in bytes of UTF-8. */
    public static final int MAX_BODY_BYTES = 128 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Integral numbers up to here are written without a fraction, as JSONata itself prints them. */
    private static final double EXACT_INTEGERS = 9_007_199_254_740_992d;

    public TransformResult {
        if ((body == null) == (error == null)) {
            throw new IllegalArgumentException("a transform result has either a body or an error");
        }
    }

    public static TransformResult sent(String body) {
        return new TransformResult(Objects.requireNonNull(body), null);
    }

    public static TransformResult failed(String error) {
        return new TransformResult(null, Objects.requireNonNull(error));
    }

    public boolean succeeded() {
        return body != null;
    }

    /** The result of the transform's evaluation as a body, or why it cannot be one. */
    static TransformResult of(Object result) {
        if (result == null) {
            return failed("the transform's result is empty (undefined or null): there is nothing to send");
        }
        JsonNode json;
        try {
            json = json(result);
        } catch (NotJson notJson) {
            return failed("the transform's result is not a JSON value: the result" + notJson.path + " is "
                    + notJson.getMessage());
        }
        String body;
        try {
            body = MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            return failed("the transform's result cannot be written as JSON");
        }
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BODY_BYTES) {
            return failed("the transform's result is " + bytes + " bytes of JSON; the most a body may be is "
                    + MAX_BODY_BYTES);
        }
        return sent(body);
    }

    /** The value as JSON; the path to a part that cannot be is built as the exception unwinds, not for every node. */
    private static JsonNode json(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return NODES.numberNode(big);
        }
        if (value instanceof BigDecimal decimal) {
            return NODES.numberNode(decimal);
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (!Double.isFinite(d)) {
                throw new NotJson(d + ", which JSON cannot hold");
            }
            return d == Math.rint(d) && Math.abs(d) <= EXACT_INTEGERS ? NODES.numberNode((long) d)
                    : NODES.numberNode(d);
        }
        if (value instanceof List<?> items) {
            ArrayNode array = NODES.arrayNode(items.size());
            for (int i = 0; i < items.size(); i++) {
                try {
                    array.add(json(items.get(i)));
                } catch (NotJson inside) {
                    throw inside.within("[" + i + "]");
                }
            }
            return array;
        }
        if (value instanceof Map<?, ?> fields) {
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<?, ?> field : fields.entrySet()) {
                String key = String.valueOf(field.getKey());
                try {
                    object.set(key, json(field.getValue()));
                } catch (NotJson inside) {
                    throw inside.within("." + key);
                }
            }
            return object;
        }
        throw new NotJson("a function");
    }

    /** A part of the result JSON cannot hold: what it is, and where (cut short when deep). */
    private static final class NotJson extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private static final int MAX_PATH = 120;

        private String path = "";

        NotJson(String what) {
            super(what, null, false, false);
        }

        NotJson within(String step) {
            if (path.length() < MAX_PATH) {
                path = step + path;
            } else if (!path.startsWith("…")) {
                path = "…" + path;
            }
            return this;
        }
    }
}
