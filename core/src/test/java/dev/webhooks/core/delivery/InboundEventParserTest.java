package dev.webhooks.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The event-queue message parser, row by row: each row is a message body, what the parser makes of it (an event, or
 * the reason it goes to the dead-letter queue), and whether {@code docs/inbound-event.schema.json} agrees. A producer
 * reads the schema to learn what it may send, so a body the schema calls valid must be accepted and a body it calls
 * invalid must be refused.
 */
class InboundEventParserTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final InboundEventParser PARSER = new InboundEventParser(MAPPER);
    private static final String SQS_MESSAGE_ID = "9f1c6a2e-sqs-message-id";
    private static final String ID_256 = "i".repeat(256);
    private static final String ID_257 = "i".repeat(257);
    /** 200 characters outside the BMP: 200 code points, 400 UTF-16 units. */
    private static final String EMOJI_200 = "\uD83D\uDE00".repeat(200);

    /** One message body and its expected fate. */
    record Row(String name, String body, String messageId, Accepted accepted, String refusedBecause,
            String noSchemaVerdictBecause) {

        boolean parserShouldAccept() {
            return accepted != null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** What an accepted message becomes. */
    record Accepted(String eventId, String organizationId, String eventName) {
    }

    static Row accepts(String name, String body, String eventId, String organizationId, String eventName) {
        return new Row(name, json(body), SQS_MESSAGE_ID, new Accepted(eventId, organizationId, eventName), null, null);
    }

    static Row refuses(String name, String body, String reason) {
        return new Row(name, json(body), SQS_MESSAGE_ID, null, reason, null);
    }

    static List<Row> rows() {
        return List.of(
                // EventBridge envelopes
                accepts("an EventBridge envelope",
                        "{'version':'0','id':'evt-1','detail-type':'customer_request_created','source':'epilot',"
                                + "'time':'2024-05-01T10:00:00Z','detail':{'metadata':{'organization_id':'org-1'},"
                                + "'customer_request':{'id':'cr-1'}}}",
                        "evt-1", "org-1", "customer_request_created"),
                accepts("an envelope with only the required fields",
                        "{'id':'evt-2','detail-type':'order_created','detail':{'metadata':{'organization_id':'o'}}}",
                        "evt-2", "o", "order_created"),
                accepts("an envelope whose ids are 256 characters long",
                        "{'id':'" + ID_256 + "','detail-type':'" + ID_256 + "','detail':{'metadata':"
                                + "{'organization_id':'" + ID_256 + "'}}}",
                        ID_256, ID_256, ID_256),
                // The schema types organization_id as a string; the parser accepts a number as its text.
                accepts("an envelope with a numeric organization_id",
                        "{'id':'evt-3','detail-type':'order_created','detail':{'metadata':{'organization_id':739224}}}",
                        "evt-3", "739224", "order_created"),
                refuses("an envelope without id",
                        "{'detail-type':'order_created','detail':{'metadata':{'organization_id':'o'}}}",
                        "Message names no id"),
                refuses("an envelope with an empty id",
                        "{'id':'','detail-type':'order_created','detail':{'metadata':{'organization_id':'o'}}}",
                        "Message names no id"),
                refuses("an envelope with an id of 257 characters",
                        "{'id':'" + ID_257 + "','detail-type':'order_created','detail':{'metadata':"
                                + "{'organization_id':'o'}}}",
                        "id is longer than 256 characters"),
                refuses("an envelope with an empty detail-type",
                        "{'id':'e','detail-type':'','detail':{'metadata':{'organization_id':'o'}}}",
                        "Message names no detail-type"),
                refuses("an envelope with a detail-type of 257 characters",
                        "{'id':'e','detail-type':'" + ID_257 + "','detail':{'metadata':{'organization_id':'o'}}}",
                        "detail-type is longer than 256 characters"),
                refuses("an envelope whose detail has no metadata",
                        "{'id':'e','detail-type':'order_created','detail':{'order':{}}}",
                        "Message names no detail.metadata.organization_id"),
                refuses("an envelope whose metadata has no organization_id",
                        "{'id':'e','detail-type':'order_created','detail':{'metadata':{'event_name':'x'}}}",
                        "Message names no detail.metadata.organization_id"),
                refuses("an envelope with an empty organization_id",
                        "{'id':'e','detail-type':'order_created','detail':{'metadata':{'organization_id':''}}}",
                        "Message names no detail.metadata.organization_id"),
                refuses("an envelope with a blank organization_id",
                        "{'id':'e','detail-type':'order_created','detail':{'metadata':{'organization_id':'   '}}}",
                        "Message names no detail.metadata.organization_id"),
                refuses("an envelope with an organization_id of 257 characters",
                        "{'id':'e','detail-type':'order_created','detail':{'metadata':{'organization_id':'"
                                + ID_257 + "'}}}",
                        "detail.metadata.organization_id is longer than 256 characters"),
                refuses("an envelope whose organization_id is an object",
                        "{'id':'e','detail-type':'order_created','detail':{'metadata':{'organization_id':{'id':1}}}}",
                        "Message names no detail.metadata.organization_id"),
                refuses("an envelope whose detail is an array",
                        "{'id':'e','detail-type':'order_created','detail':[{'metadata':{'organization_id':'o'}}]}",
                        "(detail) is not a JSON object"),
                refuses("an envelope whose detail is a string",
                        "{'id':'e','detail-type':'order_created','detail':'{}'}",
                        "(detail) is not a JSON object"),
                refuses("an envelope whose detail is null",
                        "{'id':'e','detail-type':'order_created','detail':null}",
                        "(detail) is not a JSON object"),

                // Direct messages
                accepts("a direct message with its own event_id",
                        "{'metadata':{'organization_id':'org-1','event_name':'order_created','event_id':'evt-9'},"
                                + "'order':{'id':'o-1'}}",
                        "evt-9", "org-1", "order_created"),
                accepts("a direct message without event_id takes the SQS message id",
                        "{'metadata':{'organization_id':'org-1','event_name':'order_created'}}",
                        SQS_MESSAGE_ID, "org-1", "order_created"),
                accepts("a direct message with a detail-type but no detail is a direct message",
                        "{'detail-type':'ignored','metadata':{'organization_id':'org-1','event_name':'order_created'}}",
                        SQS_MESSAGE_ID, "org-1", "order_created"),
                accepts("a direct message whose ids are 256 characters long",
                        "{'metadata':{'organization_id':'" + ID_256 + "','event_name':'" + ID_256
                                + "','event_id':'" + ID_256 + "'}}",
                        ID_256, ID_256, ID_256),
                // The schema types organization_id as a string; the parser accepts a number as its text.
                accepts("a direct message with a numeric organization_id",
                        "{'metadata':{'organization_id':42,'event_name':'order_created','event_id':'e'}}",
                        "e", "42", "order_created"),
                refuses("a direct message without metadata",
                        "{'order':{'id':'o-1'}}",
                        "Message names no metadata.event_name"),
                refuses("a direct message whose metadata is a string",
                        "{'metadata':'org-1'}",
                        "Message names no metadata.event_name"),
                refuses("a direct message without event_name",
                        "{'metadata':{'organization_id':'org-1'}}",
                        "Message names no metadata.event_name"),
                refuses("a direct message with a blank event_name",
                        "{'metadata':{'organization_id':'org-1','event_name':' \\t '}}",
                        "Message names no metadata.event_name"),
                refuses("a direct message with an event_name of 257 characters",
                        "{'metadata':{'organization_id':'org-1','event_name':'" + ID_257 + "'}}",
                        "metadata.event_name is longer than 256 characters"),
                refuses("a direct message without organization_id",
                        "{'metadata':{'event_name':'order_created'}}",
                        "Message names no metadata.organization_id"),
                refuses("a direct message with an empty organization_id",
                        "{'metadata':{'organization_id':'','event_name':'order_created'}}",
                        "Message names no metadata.organization_id"),
                refuses("a direct message with a blank organization_id",
                        "{'metadata':{'organization_id':'  ','event_name':'order_created'}}",
                        "Message names no metadata.organization_id"),
                refuses("a direct message with an empty event_id",
                        "{'metadata':{'organization_id':'o','event_name':'order_created','event_id':''}}",
                        "Message names no metadata.event_id"),
                refuses("a direct message with an event_id of 257 characters",
                        "{'metadata':{'organization_id':'o','event_name':'order_created','event_id':'" + ID_257
                                + "'}}",
                        "metadata.event_id is longer than 256 characters"),
                // 200 emoji are 200 characters (code points) for both JSON Schema's maxLength and the parser.
                accepts("a direct message with an event_id of 200 non-BMP characters",
                        "{'metadata':{'organization_id':'o','event_name':'order_created','event_id':'" + EMOJI_200
                                + "'}}", EMOJI_200, "o", "order_created"),
                // The schema says event_id is a string when present; the parser silently falls back to the SQS id.
                refuses("a direct message whose event_id is an object",
                        "{'metadata':{'organization_id':'o','event_name':'order_created','event_id':{'id':'e'}}}",
                        "metadata.event_id"),

                // Not an object at all
                refuses("a JSON array", "[{'metadata':{'organization_id':'o','event_name':'e'}}]",
                        "Message body is not a JSON object"),
                refuses("a JSON string", "'order_created'", "Message body is not a JSON object"),
                refuses("a JSON number", "42", "Message body is not a JSON object"),
                refuses("JSON null", "null", "Message body is not a JSON object"),

                // No schema verdict: JSON Schema judges JSON documents, and these bodies are none.
                new Row("a body that is not JSON", "order_created for org-1", SQS_MESSAGE_ID, null,
                        "Message body is not JSON", "the body does not parse, so there is no document to validate"),
                new Row("truncated JSON", "{\"metadata\":{\"organization_id\":\"o\"", SQS_MESSAGE_ID, null,
                        "Message body is not JSON", "the body does not parse, so there is no document to validate"),
                new Row("a null body", null, SQS_MESSAGE_ID, null, "Message body is not a JSON object",
                        "there is no body at all, so there is no document to validate"),
                // No schema verdict: the SQS message id is not part of the body the schema describes.
                new Row("a direct message without event_id and without an SQS message id",
                        json("{'metadata':{'organization_id':'o','event_name':'order_created'}}"), null, null,
                        "Message names no metadata.event_id",
                        "the fallback id comes from SQS, not from the body the schema describes"));
    }

    static Stream<Row> acceptedRows() {
        return rows().stream().filter(Row::parserShouldAccept);
    }

    static Stream<Row> refusedRows() {
        return rows().stream().filter(row -> !row.parserShouldAccept());
    }

    static Stream<Arguments> rowsWithSchemaVerdict() {
        return rows().stream().filter(row -> row.noSchemaVerdictBecause() == null).map(row -> arguments(row));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedRows")
    void acceptsEachWellFormedMessage(Row row) {
        InboundEvent event = PARSER.parse(row.body(), row.messageId());

        assertThat(event.eventId()).isEqualTo(row.accepted().eventId());
        assertThat(event.organizationId()).isEqualTo(row.accepted().organizationId());
        assertThat(event.eventName()).isEqualTo(row.accepted().eventName());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedRows")
    void refusesEachMalformedMessageNamingTheReason(Row row) {
        Throwable thrown = catchThrowable(() -> PARSER.parse(row.body(), row.messageId()));

        assertThat(thrown).as("%s is refused", row.name())
                .isInstanceOf(UnprocessableMessageException.class)
                .hasMessageContaining(row.refusedBecause());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rowsWithSchemaVerdict")
    void theDocumentedSchemaAgreesWithTheParser(Row row) throws IOException {
        Set<ValidationMessage> violations = schema().validate(MAPPER.readTree(row.body()));
        String refusal = refusal(row);

        assertThat(violations.isEmpty())
                .as("%s: schema says %s %s, parser %s", row.name(), violations.isEmpty() ? "valid" : "invalid",
                        violations,
                        refusal == null ? "accepts" : "refuses: " + refusal)
                .isEqualTo(refusal == null);
    }

    @Test
    void theEnvelopePayloadIsTheDetailAlone() throws IOException {
        String body = json("{'version':'0','id':'evt-1','detail-type':'order_created','source':'epilot',"
                + "'detail':{'metadata':{'organization_id':'org-1'},'order':{'id':'o-1','total':12.5,"
                + "'items':[1,2]}}}");

        InboundEvent event = PARSER.parse(body, SQS_MESSAGE_ID);

        JsonNode detail = MAPPER.readTree(body).get("detail");
        assertThat(event.payload()).isEqualTo(detail);
        assertThat(MAPPER.readTree(event.payloadJson())).isEqualTo(detail);
        assertThat(event.payloadJson()).doesNotContain("detail-type", "epilot", "evt-1");
    }

    @Test
    void theDirectMessagePayloadIsTheWholeBody() throws IOException {
        String body = json("{'metadata':{'organization_id':'org-1','event_name':'order_created'},"
                + "'order':{'id':'o-1','name':'Zo\u00eb \u4e2d\u6587 \uD83D\uDE00'}}");

        InboundEvent event = PARSER.parse(body, SQS_MESSAGE_ID);

        assertThat(event.payload()).isEqualTo(MAPPER.readTree(body));
        assertThat(MAPPER.readTree(event.payloadJson())).isEqualTo(MAPPER.readTree(body));
    }

    @Test
    void theSqsMessageIdIsUsedOnlyWhenTheDirectMessageNamesNoEventId() {
        String withId = json("{'metadata':{'organization_id':'o','event_name':'n','event_id':'own-id'}}");
        String withoutId = json("{'metadata':{'organization_id':'o','event_name':'n'}}");

        assertThat(PARSER.parse(withId, "sqs-1").eventId()).isEqualTo("own-id");
        assertThat(PARSER.parse(withoutId, "sqs-1").eventId()).isEqualTo("sqs-1");
        assertThat(PARSER.parse(withoutId, "sqs-2").eventId()).isEqualTo("sqs-2");
    }

    @Test
    void anEnvelopeNeverFallsBackToTheSqsMessageId() {
        String body = json("{'detail-type':'n','detail':{'metadata':{'organization_id':'o'}}}");

        assertThatThrownBy(() -> PARSER.parse(body, "sqs-1"))
                .isInstanceOf(UnprocessableMessageException.class)
                .hasMessage("Message names no id");
    }

    /** Why the parser refuses the row's body, or {@code null} when it accepts it. */
    private static String refusal(Row row) {
        try {
            PARSER.parse(row.body(), row.messageId());
            return null;
        } catch (UnprocessableMessageException e) {
            return e.getMessage();
        }
    }

    private static JsonSchema schema() throws IOException {
        Path root = Path.of(System.getProperty("webhooks.repository.root", ".."));
        JsonNode schema = MAPPER.readTree(Files.readString(root.resolve("docs/inbound-event.schema.json")));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
    }

    /** JSON written with single quotes, which none of the rows needs inside a value. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}
