package dev.webhooks.core.filter;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;


/**
 * Decides whether an event reaches a webhook: the classic {@link Filter} of the product description and the
 * {@link ConditionGroup} of the OpenAPI {@code filterConditions}; and, once it does, what the webhook receives when its
 * config transforms the payload ({@link #transform}). Either may be absent (no constraint); when both are
 * present both must match. A pure library: no framework, no I/O, and no exception for any JSON.
 *
 * <h2>Paths</h2>
 * A dot path ({@code a.b.c}, {@code items.0.id}, {@code items[0].id}) walks objects by key. An array met before a
 * non-numeric segment fans out: the rest of the path is followed in every element, so one path may reach several
 * values. A numeric segment indexes an array. A missing key, or a scalar or {@code null} met before the end, reaches
 * nothing.
 *
 * <h2>Classic filter</h2>
 * Matches when any scalar reached by {@code keyToFilter} is one of {@code supportedValues}. An array at the end stands
 * for its elements (at any nesting). Strings compare exactly (case-sensitive); numbers and booleans compare as their
 * JSON text ({@code 42}, {@code 1.5}, {@code true}). {@code null}, objects and nothing reached never match.
 *
 * <h2>Condition groups</h2>
 * Conditions are AND-ed unless {@code logical_operator} is {@code OR}; an empty group matches. The explanation of a
 * failed group names its first failing condition. A condition compares the field's values with {@code values} as
 * follows.
 * <ul>
 * <li><b>Items.</b> The values the path reaches are the items. With {@code is_array_field} the items are instead the
 * elements of the arrays reached (a {@code null} field has none; a non-array value is its own single item).</li>
 * <li><b>Item operations</b>, tested on an item; an array item satisfies them when any of its elements does:
 * {@code equals} values[0]; {@code any_of} any of values; {@code starts_with}/{@code ends_with} values[0] (on the text,
 * whatever the field type); {@code greater_than}, {@code less_than}, {@code greater_than_or_equals},
 * {@code less_than_or_equals} values[0] in the field type's order; {@code contains}: a scalar's text contains values[0]
 * as a substring, an array item contains an element equal to values[0].</li>
 * <li><b>Quantifier.</b> A positive operation holds when any item satisfies it. With {@code is_array_field} and
 * {@code repeatable_item_op} it holds when every item does, and there is at least one (an empty array matches no
 * "every" condition). {@code repeatable_item_op} without {@code is_array_field} changes nothing.</li>
 * <li><b>Negations.</b> {@code not_equals}, {@code none_of} and {@code not_contains} hold when no item satisfies
 * {@code equals}, {@code any_of} or {@code contains}; in every mode ("every item differs" is "no item equals"). So a
 * missing field or an empty array satisfies every negation.</li>
 * <li><b>Missing field.</b> Positive operations fail; negations hold; {@code is_empty} holds; the length is 0.</li>
 * <li><b>Whole-field operations</b> look at the values reached, never at items: {@code is_empty} holds when every
 * value reached is {@code null}, {@code ""}, {@code []} or {@code {}} (or nothing is reached); {@code is_not_empty} is
 * its negation. {@code length_*} compare the item count with values[0]: an array counts its elements, {@code null}
 * counts 0, any other value 1, summed over the values reached (so {@code items.tags} counts the tags of all items,
 * like JSONata's {@code $count}).</li>
 * <li><b>Field types</b> ({@link TypedValues}): {@code string} compares text (lexicographic order), {@code number} as
 * decimals, {@code boolean}, {@code date} as ISO local dates, {@code datetime} as instants. A payload value that does
 * not read as the type equals and orders against nothing (so it satisfies the negations). A configured value that does
 * not read as the type, missing {@code values}, or a length that is not a number make the condition fail, whatever
 * the operation.</li>
 * <li><b>JSONata.</b> {@code jsonata_expression} conditions hold when the result is truthy per {@code $boolean};
 * a parse error, a runtime error or running over the timeout make them fail ({@link JsonataEvaluator}).</li>
 * </ul>
 */
public final class FilterEngine {

    private final JsonataEvaluator jsonata;

    /** An engine with the default evaluator pool: {@code 4} threads, at most {@code 1} per organization. */
    public FilterEngine(Duration jsonataTimeout) {
        this(jsonataTimeout, JsonataEvaluator.DEFAULT_EVALUATORS, JsonataEvaluator.DEFAULT_PER_ORGANIZATION);
    }

    /**
     * @param jsonataTimeout the longest one JSONata condition may run for one event
     * @param jsonataEvaluators how many JSONata conditions may run at once
     * @param perOrganization how many of them may be one organization's
     */
    public FilterEngine(Duration jsonataTimeout, int jsonataEvaluators, int perOrganization) {
        this.jsonata = new JsonataEvaluator(positive(jsonataTimeout), jsonataEvaluators, perOrganization);
    }

    /**
     * @param jsonataTimeout the longest one JSONata condition may run for one event
     * @param jsonataEvaluators where JSONata conditions run; a refused task means every evaluator is busy
     * @param perOrganization how many JSONata conditions of one organization may run at once
     */
    public FilterEngine(Duration jsonataTimeout, ExecutorService jsonataEvaluators, int perOrganization) {
        this.jsonata = new JsonataEvaluator(positive(jsonataTimeout), Objects.requireNonNull(jsonataEvaluators),
                perOrganization);
    }

    private static Duration positive(Duration jsonataTimeout) {
        Objects.requireNonNull(jsonataTimeout, "jsonataTimeout");
        if (jsonataTimeout.isNegative() || jsonataTimeout.isZero()) {
            throw new IllegalArgumentException("jsonataTimeout must be positive, was " + jsonataTimeout);
        }
        return jsonataTimeout;
    }

    /**
     * Evaluates the classic filter and the condition group (either may be null = no constraint); both present -> both
     * must match. An expression's own error, timeout or bound is a no-match that says so.
     *
     * @param organization whose event this is: its JSONata conditions share that organization's evaluator permits
     *
     * @throws FilterUnavailableException when the filter could not be evaluated now (every JSONata evaluator busy, an
     *         interrupt, or a rule failing as it never should): not a no-match, the caller tries again later
     */
    public FilterResult evaluate(String organization, Filter filter, ConditionGroup conditions, JsonNode event) {
        JsonNode payload = event == null ? MissingNode.getInstance() : event;
        try {
            if (filter != null) {
                FilterResult classic = evaluate(filter, payload);
                if (!classic.matched()) {
                    return classic.within("filter");
                }
            }
            return conditions == null ? FilterResult.match() : evaluate(organization, conditions, payload);
        } catch (FilterUnavailableException busy) {
            throw busy;
        } catch (RuntimeException | StackOverflowError unexpected) {
            // Every rule above is total: should one not be, the event is not skipped for it, but tried again.
            // Named by kind only: an exception's message can quote the event.
            throw new FilterUnavailableException("filter could not be evaluated: "
                    + unexpected.getClass().getSimpleName());
        }
    }

    /**
     * A config's payload transform ({@code jsonataExpression}) over an event, in the same sandbox and within the same
     * per-organization capacity as its JSONata conditions: the JSON body to send, or why there is none (the
     * expression's error, timeout or bound, or a result that is not a JSON value or is too large).
     *
     * @throws FilterUnavailableException when the transform could not be evaluated now: not a failure of the
     *         expression, the caller tries again later
     */
    public TransformResult transform(String organization, String expression, JsonNode event) {
        JsonNode payload = event == null ? MissingNode.getInstance() : event;
        try {
            return jsonata.transform(organization, expression, payload);
        } catch (FilterUnavailableException busy) {
            throw busy;
        } catch (RuntimeException | StackOverflowError unexpected) {
            throw new FilterUnavailableException("transform could not be evaluated: "
                    + unexpected.getClass().getSimpleName());
        }
    }

    /**
     * Compile-check for the API: null when the JSONata expression parses and may run, otherwise a short reason (a
     * syntax error, a function that is not allowed, or a regular expression the linear-time engine cannot run).
     */
    public static String jsonataSyntaxError(String expression) {
        return JsonataEvaluator.syntaxError(expression);
    }

    /** JSONata conditions running now, counting any whose caller has stopped waiting and that have not yet ended. */
    public int jsonataEvaluationsRunning() {
        return jsonata.running();
    }

    private static FilterResult evaluate(Filter filter, JsonNode event) {
        if (filter.keyToFilter() == null) {
            return FilterResult.noMatch("keyToFilter is missing");
        }
        Set<String> supported = Set.copyOf(filter.supportedValues());
        List<JsonNode> targets = PayloadPath.of(filter.keyToFilter()).targets(event);
        for (JsonNode target : targets) {
            if (PayloadPath.anyLeaf(target, leaf -> supported.contains(TypedValues.text(leaf)))) {
                return FilterResult.match();
            }
        }
        return FilterResult.noMatch(filter.keyToFilter() + " is " + ValueDescription.of(targets) + ", not one of ["
                + ValueDescription.cut(String.join(", ", filter.supportedValues())) + "]");
    }

    private FilterResult evaluate(String organization, ConditionGroup group, JsonNode event) {
        boolean anyOf = group.logicalOperator() == ConditionGroup.LogicalOperator.OR;
        if (group.conditions().isEmpty()) {
            return FilterResult.match();
        }
        FilterResult firstFailure = null;
        for (int i = 0; i < group.conditions().size(); i++) {
            FilterResult result = evaluate(organization, group.conditions().get(i), event)
                    .within("filterConditions.conditions[" + i + "]");
            if (result.matched() == anyOf) {
                return result;
            }
            firstFailure = firstFailure == null ? result : firstFailure;
        }
        return anyOf ? FilterResult.noMatch("no condition of the OR group matched; first: " + firstFailure.failedRule())
                : FilterResult.match();
    }

    private FilterResult evaluate(String organization, Condition condition, JsonNode event) {
        return condition.isExpression() ? jsonata.condition(organization, condition.jsonataExpression(), event)
                : FieldCondition.evaluate(condition, event);
    }
}
