package dev.webhooks.core.filter;

import static dev.webhooks.core.filter.Condition.FieldType.BOOLEAN;
import static dev.webhooks.core.filter.Condition.FieldType.DATE;
import static dev.webhooks.core.filter.Condition.FieldType.DATETIME;
import static dev.webhooks.core.filter.Condition.FieldType.NUMBER;
import static dev.webhooks.core.filter.Condition.Operation.ANY_OF;
import static dev.webhooks.core.filter.Condition.Operation.CONTAINS;
import static dev.webhooks.core.filter.Condition.Operation.ENDS_WITH;
import static dev.webhooks.core.filter.Condition.Operation.EQUALS;
import static dev.webhooks.core.filter.Condition.Operation.GREATER_THAN;
import static dev.webhooks.core.filter.Condition.Operation.GREATER_THAN_OR_EQUALS;
import static dev.webhooks.core.filter.Condition.Operation.IS_EMPTY;
import static dev.webhooks.core.filter.Condition.Operation.IS_NOT_EMPTY;
import static dev.webhooks.core.filter.Condition.Operation.LENGTH_EQUALS;
import static dev.webhooks.core.filter.Condition.Operation.LENGTH_GREATER_THAN;
import static dev.webhooks.core.filter.Condition.Operation.LENGTH_GREATER_THAN_OR_EQUALS;
import static dev.webhooks.core.filter.Condition.Operation.LENGTH_LESS_THAN;
import static dev.webhooks.core.filter.Condition.Operation.LENGTH_LESS_THAN_OR_EQUALS;
import static dev.webhooks.core.filter.Condition.Operation.LENGTH_NOT_EQUALS;
import static dev.webhooks.core.filter.Condition.Operation.LESS_THAN;
import static dev.webhooks.core.filter.Condition.Operation.LESS_THAN_OR_EQUALS;
import static dev.webhooks.core.filter.Condition.Operation.NONE_OF;
import static dev.webhooks.core.filter.Condition.Operation.NOT_CONTAINS;
import static dev.webhooks.core.filter.Condition.Operation.NOT_EQUALS;
import static dev.webhooks.core.filter.Condition.Operation.STARTS_WITH;
import static dev.webhooks.core.filter.Rules.allOf;
import static dev.webhooks.core.filter.Rules.anyItem;
import static dev.webhooks.core.filter.Rules.anyOf;
import static dev.webhooks.core.filter.Rules.everyItem;
import static dev.webhooks.core.filter.Rules.filter;
import static dev.webhooks.core.filter.Rules.jsonata;
import static dev.webhooks.core.filter.Rules.payload;
import static dev.webhooks.core.filter.Rules.when;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;


/**
 * The filter semantics, one row per rule: a payload, the classic filter and/or the condition group, and whether the
 * event matches. The semantics themselves are written down on {@link FilterEngine}.
 */
class FilterEngineTest {

    static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final FilterEngine ENGINE = new FilterEngine(TIMEOUT);

    private static final String SAMPLE = "@customer_request_created";
    private static final String CATEGORY = "customer_request.request_items.product_category";
    private static final String ITEMS = "{'items':[{'id':'a','s':'x'},{'id':'b','s':'y'}]}";
    private static final String STATUS_ACTIVE = "{'entity':{'status':'active'}}";
    private static final String TAGS = "{'tags':['vip','new']}";
    private static final String EMPTY = "{}";

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void eachRuleDecidesTheMatch(String rule, String payloadJson, Filter filter, ConditionGroup conditions,
            boolean expected) {
        FilterResult result = ENGINE.evaluate("org-1", filter, conditions, payload(payloadJson));

        assertThat(result.matched()).as(String.valueOf(result.failedRule())).isEqualTo(expected);
        assertThat(result.failedRule() == null).isEqualTo(expected);
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                // classic filter: the product description's example
                classic("product description: a request item in [solar, electricity] matches", SAMPLE,
                        filter(CATEGORY, "solar", "electricity"), true),
                classic("product description: no request item is gas", SAMPLE, filter(CATEGORY, "gas"), false),
                classic("product description: one supported category of two is enough", SAMPLE,
                        filter(CATEGORY, "electricity", "gas"), true),
                // classic filter: paths
                classic("a string equal to a supported value matches", "{'a':{'b':'x'}}", filter("a.b", "x"), true),
                classic("array anywhere on the path fans out", "{'a':[{'b':{'c':'x'}},{'b':{'c':'y'}}]}",
                        filter("a.b.c", "y"), true),
                classic("nested arrays on the path fan out", "{'a':[[{'c':'x'}],[[{'c':'y'}]]]}",
                        filter("a.c", "y"), true),
                classic("numeric segment indexes an array", ITEMS, filter("items.1.id", "b"), true),
                classic("numeric segment reaches only its element", ITEMS, filter("items.0.id", "b"), false),
                classic("bracket index items[1].id is items.1.id", ITEMS, filter("items[1].id", "b"), true),
                classic("index out of range does not match", ITEMS, filter("items.5.id", "a"), false),
                classic("numeric segment on an object is a key", "{'a':{'0':'x'}}", filter("a.0", "x"), true),
                classic("array of scalars at the end fans out over its elements", TAGS, filter("tags", "new"), true),
                classic("array of objects at the end does not match", "{'a':[{'b':'x'}]}", filter("a", "x"), false),
                classic("scalar in the middle of the path does not match", "{'a':'x'}", filter("a.b", "x"), false),
                classic("null at the end does not match", "{'a':null}", filter("a", "null"), false),
                classic("object at the end does not match", "{'a':{}}", filter("a", "{}"), false),
                classic("missing path does not match", "{'a':'x'}", filter("b", "x"), false),
                classic("payload that is no object does not match", "'x'", filter("a", "x"), false),
                // classic filter: values
                classic("numbers compare as JSON text 42", "{'n':42}", filter("n", "42"), true),
                classic("number 42 is not the text 42.0", "{'n':42}", filter("n", "42.0"), false),
                classic("decimal compares as JSON text 1.5", "{'n':1.5}", filter("n", "1.5"), true),
                classic("booleans compare as JSON text true", "{'b':true}", filter("b", "true"), true),
                classic("boolean false is not true", "{'b':false}", filter("b", "true"), false),
                classic("the string '42' matches 42", "{'n':'42'}", filter("n", "42"), true),
                classic("case-sensitive: Solar != solar", "{'c':'Solar'}", filter("c", "solar"), false),
                classic("empty string is a value", "{'a':''}", filter("a", ""), true),
                classic("empty supportedValues match nothing", "{'a':'x'}", filter("a"), false),
                // equals / not_equals
                conditions("equals: value equals values[0]", STATUS_ACTIVE, allOf(when("entity.status", EQUALS,
                        "active")), true),
                conditions("equals: another value fails", "{'entity':{'status':'draft'}}",
                        allOf(when("entity.status", EQUALS, "active")), false),
                conditions("equals is case-sensitive", STATUS_ACTIVE, allOf(when("entity.status", EQUALS, "Active")),
                        false),
                conditions("equals: missing field fails", EMPTY, allOf(when("entity.status", EQUALS, "active")), false),
                conditions("equals: null field fails", "{'s':null}", allOf(when("s", EQUALS, "null")), false),
                conditions("equals over fan-out: any value may equal", ITEMS, allOf(when("items.s", EQUALS, "y")),
                        true),
                conditions("not_equals: another value holds", STATUS_ACTIVE,
                        allOf(when("entity.status", NOT_EQUALS, "draft")), true),
                conditions("not_equals: the equal value fails", STATUS_ACTIVE,
                        allOf(when("entity.status", NOT_EQUALS, "active")), false),
                conditions("not_equals: missing field holds", EMPTY, allOf(when("entity.status", NOT_EQUALS, "x")),
                        true),
                conditions("not_equals over fan-out: no value may equal", ITEMS,
                        allOf(when("items.s", NOT_EQUALS, "y")), false),
                // any_of / none_of
                conditions("any_of: value among values holds", STATUS_ACTIVE,
                        allOf(when("entity.status", ANY_OF, "draft", "active")), true),
                conditions("any_of: value not among values fails", STATUS_ACTIVE,
                        allOf(when("entity.status", ANY_OF, "draft", "closed")), false),
                conditions("any_of: missing field fails", EMPTY, allOf(when("entity.status", ANY_OF, "a")), false),
                conditions("none_of: value not among values holds", STATUS_ACTIVE,
                        allOf(when("entity.status", NONE_OF, "draft", "closed")), true),
                conditions("none_of: value among values fails", STATUS_ACTIVE,
                        allOf(when("entity.status", NONE_OF, "draft", "active")), false),
                conditions("none_of: missing field holds", EMPTY, allOf(when("entity.status", NONE_OF, "a")), true),
                // contains / not_contains
                conditions("contains: string contains the substring", "{'s':'hello world'}",
                        allOf(when("s", CONTAINS, "lo w")), true),
                conditions("contains: string without the substring fails", "{'s':'hello world'}",
                        allOf(when("s", CONTAINS, "World")), false),
                conditions("contains: array field holds an equal element", TAGS, allOf(when("tags", CONTAINS, "vip")),
                        true),
                conditions("contains: array membership is equality, not substring", TAGS,
                        allOf(when("tags", CONTAINS, "vi")), false),
                conditions("contains: missing field fails", EMPTY, allOf(when("s", CONTAINS, "x")), false),
                conditions("not_contains: string without the substring holds", "{'s':'hello'}",
                        allOf(when("s", NOT_CONTAINS, "x")), true),
                conditions("not_contains: array holding the element fails", TAGS,
                        allOf(when("tags", NOT_CONTAINS, "new")), false),
                conditions("not_contains: missing field holds", EMPTY, allOf(when("s", NOT_CONTAINS, "x")), true),
                // starts_with / ends_with
                conditions("starts_with: prefix holds", "{'s':'DE89370400'}", allOf(when("s", STARTS_WITH, "DE")),
                        true),
                conditions("starts_with: non-prefix fails", "{'s':'DE89370400'}", allOf(when("s", STARTS_WITH, "89")),
                        false),
                conditions("ends_with: suffix holds", "{'s':'report.pdf'}", allOf(when("s", ENDS_WITH, ".pdf")), true),
                conditions("ends_with: non-suffix fails", "{'s':'report.pdf'}", allOf(when("s", ENDS_WITH, ".doc")),
                        false),
                conditions("ends_with: a number's JSON text", "{'n':1450000}", allOf(when("n", ENDS_WITH, "000")),
                        true),
                // ordering
                conditions("greater_than as string is lexicographic: b > a", "{'s':'b'}",
                        allOf(when("s", GREATER_THAN, "a")), true),
                conditions("greater_than as string is lexicographic: '10' < '9'", "{'n':'10'}",
                        allOf(when("n", GREATER_THAN, "9")), false),
                conditions("greater_than as number: 10 > 9", "{'n':10}", allOf(when("n", NUMBER, GREATER_THAN, "9")),
                        true),
                conditions("greater_than as number: missing field fails", EMPTY,
                        allOf(when("n", NUMBER, GREATER_THAN, "9")), false),
                conditions("less_than as number: 1.5 < 2", "{'n':1.5}", allOf(when("n", NUMBER, LESS_THAN, "2")),
                        true),
                conditions("less_than as number: 2 is not < 2", "{'n':2}", allOf(when("n", NUMBER, LESS_THAN, "2")),
                        false),
                conditions("greater_than_or_equals as number: 2 >= 2.0", "{'n':2}",
                        allOf(when("n", NUMBER, GREATER_THAN_OR_EQUALS, "2.0")), true),
                conditions("greater_than_or_equals as number: 1 is not >= 2", "{'n':1}",
                        allOf(when("n", NUMBER, GREATER_THAN_OR_EQUALS, "2")), false),
                conditions("less_than_or_equals as number: 2 <= 2", "{'n':2}",
                        allOf(when("n", NUMBER, LESS_THAN_OR_EQUALS, "2")), true),
                conditions("less_than_or_equals as number: 3 is not <= 2", "{'n':3}",
                        allOf(when("n", NUMBER, LESS_THAN_OR_EQUALS, "2")), false),
                // field_type number
                conditions("number type reads numeric strings: '14500.00' = 14500", "{'amount':'14500.00'}",
                        allOf(when("amount", NUMBER, EQUALS, "14500")), true),
                conditions("number type: 1.0 equals 1", "{'n':1.0}", allOf(when("n", NUMBER, EQUALS, "1")), true),
                conditions("string type: 1.0 does not equal 1", "{'n':1.0}", allOf(when("n", EQUALS, "1")), false),
                conditions("number type: non-numeric value never compares", "{'n':'abc'}",
                        allOf(when("n", NUMBER, GREATER_THAN, "1")), false),
                conditions("number type: huge integers compare exactly", "{'n':123456789012345678901234567890}",
                        allOf(when("n", NUMBER, GREATER_THAN, "123456789012345678901234567889")), true),
                conditions("number type: non-numeric configured value fails closed, even not_equals", "{'n':1}",
                        allOf(when("n", NUMBER, NOT_EQUALS, "abc")), false),
                conditions("number type: any_of over numbers", "{'n':3}", allOf(when("n", NUMBER, ANY_OF, "1", "3.00")),
                        true),
                // field_type boolean
                conditions("boolean type: true equals 'true'", "{'b':true}", allOf(when("b", BOOLEAN, EQUALS, "true")),
                        true),
                conditions("boolean type: the string 'TRUE' reads as true", "{'b':'TRUE'}",
                        allOf(when("b", BOOLEAN, EQUALS, "true")), true),
                conditions("boolean type: false does not equal true", "{'b':false}",
                        allOf(when("b", BOOLEAN, EQUALS, "true")), false),
                // field_type date and datetime
                conditions("date type: a later date is greater", "{'d':'2025-03-14'}",
                        allOf(when("d", DATE, GREATER_THAN, "2025-01-01")), true),
                conditions("date type: a later date is not less", "{'d':'2025-03-14'}",
                        allOf(when("d", DATE, LESS_THAN, "2025-01-01")), false),
                conditions("date type: a date-time counts as the date written in it",
                        "{'d':'2025-03-14T23:30:00+02:00'}", allOf(when("d", DATE, EQUALS, "2025-03-14")), true),
                conditions("date type: text that is no date never compares", "{'d':'yesterday'}",
                        allOf(when("d", DATE, LESS_THAN, "2025-01-01")), false),
                conditions("datetime type: instants compare across offsets", "{'t':'2025-03-14T10:00:00+01:00'}",
                        allOf(when("t", DATETIME, EQUALS, "2025-03-14T09:00:00Z")), true),
                conditions("datetime type: a later instant is greater", "{'t':'2025-03-14T09:26:53.412Z'}",
                        allOf(when("t", DATETIME, GREATER_THAN, "2025-03-14T10:00:00+02:00")), true),
                conditions("string type: the same instant in two offsets differs", "{'t':'2025-03-14T10:00:00+01:00'}",
                        allOf(when("t", EQUALS, "2025-03-14T09:00:00Z")), false),
                // is_empty / is_not_empty
                conditions("is_empty: missing field is empty", EMPTY, allOf(when("s", IS_EMPTY)), true),
                conditions("is_empty: null is empty", "{'s':null}", allOf(when("s", IS_EMPTY)), true),
                conditions("is_empty: empty string is empty", "{'s':''}", allOf(when("s", IS_EMPTY)), true),
                conditions("is_empty: empty array is empty", "{'s':[]}", allOf(when("s", IS_EMPTY)), true),
                conditions("is_empty: empty object is empty", "{'s':{}}", allOf(when("s", IS_EMPTY)), true),
                conditions("is_empty: a value is not empty", "{'s':'x'}", allOf(when("s", IS_EMPTY)), false),
                conditions("is_empty: zero is not empty", "{'s':0}", allOf(when("s", IS_EMPTY)), false),
                conditions("is_not_empty: a value is not empty", "{'s':'x'}", allOf(when("s", IS_NOT_EMPTY)), true),
                conditions("is_not_empty: missing field fails", EMPTY, allOf(when("s", IS_NOT_EMPTY)), false),
                conditions("is_not_empty: whitespace is a value", "{'s':' '}", allOf(when("s", IS_NOT_EMPTY)), true),
                // length_*
                conditions("length_equals: an array counts its elements", TAGS, allOf(when("tags", LENGTH_EQUALS, "2")),
                        true),
                conditions("length_equals: a wrong count fails", TAGS, allOf(when("tags", LENGTH_EQUALS, "3")), false),
                conditions("length_equals: missing field counts 0", EMPTY, allOf(when("tags", LENGTH_EQUALS, "0")),
                        true),
                conditions("length_equals: null counts 0", "{'tags':null}", allOf(when("tags", LENGTH_EQUALS, "0")),
                        true),
                conditions("length_equals: a single non-array value counts 1", "{'s':'hello'}",
                        allOf(when("s", LENGTH_EQUALS, "1")), true),
                conditions("length_equals: values reached through fan-out all count", SAMPLE,
                        allOf(when(CATEGORY, LENGTH_EQUALS, "2")), true),
                conditions("length_not_equals: 2 != 3 holds", TAGS, allOf(when("tags", LENGTH_NOT_EQUALS, "3")), true),
                conditions("length_not_equals: 2 != 2 fails", TAGS, allOf(when("tags", LENGTH_NOT_EQUALS, "2")), false),
                conditions("length_greater_than: 2 > 1 holds", TAGS, allOf(when("tags", LENGTH_GREATER_THAN, "1")),
                        true),
                conditions("length_greater_than: 2 > 2 fails", TAGS, allOf(when("tags", LENGTH_GREATER_THAN, "2")),
                        false),
                conditions("length_less_than: 2 < 3 holds", TAGS, allOf(when("tags", LENGTH_LESS_THAN, "3")), true),
                conditions("length_less_than: 2 < 2 fails", TAGS, allOf(when("tags", LENGTH_LESS_THAN, "2")), false),
                conditions("length_greater_than_or_equals: 2 >= 2 holds", TAGS,
                        allOf(when("tags", LENGTH_GREATER_THAN_OR_EQUALS, "2")), true),
                conditions("length_greater_than_or_equals: 2 >= 3 fails", TAGS,
                        allOf(when("tags", LENGTH_GREATER_THAN_OR_EQUALS, "3")), false),
                conditions("length_less_than_or_equals: 2 <= 2 holds", TAGS,
                        allOf(when("tags", LENGTH_LESS_THAN_OR_EQUALS, "2")), true),
                conditions("length_less_than_or_equals: 2 <= 1 fails", TAGS,
                        allOf(when("tags", LENGTH_LESS_THAN_OR_EQUALS, "1")), false),
                conditions("length: a count that is no number fails", TAGS, allOf(when("tags", LENGTH_EQUALS, "two")),
                        false),
                // is_array_field and repeatable_item_op
                conditions("is_array_field: any element may equal", TAGS, allOf(anyItem("tags", EQUALS, "new")), true),
                conditions("is_array_field: no element equal fails", TAGS, allOf(anyItem("tags", EQUALS, "old")),
                        false),
                conditions("repeatable_item_op: every element must equal", TAGS,
                        allOf(everyItem("tags", EQUALS, "new")), false),
                conditions("repeatable_item_op: holds when every element satisfies", "{'amounts':[5,7.5]}",
                        allOf(everyItem("amounts", NUMBER, GREATER_THAN, "1")), true),
                conditions("repeatable_item_op: one element failing fails", "{'amounts':[5,0]}",
                        allOf(everyItem("amounts", NUMBER, GREATER_THAN, "1")), false),
                conditions("repeatable_item_op: an empty array satisfies no every-condition", "{'amounts':[]}",
                        allOf(everyItem("amounts", NUMBER, GREATER_THAN, "1")), false),
                conditions("is_array_field: contains applies to each element as text", "{'tags':['vip-gold']}",
                        allOf(anyItem("tags", CONTAINS, "vip")), true),
                conditions("is_array_field: not_equals means no element equals", TAGS,
                        allOf(anyItem("tags", NOT_EQUALS, "vip")), false),
                conditions("repeatable_item_op: not_equals holds when every element differs", TAGS,
                        allOf(everyItem("tags", NOT_EQUALS, "old")), true),
                conditions("is_array_field: an empty array satisfies not_equals", "{'tags':[]}",
                        allOf(anyItem("tags", NOT_EQUALS, "vip")), true),
                conditions("is_array_field: elements of every item reached through fan-out",
                        "{'items':[{'tags':['a']},{'tags':['b','c']}]}", allOf(everyItem("items.tags", STARTS_WITH,
                                "")), true),
                conditions("is_array_field: length still counts the whole array", TAGS,
                        allOf(everyItem("tags", LENGTH_EQUALS, "2")), true),
                // groups
                conditions("AND: all conditions hold", STATUS_ACTIVE, allOf(when("entity.status", EQUALS, "active"),
                        when("entity.status", STARTS_WITH, "act")), true),
                conditions("AND: one failing condition fails the group", STATUS_ACTIVE,
                        allOf(when("entity.status", EQUALS, "active"), when("entity.status", EQUALS, "draft")), false),
                conditions("OR: one holding condition is enough", STATUS_ACTIVE,
                        anyOf(when("entity.status", EQUALS, "draft"), when("entity.status", EQUALS, "active")), true),
                conditions("OR: no holding condition fails", STATUS_ACTIVE,
                        anyOf(when("entity.status", EQUALS, "draft"), when("entity.status", EQUALS, "closed")), false),
                conditions("empty conditions match", STATUS_ACTIVE, allOf(), true),
                conditions("empty OR conditions match", STATUS_ACTIVE, anyOf(), true),
                both("filter and conditions both match", SAMPLE, filter(CATEGORY, "solar"),
                        allOf(when("customer_request.status", EQUALS, "open")), true),
                both("both present: a failing filter fails", SAMPLE, filter(CATEGORY, "gas"),
                        allOf(when("customer_request.status", EQUALS, "open")), false),
                both("both present: failing conditions fail", SAMPLE, filter(CATEGORY, "solar"),
                        allOf(when("customer_request.status", EQUALS, "closed")), false),
                both("neither filter nor conditions: every event matches", SAMPLE, null, null, true),
                // jsonata
                conditions("jsonata: a true expression matches", STATUS_ACTIVE,
                        allOf(jsonata("entity.status = 'active'")), true),
                conditions("jsonata: a false expression fails", STATUS_ACTIVE,
                        allOf(jsonata("entity.status = 'draft'")), false),
                conditions("jsonata: on the sample event", SAMPLE,
                        allOf(jsonata("$count(customer_request.request_items[product_category = 'solar']) = 1")), true),
                conditions("jsonata: 0 is falsy", EMPTY, allOf(jsonata("0")), false),
                conditions("jsonata: empty string is falsy", EMPTY, allOf(jsonata("''")), false),
                conditions("jsonata: empty array is falsy", EMPTY, allOf(jsonata("[]")), false),
                conditions("jsonata: empty object is falsy", EMPTY, allOf(jsonata("{}")), false),
                conditions("jsonata: undefined path is falsy", EMPTY, allOf(jsonata("entity.status")), false),
                conditions("jsonata: a non-empty string is truthy", STATUS_ACTIVE, allOf(jsonata("entity.status")),
                        true),
                conditions("jsonata: a runtime error fails", STATUS_ACTIVE, allOf(jsonata("entity.status + 1")),
                        false),
                conditions("jsonata: a syntax error fails", STATUS_ACTIVE, allOf(jsonata("entity.status = ")), false),
                conditions("jsonata: infinite recursion times out", STATUS_ACTIVE,
                        allOf(jsonata("($f := function($x){$f($x)}; $f(1))")), false),
                conditions("jsonata: a huge range is refused", STATUS_ACTIVE,
                        allOf(jsonata("$count([1..100000000]) > 0")), false),
                conditions("jsonata AND field condition: both must hold", STATUS_ACTIVE,
                        allOf(jsonata("entity.status = 'active'"), when("entity.status", EQUALS, "draft")), false),
                conditions("jsonata OR field condition: one is enough", STATUS_ACTIVE,
                        anyOf(jsonata("entity.status = 'draft'"), when("entity.status", EQUALS, "active")), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("explanations")
    void aFailedRuleExplainsItself(String rule, String payloadJson, Filter filter, ConditionGroup conditions,
            String explanation) {
        FilterResult result = ENGINE.evaluate("org-1", filter, conditions, payload(payloadJson));

        assertThat(result).isEqualTo(FilterResult.noMatch(explanation));
    }

    static Stream<Arguments> explanations() {
        return Stream.of(
                Arguments.of("filter: the values found and the values supported", SAMPLE, filter(CATEGORY, "gas"),
                        null, "filter: " + CATEGORY + " is ['solar', 'electricity'], not one of [gas]"),
                Arguments.of("filter: one value", "{'a':{'b':'Solar'}}", filter("a.b", "solar", "electricity"), null,
                        "filter: a.b is 'Solar', not one of [solar, electricity]"),
                Arguments.of("filter: missing path", EMPTY, filter("a.b", "x"), null,
                        "filter: a.b is missing, not one of [x]"),
                Arguments.of("conditions: the first failing condition", "{'entity':{'status':'draft'}}", null,
                        allOf(when("entity.status", IS_NOT_EMPTY), when("entity.status", EQUALS, "active")),
                        "filterConditions.conditions[1]: entity.status equals [active] failed (value: 'draft')"),
                Arguments.of("conditions: typed and every item", "{'amounts':[5,0]}", null,
                        allOf(everyItem("amounts", NUMBER, GREATER_THAN, "1")),
                        "filterConditions.conditions[0]: amounts greater_than [1] as number on every item failed "
                                + "(value: [5, 0])"),
                Arguments.of("conditions: length", TAGS, null, allOf(when("tags", LENGTH_EQUALS, "3")),
                        "filterConditions.conditions[0]: tags length_equals [3] failed (length: 2)"),
                Arguments.of("conditions: a configured value of the wrong type", "{'n':1}", null,
                        allOf(when("n", NUMBER, GREATER_THAN, "abc")),
                        "filterConditions.conditions[0]: n greater_than [abc] as number: values[0] 'abc' is not a "
                                + "number"),
                Arguments.of("conditions: OR names its first condition", STATUS_ACTIVE, null,
                        anyOf(when("entity.status", EQUALS, "draft"), when("entity.status", EQUALS, "closed")),
                        "no condition of the OR group matched; first: filterConditions.conditions[0]: entity.status "
                                + "equals [draft] failed (value: 'active')"),
                Arguments.of("jsonata: falsy result", STATUS_ACTIVE, null, allOf(jsonata("entity.status = 'draft'")),
                        "filterConditions.conditions[0]: jsonata expression is falsy (result: false)"));
    }

    @Test
    void aSyntaxErrorIsExplained() {
        FilterResult result = ENGINE.evaluate("org-1", null, allOf(jsonata("entity.status = ")), payload(STATUS_ACTIVE));

        assertThat(result.failedRule()).startsWith("filterConditions.conditions[0]: jsonata expression does not parse: ");
    }

    @Test
    void jsonataSyntaxErrorIsNullForAValidExpression() {
        assertThat(FilterEngine.jsonataSyntaxError("$count(entity.items[price > 10]) > 0")).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"entity.status = ", "(", "a[", "'unterminated", "}", " "})
    void jsonataSyntaxErrorGivesAShortReason(String expression) {
        assertThat(FilterEngine.jsonataSyntaxError(expression)).isNotBlank().hasSizeLessThan(300);
    }

    @Test
    void aPathologicallyNestedExpressionIsASyntaxErrorOrParses() {
        String nested = "(".repeat(7_000) + "1" + ")".repeat(7_000);

        String reason = FilterEngine.jsonataSyntaxError(nested);
        FilterResult result = ENGINE.evaluate("org-1", null, allOf(jsonata(nested)), payload(EMPTY));

        assertThat(result.matched()).isEqualTo(reason == null);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "($f := function($x){$f($x)}; $f(1))",
        "($f := function($x){1 + $f($x + 1)}; $f(1))",
        "$count([1..100000000])",
        "($loop := function($n){$n > 0 ? $loop($n) : 0}; $loop(1))",
        "$reduce([1..1000000], function($a, $b){$a + $b}) and $reduce([1..1000000], function($a, $b){$a + $b})"})
    void aPathologicalExpressionEndsWithinAboutTheTimeoutAndDoesNotMatch(String expression) {
        long started = System.nanoTime();
        FilterResult result = ENGINE.evaluate("org-1", null, allOf(jsonata(expression)), payload(STATUS_ACTIVE));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result.matched()).isFalse();
        assertThat(took).isLessThan(TIMEOUT.plusMillis(700));
    }

    @Test
    void theClockOfJsonataMovesBetweenEvaluations() throws InterruptedException {
        // More rounds than evaluator threads, so that threads are reused: the library's clock is per thread.
        FilterEngine engine = new FilterEngine(TIMEOUT);
        ConditionGroup laterThanSince = allOf(jsonata("$millis() > since"));
        int rounds = 2 * Math.max(2, Runtime.getRuntime().availableProcessors()) + 2;
        for (int round = 0; round < rounds; round++) {
            long since = System.currentTimeMillis();
            Thread.sleep(3);
            assertThat(engine.evaluate("org-1", null, laterThanSince, payload("{'since':" + since + "}")).matched())
                    .as("round %d", round).isTrue();
        }
    }

    @Test
    void oneCompiledExpressionServesConcurrentEvents() throws Exception {
        ConditionGroup even = allOf(jsonata("n % 2 = 0"));
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int n = 0; n < 400; n++) {
                int value = n;
                calls.add(() -> ENGINE.evaluate("org-1", null, even, payload("{'n':" + value + "}")).matched() == (value % 2 == 0));
            }
            for (Future<Boolean> call : callers.invokeAll(calls)) {
                assertThat(call.get()).isTrue();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aNullEventIsAnEmptyOne() {
        assertThat(ENGINE.evaluate("org-1", filter("a", "x"), null, null).matched()).isFalse();
        assertThat(ENGINE.evaluate("org-1", null, allOf(when("a", IS_EMPTY)), null).matched()).isTrue();
        assertThat(ENGINE.evaluate("org-1", null, allOf(jsonata("$not($exists(a))")), null).matched()).isTrue();
    }

    @Test
    void aConditionWithoutFieldOrOperationFailsClosed() {
        Condition noField = new Condition(null, EQUALS, List.of("x"), null, false, false, null);
        Condition noOperation = new Condition("a", null, List.of("x"), null, false, false, null);
        Condition noValues = new Condition("a", EQUALS, List.of(), null, false, false, null);

        assertThat(ENGINE.evaluate("org-1", null, allOf(noField), payload("{'a':'x'}")).matched()).isFalse();
        assertThat(ENGINE.evaluate("org-1", null, allOf(noOperation), payload("{'a':'x'}")).matched()).isFalse();
        assertThat(ENGINE.evaluate("org-1", null, allOf(noValues), payload("{'a':'x'}")).failedRule())
                .isEqualTo("filterConditions.conditions[0]: a equals [] has no values[0] to compare with");
    }

    private static Arguments classic(String rule, String payloadJson, Filter filter, boolean expected) {
        return Arguments.of(rule, payloadJson, filter, null, expected);
    }

    private static Arguments conditions(String rule, String payloadJson, ConditionGroup conditions,
            boolean expected) {
        return Arguments.of(rule, payloadJson, null, conditions, expected);
    }

    private static Arguments both(String rule, String payloadJson, Filter filter, ConditionGroup conditions,
            boolean expected) {
        return Arguments.of(rule, payloadJson, filter, conditions, expected);
    }
}
