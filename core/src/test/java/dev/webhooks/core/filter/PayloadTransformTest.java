package dev.webhooks.core.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.core.event.ConfiguredEvent;
import dev.webhooks.core.event.EventCatalog;

/**
 * Payload transforms ({@code jsonataExpression}) over the sample event of every configured event: each row is an
 * expression and the body it must make of any event (worked out from the event with Jackson, not with JSONata), or
 * the reason it must fail with. The transform runs in the filters' sandbox, so the bounds hold for it too.
 */
class PayloadTransformTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final EventCatalog CATALOG = EventCatalog.load(MAPPER);
    private static final String ORG = "org-transform";
    private static final FilterEngine ENGINE = new FilterEngine(Duration.ofMillis(250));

    /** One row: an expression and what it makes of an event. */
    private record Row(String name, String expression, Function<ObjectNode, JsonNode> expected, String failure) {

        static Row body(String name, String expression, Function<ObjectNode, JsonNode> expected) {
            return new Row(name, expression, expected, null);
        }

        static Row fails(String name, String expression, String failure) {
            return new Row(name, expression, null, failure);
        }
    }

    private static final List<Row> ROWS = List.of(
            Row.body("projection", "{'organization': metadata.organization_id, 'action': metadata.action}",
                    event -> object().put("organization", event.path("metadata").path("organization_id").asText())
                            .put("action", event.path("metadata").path("action").asText())),
            Row.body("renaming: metadata moved under 'meta', the rest under 'data'",
                    "{'meta': metadata, 'data': $sift($, function($v, $k) {$k != 'metadata'})}",
                    event -> {
                        ObjectNode data = event.deepCopy();
                        data.remove("metadata");
                        ObjectNode renamed = object();
                        renamed.set("meta", event.get("metadata"));
                        renamed.set("data", data);
                        return renamed;
                    }),
            Row.body("an array of the top-level keys", "[$keys($)]", event -> {
                ArrayNode keys = MAPPER.createArrayNode();
                event.fieldNames().forEachRemaining(keys::add);
                return keys;
            }),
            Row.body("an array of objects, one per metadata field",
                    "[$each(metadata, function($v, $k) {{'name': $k, 'text': $string($v)}})]",
                    event -> {
                        ArrayNode fields = MAPPER.createArrayNode();
                        for (Iterator<String> names = event.path("metadata").fieldNames(); names.hasNext();) {
                            String name = names.next();
                            JsonNode value = event.path("metadata").get(name);
                            fields.addObject().put("name", name).put("text", value.isTextual() ? value.asText()
                                    : value.toString());
                        }
                        return fields;
                    }),
            Row.body("a constant", "{'ok': true, 'count': 42, 'half': 0.5, 'two': 4 / 2, 'none': null}",
                    event -> object().put("ok", true).put("count", 42).put("half", 0.5).put("two", 2)
                            .putNull("none")),
            Row.body("a string alone", "'event ' & metadata.action",
                    event -> MAPPER.getNodeFactory().textNode("event " + event.path("metadata").path("action")
                            .asText())),
            Row.fails("an error the expression raises", "$error('refused by the transform')",
                    "refused by the transform"),
            Row.fails("a runtime error", "metadata.action + 1", "jsonata expression failed"),
            Row.fails("a timeout", "($s := $pad('', 500000, 'a'); $count([1..5000][$contains($s, 'ab')]))",
                    "timed out after 250 ms"),
            Row.fails("a result past the sandbox's size bound", "$pad('', 999999, 'x') & $pad('', 999999, 'x')",
                    "larger than 1000000"),
            Row.fails("a result past the body's size bound", "[1..20000].('xxxxxxxxxx')",
                    "bytes of JSON; the most a body may be is " + TransformResult.MAX_BODY_BYTES),
            Row.fails("nothing selected", "no.such.field", "the transform's result is empty"),
            Row.fails("a function", "$uppercase", "is not a JSON value: the result is a function"),
            Row.fails("a function inside", "{'ok': true, 'f': [1, $uppercase]}",
                    "is not a JSON value: the result.f[1] is a function"));

    static Stream<Arguments> rowsOverEverySample() {
        List<Arguments> cases = new ArrayList<>();
        for (ConfiguredEvent event : CATALOG.events()) {
            for (Row row : ROWS) {
                cases.add(Arguments.of(event.eventName(), row.name(), row));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("rowsOverEverySample")
    void aTransformMakesTheBodyOrSaysWhyItCannot(String eventName, String rowName, Row row) throws Exception {
        ObjectNode event = sample(eventName);

        TransformResult result = transform(row.expression(), event);

        if (row.failure() == null) {
            assertThat(result.error()).as("error").isNull();
            assertThat(MAPPER.readTree(result.body())).isEqualTo(row.expected().apply(event));
        } else {
            assertThat(result.body()).as("body").isNull();
            assertThat(result.error()).contains(row.failure());
        }
        awaitNoEvaluationRunning();
    }

    @Test
    void theBodyIsWrittenOnceAsCompactJsonWithIntegralNumbersWithoutAFraction() {
        TransformResult result = ENGINE.transform(ORG, "{'a': [1, 2.5, 6 / 3], 'b': 'ü'}", sample(
                "customer_request_created"));

        assertThat(result.body()).isEqualTo("{\"a\":[1,2.5,2],\"b\":\"ü\"}");
    }

    @Test
    void theBodysSizeBoundCountsBytesNotCharacters() {
        // 50,000 two-byte characters: 100,000 bytes fit; 70,000 (140,000 bytes) do not, though fewer than the bound
        // in characters.
        assertThat(ENGINE.transform(ORG, "$pad('', 50000, 'ü')", sample("product_updated")).succeeded()).isTrue();
        TransformResult tooLarge = ENGINE.transform(ORG, "$pad('', 70000, 'ü')", sample("product_updated"));
        assertThat(tooLarge.error()).contains("140002 bytes");
        assertThat("ü".getBytes(StandardCharsets.UTF_8)).hasSize(2);
    }

    @Test
    void aTransformThatCannotRunNowIsNotAFailureOfIt() {
        // Evaluators that refuse every task, as a full pool does: the transform is not evaluated, and says so by the
        // exception the caller tries again on, not by a result that would fail the delivery.
        java.util.concurrent.ExecutorService full = java.util.concurrent.Executors.newSingleThreadExecutor();
        full.shutdown();
        FilterEngine engine = new FilterEngine(Duration.ofMillis(250), full, 1);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.transform(ORG, "{'ok': true}",
                sample("product_updated")))
                .isInstanceOf(FilterUnavailableException.class)
                .hasMessageContaining("not evaluated");
    }

    /**
     * The transform's result. A machine too busy to give the evaluation its processor time answers "not evaluated",
     * which the dispatcher retries: so does the test, a few times.
     */
    private static TransformResult transform(String expression, ObjectNode event) {
        for (int attempt = 1; ; attempt++) {
            try {
                return ENGINE.transform(ORG, expression, event);
            } catch (FilterUnavailableException busy) {
                if (attempt == 3) {
                    throw busy;
                }
            }
        }
    }

    private static ObjectNode sample(String eventName) {
        try (var in = PayloadTransformTest.class.getResourceAsStream("/webhooks/events/samples/" + eventName
                + ".json")) {
            return (ObjectNode) MAPPER.readTree(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    private static void awaitNoEvaluationRunning() throws InterruptedException {
        for (int i = 0; i < 200 && ENGINE.jsonataEvaluationsRunning() > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(ENGINE.jsonataEvaluationsRunning()).isZero();
    }
}
