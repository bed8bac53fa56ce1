package dev.webhooks.core.filter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A seeded generator of arbitrary JSON for the property tests: nested objects and arrays (some very deep), every
 * scalar kind, nulls, huge and extreme numbers, unicode, empty and numeric-looking strings. Keys come mostly from a
 * small vocabulary so that generated paths often hit something, with a few keys that are hostile to dot paths.
 */
final class RandomJson {

    static final List<String> KEYS = List.of("a", "b", "c", "id", "items", "status", "tags", "0", "1", "n", "ü", "");
    private static final List<String> HOSTILE_KEYS = List.of("a.b", "[0]", "x[1]", "..", "$", "ключ", "🔥");
    private static final List<String> STRINGS = List.of("", " ", "solar", "Solar", "electricity", "42", "1.5",
            "-0", "1e400", "true", "FALSE", "null", "2025-03-14", "2025-03-14T09:26:53.412Z",
            "2025-03-14T10:00:00+01:00", "Ökostrom", "日本語", "🔥🔥", "\u0000", "\u200b", "a\nb", "\"quoted\"",
            "'single'", "\\", "NaN", "Infinity", "0x1F", "  7  ", "\uD83D");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SplittableRandom random;

    RandomJson(long seed) {
        this.random = new SplittableRandom(seed);
    }

    SplittableRandom random() {
        return random;
    }

    JsonNode document() {
        int roll = random.nextInt(20);
        if (roll == 0) {
            return deepChain(200 + random.nextInt(800));
        }
        if (roll == 1) {
            return scalar();
        }
        if (roll == 2) {
            return array(4);
        }
        return object(4 + random.nextInt(3));
    }

    JsonNode value(int depth) {
        int roll = random.nextInt(depth <= 0 ? 6 : 10);
        if (roll < 6) {
            return scalar();
        }
        return roll < 8 ? object(depth - 1) : array(depth - 1);
    }

    JsonNode scalar() {
        return switch (random.nextInt(14)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextInt(-5, 100));
            case 3 -> NODES.numberNode(random.nextLong());
            case 4 -> NODES.numberNode(new BigInteger(1 + random.nextInt(300), new java.util.Random(random.nextLong()))
                    .multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1)));
            case 5 -> NODES.numberNode(randomDouble());
            case 6 -> NODES.numberNode(new BigDecimal(BigInteger.valueOf(random.nextLong()),
                    random.nextInt(-1_000_000, 1_000_000)));
            case 7 -> NODES.textNode(randomUnicode());
            case 8 -> NODES.textNode("x".repeat(random.nextInt(2_000)));
            default -> NODES.textNode(STRINGS.get(random.nextInt(STRINGS.size())));
        };
    }

    String key() {
        return random.nextInt(15) == 0 ? HOSTILE_KEYS.get(random.nextInt(HOSTILE_KEYS.size()))
                : KEYS.get(random.nextInt(KEYS.size()));
    }

    private ObjectNode object(int depth) {
        ObjectNode object = NODES.objectNode();
        int size = random.nextInt(6);
        for (int i = 0; i < size; i++) {
            object.set(key(), value(depth));
        }
        return object;
    }

    private ArrayNode array(int depth) {
        ArrayNode array = NODES.arrayNode();
        int size = random.nextInt(10) == 0 ? 0 : random.nextInt(6);
        for (int i = 0; i < size; i++) {
            array.add(value(depth));
        }
        return array;
    }

    /** An object/array chain deeper than any parser would accept, with a value at the bottom. */
    private JsonNode deepChain(int depth) {
        JsonNode node = scalar();
        for (int i = 0; i < depth; i++) {
            if (random.nextBoolean()) {
                node = NODES.arrayNode().add(node);
            } else {
                ObjectNode parent = NODES.objectNode();
                parent.set(KEYS.get(random.nextInt(3)), node);
                node = parent;
            }
        }
        return node;
    }

    private double randomDouble() {
        return switch (random.nextInt(8)) {
            case 0 -> Double.MAX_VALUE;
            case 1 -> Double.MIN_VALUE;
            case 2 -> -0.0;
            case 3 -> Double.NaN;
            case 4 -> Double.POSITIVE_INFINITY;
            default -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-20, 20));
        };
    }

    private String randomUnicode() {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            int codePoint = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x20, 0x7f);
                case 1 -> random.nextInt(0, 0x20);
                case 2 -> random.nextInt(0x80, 0xd800);
                default -> random.nextInt(0x10000, 0x10ffff);
            };
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    /**
     * A path from {@code root} to a scalar inside it, when one can be spelled (keys holding dots or brackets cannot),
     * as the segments to write: keys, and array indices or {@code null} where the path should fan out instead.
     */
    List<Step> pathToScalar(JsonNode root) {
        List<Step> steps = new ArrayList<>();
        JsonNode node = root;
        while (node.isContainerNode() && !node.isEmpty()) {
            if (node.isArray()) {
                int index = random.nextInt(node.size());
                steps.add(new Step(null, index));
                node = node.get(index);
            } else {
                List<String> spellable = new ArrayList<>();
                node.fieldNames().forEachRemaining(name -> {
                    if (!name.contains(".") && !name.contains("[") && !name.contains("]")) {
                        spellable.add(name);
                    }
                });
                if (spellable.isEmpty()) {
                    return null;
                }
                String key = spellable.get(random.nextInt(spellable.size()));
                steps.add(new Step(key, -1));
                node = node.get(key);
            }
        }
        return TypedValues.isScalar(node) && steps.stream().anyMatch(step -> step.key() != null) ? steps : null;
    }

    /** One step of a generated path: an object key, or an array index. */
    record Step(String key, int index) {
    }
}
