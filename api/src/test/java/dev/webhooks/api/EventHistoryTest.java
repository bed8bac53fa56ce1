package dev.webhooks.api;

import static dev.webhooks.api.ConfigRequests.CONFIGS;
import static dev.webhooks.api.ConfigRequests.as;
import static dev.webhooks.api.ConfigRequests.basicConfig;
import static dev.webhooks.api.ConfigRequests.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.core.config.HttpMethod;
import dev.webhooks.core.delivery.DeliveryOutcome;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.InboundEvent;
import dev.webhooks.core.port.DeliveryLogRepository;
import dev.webhooks.testing.AwsEmulators;
import dev.webhooks.testing.AwsEmulatorsResource;

/**
 * Delivery history (v1 list with cursor, v2 search, one event), replay and batch replay, through the API Gateway
 * event path against dynalite and ElasticMQ. Records are written with the dispatcher's own repository.
 */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class EventHistoryTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    DeliveryLogRepository log;

    AwsEmulators emulators;

    private final String org = "org-" + UUID.randomUUID();

    private String record(String configId, String eventId, Instant createdAt, int status) {
        JsonNode payload = JsonNodeFactory.instance.objectNode().set("metadata",
                JsonNodeFactory.instance.objectNode().put("organization_id", org).put("marker", eventId));
        InboundEvent event = new InboundEvent(eventId, org, "customer_request_created", payload, payload.toString());
        DeliveryRecord started = DeliveryRecord.start(event, configId, "https://partner.example.com",
                HttpMethod.POST, createdAt);
        log.save(started.finished(new DeliveryOutcome(status, status < 300 ? null
                : dev.webhooks.core.delivery.FailureCode.HttpError, "HTTP " + status, "{\"ok\":true}", null,
                createdAt, createdAt.plusMillis(30))), 0);
        return eventId;
    }

    @Test
    void pagesNewestFirstAcrossThreePagesWithoutSkipsOrRepeatsWhileEventsArrive() {
        String id = create(org, basicConfig("https://partner.example.com"));
        Instant base = Instant.parse("2026-11-01T00:00:00Z");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            expected.add(0, record(id, "evt-" + i, base.plusSeconds(i), 200));
        }
        List<String> seen = new ArrayList<>();
        JsonNode cursor = null;
        int pages = 0;
        do {
            JsonPath page = as(org).contentType(ContentType.JSON)
                    .body(cursor == null ? "{}" : "{\"cursor\": " + cursor + "}")
                    .when().post("/v2/webhooks/configs/" + id + "/events")
                    .then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("data.event_id"));
            cursor = page.getBoolean("has_more") ? MAPPER.valueToTree(page.getMap("next_cursor")) : null;
            pages++;
            // New events arrive between pages: they are newer, so they never shift the pages still to come.
            record(id, "new-" + pages, Instant.now(), 200);
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void theV1ListPagesWithAnOpaqueCursorAndFiltersByStatus() {
        String id = create(org, basicConfig("https://partner.example.com"));
        Instant base = Instant.parse("2026-11-02T00:00:00Z");
        for (int i = 0; i < 30; i++) {
            record(id, "v1-" + i, base.plusSeconds(i), i % 3 == 0 ? 500 : 200);
        }
        JsonPath first = as(org).when().get(CONFIGS + "/" + id + "/events").then().statusCode(200)
                .extract().jsonPath();
        assertThat(first.getList("data")).hasSize(25);
        assertThat(first.getString("data[0].event_id")).isEqualTo("v1-29");
        JsonPath second = as(org).queryParam("cursor", first.getString("cursor"))
                .when().get(CONFIGS + "/" + id + "/events").then().statusCode(200).extract().jsonPath();
        assertThat(second.getList("data")).hasSize(5);
        assertThat(second.getString("cursor")).isNull();
        Set<String> all = new HashSet<>(first.getList("data.event_id"));
        all.addAll(second.getList("data.event_id"));
        assertThat(all).hasSize(30);

        as(org).queryParam("status", "failed").when().get(CONFIGS + "/" + id + "/events").then().statusCode(200)
                .body("data.size()", equalTo(10))
                .body("data.status", everyItem(equalTo("failed")));
        as(org).queryParam("cursor", "not-a-cursor").when().get(CONFIGS + "/" + id + "/events")
                .then().statusCode(400).body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void anEventIsReadWithItsOutcomeInTheContractShape() {
        String id = create(org, basicConfig("https://partner.example.com"));
        record(id, "shape-1", Instant.parse("2026-11-03T10:00:00Z"), 503);

        as(org).when().get(CONFIGS + "/" + id + "/events/shape-1").then().statusCode(200)
                .body("event_id", equalTo("shape-1"))
                .body("org_id", equalTo(org))
                .body("webhook_config_id", equalTo(id))
                .body("created_at", equalTo("2026-11-03T10:00:00.000Z"))
                .body("event_name", equalTo("customer_request_created"))
                .body("status", equalTo("failed"))
                .body("http_method", equalTo("POST"))
                .body("retry_attempt", equalTo(0))
                .body("http_response.status_code", equalTo(503))
                .body("http_response.code", equalTo("HttpError"))
                .body("http_response.body.ok", equalTo(true))
                .body("metadata.organization_id", equalTo(org))
                .body("payload", notNullValue());
        as(org).when().get(CONFIGS + "/" + id + "/events/nope").then().statusCode(404);
    }

    @Test
    void searchFiltersByTimeStatusAndEventId() {
        String id = create(org, basicConfig("https://partner.example.com"));
        Instant base = Instant.parse("2026-11-04T00:00:00Z");
        for (int i = 0; i < 10; i++) {
            record(id, "t-" + i, base.plusSeconds(60L * i), i < 5 ? 200 : 500);
        }
        as(org).contentType(ContentType.JSON).body("""
                {"timestamp": {"from": "2026-11-04T00:02:00Z", "to": "2026-11-04T00:06:00Z"}}
                """).when().post("/v2/webhooks/configs/" + id + "/events").then().statusCode(200)
                .body("data.event_id", contains("t-6", "t-5", "t-4", "t-3", "t-2"))
                .body("has_more", equalTo(false))
                .body("next_cursor", nullValue());
        as(org).contentType(ContentType.JSON).body("{\"status\": \"succeeded\", \"limit\": 2}")
                .when().post("/v2/webhooks/configs/" + id + "/events").then().statusCode(200)
                .body("data.event_id", contains("t-4", "t-3"))
                .body("has_more", equalTo(true));
        as(org).contentType(ContentType.JSON).body("{\"event_id\": \"t-7\"}")
                .when().post("/v2/webhooks/configs/" + id + "/events").then().statusCode(200)
                .body("data.event_id", contains("t-7"));
        as(org).contentType(ContentType.JSON).body("{\"limit\": 26}")
                .when().post("/v2/webhooks/configs/" + id + "/events").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
    }

    @Test
    void historyIsReadableAfterTheConfigIsDeleted() {
        String id = create(org, basicConfig("https://partner.example.com"));
        record(id, "kept-1", Instant.parse("2026-11-05T00:00:00Z"), 200);
        as(org).when().delete(CONFIGS + "/" + id).then().statusCode(204);

        as(org).when().get(CONFIGS + "/" + id + "/events").then().statusCode(200)
                .body("data.event_id", contains("kept-1"));
        as(org).contentType(ContentType.JSON).body("{}").when().post("/v2/webhooks/configs/" + id + "/events")
                .then().statusCode(200).body("data.event_id", contains("kept-1"));
        as(org).when().get(CONFIGS + "/" + id + "/events/kept-1").then().statusCode(200);
    }

    @Test
    void replayQueuesTheRecordedPayloadForTheConfigAsANewEvent() throws Exception {
        String id = create(org, basicConfig("https://partner.example.com"));
        record(id, "orig-1", Instant.parse("2026-11-06T00:00:00Z"), 500);

        as(org).when().post(CONFIGS + "/" + id + "/events/orig-1/replay").then().statusCode(204);

        JsonNode message = queued("\"source_event_id\":\"orig-1\"", id);
        assertThat(message.path("kind").asText()).isEqualTo("webhooks.directed");
        assertThat(message.path("replay_of").asText()).isEqualTo("orig-1");
        assertThat(message.path("event_id").asText()).startsWith("rpl_").isNotEqualTo("orig-1");
        assertThat(message.path("organization_id").asText()).isEqualTo(org);
        as(org).when().post(CONFIGS + "/" + id + "/events/unknown/replay").then().statusCode(404);
    }

    @Test
    void batchReplayReportsUnknownIds() throws Exception {
        String id = create(org, basicConfig("https://partner.example.com"));
        record(id, "b-1", Instant.parse("2026-11-07T00:00:00Z"), 500);
        record(id, "b-2", Instant.parse("2026-11-07T00:01:00Z"), 500);

        as(org).contentType(ContentType.JSON).body("{\"eventIds\": [\"b-1\", \"b-2\", \"b-3\"]}")
                .when().post(CONFIGS + "/" + id + "/events/replay-batch").then().statusCode(202)
                .body("replayed_event_ids", contains("b-1", "b-2"))
                .body("unknown_event_ids", contains("b-3"));
        assertThat(queued("\"source_event_id\":\"b-2\"", id).path("replay_of").asText()).isEqualTo("b-2");

        as(org).contentType(ContentType.JSON).body("{\"eventIds\": []}")
                .when().post(CONFIGS + "/" + id + "/events/replay-batch").then().statusCode(400)
                .body("errors[0].field", equalTo("eventIds"));
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 101; i++) {
            many.append(i == 0 ? "" : ",").append("\"e").append(i).append('"');
        }
        as(org).contentType(ContentType.JSON).body("{\"eventIds\": " + many + "]}")
                .when().post(CONFIGS + "/" + id + "/events/replay-batch").then().statusCode(400);
    }

    @Test
    void everyHistoryEndpointAnswers404ToAnotherOrganization() {
        String id = create(org, basicConfig("https://partner.example.com"));
        record(id, "private-1", Instant.parse("2026-11-08T00:00:00Z"), 200);
        String stranger = "org-" + UUID.randomUUID();

        as(stranger).when().get(CONFIGS + "/" + id + "/events").then().statusCode(404);
        as(stranger).contentType(ContentType.JSON).body("{}").when().post("/v2/webhooks/configs/" + id + "/events")
                .then().statusCode(404);
        as(stranger).when().get(CONFIGS + "/" + id + "/events/private-1").then().statusCode(404);
        as(stranger).when().post(CONFIGS + "/" + id + "/events/private-1/replay").then().statusCode(404);
        as(stranger).contentType(ContentType.JSON).body("{\"eventIds\": [\"private-1\"]}")
                .when().post(CONFIGS + "/" + id + "/events/replay-batch").then().statusCode(404);
        as(org).when().get(CONFIGS + "/" + id + "/events").then().statusCode(200)
                .body("data.event_id", hasItem("private-1"));
    }

    /** The event-queue message whose body holds {@code marker} and the config id, read without consuming it. */
    private JsonNode queued(String marker, String configId) throws Exception {
        List<String> bodies = emulators.peek(Queues.EVENTS_DEFAULT_NAME, body -> body.contains(marker) && body.contains(configId), Duration.ofSeconds(5));
        assertThat(bodies).as("a queued message").isNotEmpty();
        return MAPPER.readTree(bodies.get(0));
    }
}
