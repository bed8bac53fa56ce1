package dev.webhooks.core.filter;

import static dev.webhooks.core.filter.Rules.allOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.webhooks.core.filter.Condition.FieldType;
import dev.webhooks.core.filter.Condition.Operation;
import dev.webhooks.core.filter.ConditionGroup.LogicalOperator;

/**
 * Properties of the filter engine over generated JSON ({@link RandomJson}, fixed seeds so a failure replays): it never
 * throws and always answers in bounded time, and it keeps the promises that relate one rule to another.
 */
class FilterEnginePropertyTest {

    private static final Duration TIMEOUT = Duration.ofMillis(200);
    private static final FilterEngine ENGINE = new FilterEngine(TIMEOUT);
    private static final Operation[] OPERATIONS = Operation.values();
    private static final FieldType[] FIELD_TYPES = FieldType.values();
    private static final List<String> EXPRESSIONS = List.of("a", "a = 1", "$count(items) > 0", "$exists(status)",
            "$string(a) = 'solar'", "items[0].id", "tags ~> $count", "$sum(items.n) > 0", "**.status = 'solar'",
            "$number(a) + 1", "a +", "$keys($)", "$boolean($)", "b.c.a[0]", "$uppercase(status) = 'SOLAR'",
            "$millis() > 0", "$type(n) = 'number'");

    static LongStream generalSeeds() {
        return LongStream.range(0, 2_500);
    }

    static LongStream metamorphicSeeds() {
        return LongStream.range(10_000, 10_800);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("generalSeeds")
    void anyRuleOnAnyJsonAnswersInBoundedTimeWithoutThrowing(long seed) {
        RandomJson json = new RandomJson(seed);
        JsonNode document = json.document();
        for (int round = 0; round < 4; round++) {
            Filter filter = json.random().nextInt(3) == 0 ? null : randomFilter(json, document);
            ConditionGroup conditions = json.random().nextInt(4) == 0 ? null : randomGroup(json, document);
            Duration bound = TIMEOUT.multipliedBy(conditions == null ? 0 : conditions.conditions().size())
                    .plusSeconds(2);

            long started = System.nanoTime();
            FilterResult[] result = new FilterResult[1];
            assertThatCode(() -> result[0] = ENGINE.evaluate("org-1", filter, conditions, document))
                    .as("%s / %s", filter, conditions).doesNotThrowAnyException();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(bound);
            assertThat(result[0]).isNotNull();
            assertThat(result[0].failedRule() == null).isEqualTo(result[0].matched());
            // Each rule is total on its own: the engine's last-resort catch is never what answers.
            assertThat(String.valueOf(result[0].failedRule())).doesNotStartWith("filter could not be evaluated");
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("metamorphicSeeds")
    void theJsonTextOfAReachedScalarIsAlwaysSupported(long seed) {
        RandomJson json = new RandomJson(seed);
        Reached reached = reachScalar(json);
        String text = TypedValues.text(reached.scalar());
        String otherText = TypedValues.text(json.scalar());
        String otherValue = otherText == null ? "other" : otherText;

        assertThat(ENGINE.evaluate("org-1", Rules.filter(reached.path(), otherValue, text), null, reached.document())
                .matched()).as(reached.path()).isTrue();
        assertThat(holds(Rules.when(reached.path(), Operation.EQUALS, text), reached.document())).isTrue();
        assertThat(holds(Rules.when(reached.path(), Operation.ANY_OF, otherValue, text), reached.document())).isTrue();
        assertThat(holds(Rules.when(reached.path(), Operation.CONTAINS, text), reached.document())).isTrue();
        assertThat(holds(Rules.when(reached.path(), Operation.STARTS_WITH, text), reached.document())).isTrue();
        assertThat(holds(Rules.when(reached.path(), Operation.ENDS_WITH, text), reached.document())).isTrue();
        assertThat(holds(Rules.when(reached.path(), Operation.GREATER_THAN_OR_EQUALS, text), reached.document()))
                .isTrue();
        if (!text.isEmpty()) {
            assertThat(holds(Rules.when(reached.path(), Operation.IS_NOT_EMPTY), reached.document())).isTrue();
            assertThat(holds(Rules.when(reached.path(), Operation.IS_EMPTY), reached.document())).isFalse();
        }
        assertThat(holds(Rules.when(reached.path(), Operation.LENGTH_GREATER_THAN_OR_EQUALS, "1"),
                reached.document())).isTrue();
        assertThat(holds(Rules.when(reached.path(), Operation.NOT_EQUALS, text), reached.document())).isFalse();
        assertThat(holds(Rules.when(reached.path(), Operation.NONE_OF, text, otherValue), reached.document()))
                .isFalse();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("metamorphicSeeds")
    void aNegationIsTheComplementOfItsPositiveOperation(long seed) {
        RandomJson json = new RandomJson(seed);
        JsonNode document = json.document();
        for (int round = 0; round < 10; round++) {
            Condition condition = randomFieldCondition(json, document);
            Operation operation = condition.operation();
            Operation complement = complementOf(operation);
            if (complement == null) {
                continue;
            }
            boolean positiveHolds = holds(anyItemMode(condition), document);
            boolean complementHolds = holds(with(condition, complement), document);
            if (operandsAreValid(condition)) {
                assertThat(complementHolds).as("%s on %s", condition, document).isEqualTo(!positiveHolds);
            } else {
                assertThat(positiveHolds || complementHolds).as("%s fails closed", condition).isFalse();
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("metamorphicSeeds")
    void orMatchesIffAnyConditionDoesAndAndIffAllDo(long seed) {
        RandomJson json = new RandomJson(seed);
        JsonNode document = json.document();
        for (int round = 0; round < 5; round++) {
            List<Condition> conditions = randomConditions(json, document, 1 + json.random().nextInt(6));
            List<Boolean> each = conditions.stream().map(condition -> holds(condition, document)).toList();

            boolean or = ENGINE.evaluate("org-1", null, new ConditionGroup(conditions, LogicalOperator.OR), document).matched();
            boolean and = ENGINE.evaluate("org-1", null, new ConditionGroup(conditions, LogicalOperator.AND), document)
                    .matched();

            assertThat(or).as("OR of %s", each).isEqualTo(each.contains(true));
            assertThat(and).as("AND of %s", each).isEqualTo(!each.contains(false));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("metamorphicSeeds")
    void aFilterWithConditionsMatchesIffBothMatch(long seed) {
        RandomJson json = new RandomJson(seed);
        JsonNode document = json.document();
        for (int round = 0; round < 5; round++) {
            Filter filter = randomFilter(json, document);
            ConditionGroup conditions = randomGroup(json, document);

            boolean both = ENGINE.evaluate("org-1", filter, conditions, document).matched();

            assertThat(both).isEqualTo(ENGINE.evaluate("org-1", filter, null, document).matched()
                    && ENGINE.evaluate("org-1", null, conditions, document).matched());
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("metamorphicSeeds")
    void whatHoldsForEveryItemHoldsForAnyItem(long seed) {
        RandomJson json = new RandomJson(seed);
        JsonNode document = json.document();
        for (int round = 0; round < 10; round++) {
            Condition condition = randomFieldCondition(json, document);
            Condition every = new Condition(condition.field(), condition.operation(), condition.values(),
                    condition.fieldType(), true, true, null);
            Condition any = new Condition(condition.field(), condition.operation(), condition.values(),
                    condition.fieldType(), true, false, null);

            if (holds(every, document)) {
                assertThat(holds(any, document)).as("%s", condition).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("metamorphicSeeds")
    void evaluationIsDeterministic(long seed) {
        RandomJson json = new RandomJson(seed);
        JsonNode document = json.document();
        Filter filter = randomFilter(json, document);
        ConditionGroup conditions = randomGroup(json, document);

        assertThat(ENGINE.evaluate("org-1", filter, conditions, document))
                .isEqualTo(ENGINE.evaluate("org-1", filter, conditions, document.deepCopy()));
    }

    private static boolean holds(Condition condition, JsonNode document) {
        return ENGINE.evaluate("org-1", null, allOf(condition), document).matched();
    }

    /** A document and a path (fanning out or indexing, in either spelling) that reaches one of its scalars. */
    private static Reached reachScalar(RandomJson json) {
        while (true) {
            JsonNode document = json.document();
            List<RandomJson.Step> steps = json.pathToScalar(document);
            if (steps == null) {
                continue;
            }
            JsonNode scalar = document;
            for (RandomJson.Step step : steps) {
                scalar = step.key() == null ? scalar.get(step.index()) : scalar.get(step.key());
            }
            String path = spell(steps, json.random());
            if (!path.isEmpty() || steps.size() == 1) {
                return new Reached(document, path, scalar);
            }
        }
    }

    /**
     * Writes steps as a dot path. An index may be left out, so the path fans out instead, unless a numeric key follows
     * (which would then index the array) or nothing precedes it.
     */
    private static String spell(List<RandomJson.Step> steps, SplittableRandom random) {
        StringBuilder path = new StringBuilder();
        boolean first = true;
        for (int i = 0; i < steps.size(); i++) {
            RandomJson.Step step = steps.get(i);
            if (step.key() != null) {
                path.append(first ? "" : ".").append(step.key());
                first = false;
                continue;
            }
            RandomJson.Step next = i + 1 < steps.size() ? steps.get(i + 1) : null;
            boolean nextIsNumeric = next != null && (next.key() == null || next.key().matches("\\d+"));
            if (!first && !nextIsNumeric && random.nextBoolean()) {
                continue;
            }
            if (!first && random.nextBoolean()) {
                path.append('[').append(step.index()).append(']');
            } else {
                path.append(first ? "" : ".").append(step.index());
            }
            first = false;
        }
        return path.toString();
    }

    private static String randomPath(RandomJson json, JsonNode document) {
        SplittableRandom random = json.random();
        if (random.nextInt(5) < 3) {
            List<RandomJson.Step> steps = json.pathToScalar(document);
            if (steps != null) {
                List<RandomJson.Step> prefix = steps.subList(0, 1 + random.nextInt(steps.size()));
                String path = spell(prefix, random);
                if (!path.isEmpty()) {
                    return path;
                }
            }
        }
        List<String> segments = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            segments.add(switch (random.nextInt(8)) {
                case 0 -> String.valueOf(random.nextInt(4));
                case 1 -> "[" + random.nextInt(3) + "]";
                case 2 -> List.of("a[", "]", "..", "[99999999999]", "99999999999", "*", " ").get(random.nextInt(7));
                default -> json.key();
            });
        }
        return String.join(".", segments).replace(".[", "[");
    }

    private static Filter randomFilter(RandomJson json, JsonNode document) {
        List<String> values = new ArrayList<>();
        int count = json.random().nextInt(4);
        for (int i = 0; i < count; i++) {
            values.add(randomValue(json, FIELD_TYPES[json.random().nextInt(FIELD_TYPES.length)]));
        }
        return new Filter(randomPath(json, document), values);
    }

    private static ConditionGroup randomGroup(RandomJson json, JsonNode document) {
        int count = json.random().nextInt(ConditionGroup.MAX_CONDITIONS + 1);
        List<Condition> conditions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            conditions.add(json.random().nextInt(10) == 0
                    ? Rules.jsonata(EXPRESSIONS.get(json.random().nextInt(EXPRESSIONS.size())))
                    : randomFieldCondition(json, document));
        }
        return new ConditionGroup(conditions, json.random().nextBoolean() ? LogicalOperator.AND
                : json.random().nextBoolean() ? LogicalOperator.OR : null);
    }

    private static List<Condition> randomConditions(RandomJson json, JsonNode document, int count) {
        List<Condition> conditions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            conditions.add(json.random().nextInt(8) == 0
                    ? Rules.jsonata(EXPRESSIONS.get(json.random().nextInt(EXPRESSIONS.size())))
                    : randomFieldCondition(json, document));
        }
        return conditions;
    }

    private static Condition randomFieldCondition(RandomJson json, JsonNode document) {
        SplittableRandom random = json.random();
        FieldType type = FIELD_TYPES[random.nextInt(FIELD_TYPES.length)];
        Operation operation = OPERATIONS[random.nextInt(OPERATIONS.length)];
        List<String> values = new ArrayList<>();
        int count = random.nextInt(12) == 0 ? 0 : 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            values.add(operation.comparesLength() && random.nextInt(4) > 0 ? String.valueOf(random.nextInt(4))
                    : randomValue(json, type));
        }
        return new Condition(randomPath(json, document), operation, values,
                random.nextInt(6) == 0 ? null : type, random.nextInt(3) == 0, random.nextInt(3) == 0, null);
    }

    /** A configured value: mostly one of the type, sometimes the text of a generated scalar or garbage. */
    private static String randomValue(RandomJson json, FieldType type) {
        SplittableRandom random = json.random();
        if (random.nextInt(4) == 0) {
            String text = TypedValues.text(json.scalar());
            return text == null ? "" : text;
        }
        return switch (type) {
            case STRING -> List.of("solar", "a", "", "42", "x".repeat(5), "ü").get(random.nextInt(6));
            case NUMBER -> List.of("0", "-1", "42", "1.5", "1e400", "123456789012345678901234567890", "abc")
                    .get(random.nextInt(7));
            case BOOLEAN -> List.of("true", "false", "TRUE", "yes").get(random.nextInt(4));
            case DATE -> List.of("2025-03-14", "1970-01-01", "2025-13-40", "2025-03-14T00:00:00Z")
                    .get(random.nextInt(4));
            case DATETIME -> List.of("2025-03-14T09:26:53.412Z", "2025-03-14T10:00:00+01:00", "2025-03-14",
                    "2025-03-14T09:00:00", "soon").get(random.nextInt(5));
        };
    }

    private static Operation complementOf(Operation operation) {
        return switch (operation) {
            case EQUALS -> Operation.NOT_EQUALS;
            case ANY_OF -> Operation.NONE_OF;
            case CONTAINS -> Operation.NOT_CONTAINS;
            case IS_EMPTY -> Operation.IS_NOT_EMPTY;
            case LENGTH_EQUALS -> Operation.LENGTH_NOT_EQUALS;
            case LENGTH_GREATER_THAN -> Operation.LENGTH_LESS_THAN_OR_EQUALS;
            case LENGTH_LESS_THAN -> Operation.LENGTH_GREATER_THAN_OR_EQUALS;
            default -> null;
        };
    }

    /** The positive form is compared in any-item mode: a negation means "no item satisfies" in every mode. */
    private static Condition anyItemMode(Condition condition) {
        return new Condition(condition.field(), condition.operation(), condition.values(), condition.fieldType(),
                condition.isArrayField(), false, null);
    }

    private static Condition with(Condition condition, Operation operation) {
        return new Condition(condition.field(), operation, condition.values(), condition.fieldType(),
                condition.isArrayField(), condition.repeatableItemOp(), null);
    }

    private static boolean operandsAreValid(Condition condition) {
        Operation operation = condition.operation();
        if (!operation.needsValues()) {
            return true;
        }
        if (condition.values().isEmpty()) {
            return false;
        }
        if (operation.comparesLength()) {
            return TypedValues.parse(FieldType.NUMBER, condition.values().get(0)) != null;
        }
        if (operation == Operation.CONTAINS) {
            return true;
        }
        List<String> typed = operation == Operation.ANY_OF ? condition.values() : condition.values().subList(0, 1);
        return typed.stream().allMatch(value -> TypedValues.parse(condition.fieldType(), value) != null);
    }

    private record Reached(JsonNode document, String path, JsonNode scalar) {
    }
}
