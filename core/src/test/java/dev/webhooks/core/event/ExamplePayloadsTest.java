package dev.webhooks.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** Sample payloads built from the event schemas: valid against them, every declared path present, examples used. */
class ExamplePayloadsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final EventCatalog CATALOG = EventCatalog.load(MAPPER);
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    static Stream<String> eventNames() {
        return CATALOG.events().stream().map(ConfiguredEvent::eventName);
    }

    @Test
    void everyCatalogEventIsCovered() {
        assertThat(eventNames()).hasSize(5);
    }

    @ParameterizedTest
    @MethodSource("eventNames")
    void theExampleOfEachEventValidatesAgainstItsSchema(String eventName) {
        EventSchema schema = CATALOG.find(eventName).orElseThrow().schema();

        JsonNode example = ExamplePayloads.of(schema);

        Set<ValidationMessage> errors = SCHEMAS.getSchema(schema.json()).validate(example);
        assertThat(errors).as("validation errors of the %s example", eventName).isEmpty();
        // The validator bites: the same example without its required metadata is refused.
        ((ObjectNode) example).remove("metadata");
        assertThat(SCHEMAS.getSchema(schema.json()).validate(example)).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("eventNames")
    void theExampleHasEveryPathTheSchemaDeclares(String eventName) {
        EventSchema schema = CATALOG.find(eventName).orElseThrow().schema();

        JsonNode example = ExamplePayloads.of(schema);

        for (String path : schema.paths()) {
            JsonNode node = example;
            for (String segment : EventSchema.segments(path)) {
                node = node.isArray() ? node.path(0).path(segment) : node.path(segment);
            }
            assertThat(node.isMissingNode()).as("%s of %s", path, eventName).isFalse();
        }
    }

    @Test
    void leavesTakeTheirFirstExample() {
        JsonNode example = ExamplePayloads.of(CATALOG.find("customer_request_created").orElseThrow().schema());

        assertThat(example.at("/metadata/event_name").asText()).isEqualTo("customer_request_created");
        assertThat(example.at("/customer_request/request_items/0/product_category").asText()).isEqualTo("solar");
        assertThat(example.at("/customer_request/request_items/0/quantity").isInt()).isTrue();
        assertThat(example.at("/customer_request/consents/terms_and_conditions").asBoolean()).isTrue();
        assertThat(example.path("customer_request").path("request_items")).hasSize(1);
    }

    @Test
    void withoutAnExampleAValueOfTheDeclaredTypeIsUsed() throws Exception {
        JsonNode schema = MAPPER.readTree("""
                {"type": "object", "properties": {
                  "name": {"type": "string"},
                  "at": {"type": "string", "format": "date-time"},
                  "day": {"type": "string", "format": "date"},
                  "count": {"type": "integer"},
                  "share": {"type": "number"},
                  "active": {"type": "boolean"},
                  "nullable": {"type": ["null", "string"]},
                  "state": {"type": "string", "enum": ["open", "closed"]},
                  "fixed": {"const": 7},
                  "tags": {"type": "array", "items": {"type": "string"}},
                  "pair": {"type": "array", "minItems": 2, "items": {"type": "integer"}},
                  "listed": {"type": "array", "items": {"type": "string"}, "examples": [["a", "b"]]},
                  "free": {"type": "object"}
                }}
                """);

        JsonNode example = ExamplePayloads.of(schema);

        assertThat(example).isEqualTo(MAPPER.readTree("""
                {"name": "string", "at": "%s", "day": "2025-01-01", "count": 0, "share": 0, "active": false,
                 "nullable": "string", "state": "open", "fixed": 7, "tags": ["string"], "pair": [0, 0],
                 "listed": ["a", "b"], "free": {}}
                """.formatted(ExamplePayloads.SAMPLE_DATE_TIME)));
        assertThat(SCHEMAS.getSchema(schema).validate(example)).isEmpty();
    }

    @Test
    void localReferencesAreFollowedAndAlternativesTakeTheFirstBranch() throws Exception {
        JsonNode schema = MAPPER.readTree("""
                {"type": "object",
                 "$defs": {"address": {"type": "object", "properties": {"city": {"type": "string", "examples": ["Berlin"]}}}},
                 "properties": {
                   "home": {"$ref": "#/$defs/address"},
                   "id": {"oneOf": [{"type": "integer", "examples": [42]}, {"type": "string"}]}
                 }}
                """);

        JsonNode example = ExamplePayloads.of(schema);

        assertThat(example).isEqualTo(MAPPER.readTree("{\"home\": {\"city\": \"Berlin\"}, \"id\": 42}"));
    }

    @Test
    void aSelfReferenceEndsInsteadOfRecursingForever() throws Exception {
        JsonNode schema = MAPPER.readTree("""
                {"type": "object", "properties": {"child": {"$ref": "#"}}}
                """);

        JsonNode example = ExamplePayloads.of(schema);

        int depth = 0;
        for (JsonNode node = example; node.has("child"); node = node.path("child")) {
            depth++;
        }
        assertThat(depth).isBetween(1, ExamplePayloads.MAX_DEPTH + 1);
    }

    @Test
    void eachCallReturnsAFreshTree() {
        EventSchema schema = CATALOG.find("product_updated").orElseThrow().schema();

        JsonNode first = ExamplePayloads.of(schema);
        ((ObjectNode) first).put("changed", true);

        assertThat(ExamplePayloads.of(schema).has("changed")).isFalse();
        assertThat(schema.json().toString()).doesNotContain("\"changed\"");
    }
}
