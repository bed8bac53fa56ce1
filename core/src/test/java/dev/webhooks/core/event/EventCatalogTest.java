package dev.webhooks.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The configured events and their schemas, held against the real sample events in {@code src/test/resources/events}:
 * a schema that refused a real event, or accepted one without its tenant, would break filters and example payloads.
 */
class EventCatalogTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final EventCatalog CATALOG = EventCatalog.load(MAPPER);
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    @Test
    void loadsTheFourConfiguredEventsWithTheirLabelsInCatalogOrder() {
        assertThat(CATALOG.events())
                .extracting(ConfiguredEvent::eventName, ConfiguredEvent::eventLabel)
                .containsExactly(
                        tuple("customer_request_created", "Customer Request Created"),
                        tuple("product_updated", "Product Updated"),
                        tuple("automation_rule_triggered", "Automation Rule Triggered"),
                        tuple("automation_trigger_webhook", "Automation Trigger Webhook"),
                        tuple("webhook_disabled", "Webhook Disabled"));
    }

    @Test
    void findsAnEventByItsExactName() {
        assertThat(CATALOG.find("product_updated")).get()
                .extracting(ConfiguredEvent::eventLabel).isEqualTo("Product Updated");
        assertThat(CATALOG.contains("product_updated")).isTrue();

        assertThat(CATALOG.find("order_created")).isEmpty();
        assertThat(CATALOG.find("PRODUCT_UPDATED")).isEmpty();
        assertThat(CATALOG.contains("order_created")).isFalse();
    }

    @Test
    void theEventListIsACopy() {
        CATALOG.events().clear();

        assertThat(CATALOG.events()).hasSize(5);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"customer_request_created", "product_updated", "automation_rule_triggered",
            "automation_trigger_webhook", "webhook_disabled"})
    void everySchemaIsDraft2020WithARequiredOrganizationId(String eventName) {
        JsonNode schema = schemaOf(eventName).json();

        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("required")).extracting(JsonNode::asText).contains("metadata");
        assertThat(schema.path("properties").path("metadata").path("required"))
                .extracting(JsonNode::asText).contains("organization_id");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"customer_request_created", "product_updated", "automation_rule_triggered",
            "automation_trigger_webhook", "webhook_disabled"})
    void theSampleEventValidatesAgainstItsSchema(String eventName) throws IOException {
        Set<ValidationMessage> problems = validator(eventName).validate(sample(eventName));

        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"customer_request_created", "product_updated", "automation_rule_triggered",
            "automation_trigger_webhook", "webhook_disabled"})
    void aSampleWithoutOrganizationIdDoesNotValidate(String eventName) throws IOException {
        ObjectNode event = sample(eventName);
        ((ObjectNode) event.path("metadata")).remove("organization_id");

        Set<ValidationMessage> problems = validator(eventName).validate(event);

        assertThat(problems).isNotEmpty();
        assertThat(problems).extracting(ValidationMessage::getMessage).anyMatch(m -> m.contains("organization_id"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"customer_request_created", "product_updated", "automation_rule_triggered",
            "automation_trigger_webhook", "webhook_disabled"})
    void aSampleWithoutMetadataDoesNotValidate(String eventName) throws IOException {
        ObjectNode event = sample(eventName);
        event.remove("metadata");

        assertThat(validator(eventName).validate(event)).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"customer_request_created", "product_updated", "automation_rule_triggered",
            "automation_trigger_webhook", "webhook_disabled"})
    void everyTopLevelFieldOfTheSampleIsDeclaredInTheSchema(String eventName) throws IOException {
        EventSchema schema = schemaOf(eventName);

        sample(eventName).fieldNames().forEachRemaining(field ->
                assertThat(schema.resolve(field)).as(field).isNotEqualTo(EventSchema.PathTarget.MISSING));
    }

    private static EventSchema schemaOf(String eventName) {
        return CATALOG.find(eventName).orElseThrow().schema();
    }

    private static JsonSchema validator(String eventName) {
        return SCHEMAS.getSchema(schemaOf(eventName).json());
    }

    private static ObjectNode sample(String eventName) throws IOException {
        try (InputStream in = EventCatalogTest.class.getClassLoader()
                .getResourceAsStream("webhooks/events/samples/" + eventName + ".json")) {
            assertThat(in).as("sample event webhooks/events/samples/%s.json", eventName).isNotNull();
            return (ObjectNode) MAPPER.readTree(in);
        }
    }
}
