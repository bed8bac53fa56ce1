package dev.webhooks.core.filter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import dev.webhooks.core.filter.Condition.FieldType;
import dev.webhooks.core.filter.Condition.Operation;

/**
 * The field-and-operation form of a {@link Condition}; the semantics are documented on {@link FilterEngine}.
 */
final class FieldCondition {

    private static final int MAX_VALUES_SHOWN = 5;

    private FieldCondition() {
    }

    static FilterResult evaluate(Condition condition, JsonNode event) {
        if (condition.field() == null) {
            return FilterResult.noMatch("condition has neither a field nor a jsonata_expression");
        }
        Operation operation = condition.operation();
        if (operation == null) {
            return FilterResult.noMatch(condition.field() + " has no operation");
        }
        String rule = rule(condition);
        List<JsonNode> targets = PayloadPath.of(condition.field()).targets(event);
        if (operation == Operation.IS_EMPTY || operation == Operation.IS_NOT_EMPTY) {
            boolean empty = targets.stream().allMatch(FieldCondition::isEmpty);
            return verdict(empty == (operation == Operation.IS_EMPTY), rule, "value: " + ValueDescription.of(targets));
        }
        if (condition.values().isEmpty()) {
            return FilterResult.noMatch(rule + " has no values[0] to compare with");
        }
        if (operation.comparesLength()) {
            return length(operation, condition.values().get(0), targets, rule);
        }
        Operands operands;
        try {
            operands = Operands.read(condition);
        } catch (InvalidOperand invalid) {
            return FilterResult.noMatch(rule + ": " + invalid.getMessage());
        }
        Operation positive = positiveOf(operation);
        Predicate<JsonNode> satisfies = item -> holds(item, positive, operands);
        List<JsonNode> items = condition.isArrayField() ? elements(targets) : targets;
        boolean holds;
        if (positive != operation) {
            holds = items.stream().noneMatch(satisfies);
        } else if (condition.isArrayField() && condition.repeatableItemOp()) {
            holds = !items.isEmpty() && items.stream().allMatch(satisfies);
        } else {
            holds = items.stream().anyMatch(satisfies);
        }
        return verdict(holds, rule, "value: " + ValueDescription.of(targets));
    }

    /** not_equals, none_of and not_contains are "no item satisfies" equals, any_of and contains. */
    private static Operation positiveOf(Operation operation) {
        return switch (operation) {
            case NOT_EQUALS -> Operation.EQUALS;
            case NONE_OF -> Operation.ANY_OF;
            case NOT_CONTAINS -> Operation.CONTAINS;
            default -> operation;
        };
    }

    private static boolean holds(JsonNode item, Operation operation, Operands operands) {
        FieldType type = operands.type();
        return switch (operation) {
            case CONTAINS -> contains(item, operands);
            case STARTS_WITH -> PayloadPath.anyLeaf(item, leaf -> TypedValues.text(leaf).startsWith(operands.first()));
            case ENDS_WITH -> PayloadPath.anyLeaf(item, leaf -> TypedValues.text(leaf).endsWith(operands.first()));
            case EQUALS -> PayloadPath.anyLeaf(item, leaf -> equal(TypedValues.read(type, leaf), operands.typedFirst()));
            case ANY_OF -> PayloadPath.anyLeaf(item, leaf -> {
                Comparable<?> value = TypedValues.read(type, leaf);
                return operands.typedAll().stream().anyMatch(candidate -> equal(value, candidate));
            });
            case GREATER_THAN -> ordered(item, operands, order -> order > 0);
            case LESS_THAN -> ordered(item, operands, order -> order < 0);
            case GREATER_THAN_OR_EQUALS -> ordered(item, operands, order -> order >= 0);
            case LESS_THAN_OR_EQUALS -> ordered(item, operands, order -> order <= 0);
            default -> throw new IllegalStateException("not an item operation: " + operation);
        };
    }

    /** A scalar contains {@code values[0]} as a substring of its text; an array contains it as an element. */
    private static boolean contains(JsonNode item, Operands operands) {
        if (TypedValues.isScalar(item)) {
            return TypedValues.text(item).contains(operands.first());
        }
        return item.isArray() && operands.typedFirst() != null && PayloadPath.anyLeaf(item,
                leaf -> equal(TypedValues.read(operands.type(), leaf), operands.typedFirst()));
    }

    private static boolean ordered(JsonNode item, Operands operands, IntPredicate order) {
        return PayloadPath.anyLeaf(item, leaf -> {
            Comparable<?> value = TypedValues.read(operands.type(), leaf);
            return value != null && order.test(TypedValues.compare(value, operands.typedFirst()));
        });
    }

    private static boolean equal(Comparable<?> value, Comparable<?> expected) {
        return value != null && expected != null && TypedValues.compare(value, expected) == 0;
    }

    private static FilterResult length(Operation operation, String expectedText, List<JsonNode> targets,
            String rule) {
        BigDecimal expected = (BigDecimal) TypedValues.parse(FieldType.NUMBER, expectedText);
        if (expected == null) {
            return FilterResult.noMatch(rule + ": values[0] " + ValueDescription.quoted(expectedText)
                    + " is not a count");
        }
        long count = targets.stream().mapToLong(FieldCondition::itemCount).sum();
        int order = BigDecimal.valueOf(count).compareTo(expected);
        boolean holds = switch (operation) {
            case LENGTH_EQUALS -> order == 0;
            case LENGTH_NOT_EQUALS -> order != 0;
            case LENGTH_GREATER_THAN -> order > 0;
            case LENGTH_LESS_THAN -> order < 0;
            case LENGTH_GREATER_THAN_OR_EQUALS -> order >= 0;
            case LENGTH_LESS_THAN_OR_EQUALS -> order <= 0;
            default -> throw new IllegalStateException("not a length operation: " + operation);
        };
        return verdict(holds, rule, "length: " + count);
    }

    /** An array counts its elements, {@code null} counts 0, any other value 1. */
    private static long itemCount(JsonNode value) {
        if (value.isArray()) {
            return value.size();
        }
        return value.isNull() ? 0 : 1;
    }

    private static boolean isEmpty(JsonNode value) {
        return value.isNull() || value.isMissingNode() || (value.isTextual() && value.textValue().isEmpty())
                || (value.isContainerNode() && value.isEmpty());
    }

    /** The items of an array field: every element of every array reached; a null adds none, a non-array itself. */
    private static List<JsonNode> elements(List<JsonNode> targets) {
        List<JsonNode> elements = new ArrayList<>();
        for (JsonNode target : targets) {
            if (target.isArray()) {
                target.forEach(elements::add);
            } else if (!target.isNull()) {
                elements.add(target);
            }
        }
        return elements;
    }

    private static FilterResult verdict(boolean holds, String rule, String detail) {
        return holds ? FilterResult.match() : FilterResult.noMatch(rule + " failed (" + detail + ")");
    }

    /** How the condition reads, e.g. {@code amount greater_than [100] as number on every item}. */
    private static String rule(Condition condition) {
        StringBuilder rule = new StringBuilder(condition.field()).append(' ')
                .append(condition.operation().wireName());
        if (condition.operation().needsValues()) {
            List<String> values = condition.values();
            rule.append(" [");
            for (int i = 0; i < Math.min(values.size(), MAX_VALUES_SHOWN); i++) {
                rule.append(i > 0 ? ", " : "").append(ValueDescription.cut(values.get(i)));
            }
            rule.append(values.size() > MAX_VALUES_SHOWN ? ", …]" : "]");
        }
        if (condition.fieldType() != FieldType.STRING && !condition.operation().comparesLength()) {
            rule.append(" as ").append(condition.fieldType().wireName());
        }
        if (condition.isArrayField() && condition.operation().needsValues()
                && !condition.operation().comparesLength()) {
            rule.append(condition.repeatableItemOp() ? " on every item" : " on any item");
        }
        return rule.toString();
    }

    /** The configured values, read once as the field type. */
    private record Operands(FieldType type, String first, Comparable<?> typedFirst, List<Comparable<?>> typedAll) {

        static Operands read(Condition condition) throws InvalidOperand {
            FieldType type = condition.fieldType();
            Operation operation = condition.operation();
            List<String> values = condition.values();
            boolean typedOperation = operation != Operation.CONTAINS && operation != Operation.NOT_CONTAINS
                    && operation != Operation.STARTS_WITH && operation != Operation.ENDS_WITH;
            boolean allValues = operation == Operation.ANY_OF || operation == Operation.NONE_OF;
            List<Comparable<?>> typed = new ArrayList<>();
            for (int i = 0; i < (allValues ? values.size() : 1); i++) {
                Comparable<?> value = TypedValues.parse(type, values.get(i));
                if (value == null && typedOperation) {
                    throw new InvalidOperand("values[" + i + "] " + ValueDescription.quoted(values.get(i))
                            + " is not a " + type.wireName());
                }
                typed.add(value);
            }
            return new Operands(type, values.get(0), typed.get(0), typed);
        }
    }

    /** A configured value that does not read as the condition's field type: the condition fails closed. */
    private static final class InvalidOperand extends Exception {

        InvalidOperand(String message) {
            super(message, null, false, false);
        }
    }
}
