package dev.webhooks.api;

import static dev.webhooks.api.ConfigRequests.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import dev.webhooks.core.config.HttpMethod;
import dev.webhooks.core.delivery.DeliveryOutcome;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.InboundEvent;
import dev.webhooks.core.filter.Condition;
import dev.webhooks.core.filter.ConditionGroup;
import dev.webhooks.core.filter.FilterEngine;
import dev.webhooks.core.port.DeliveryLogRepository;
import dev.webhooks.testing.AwsEmulatorsResource;

/**
 * {@code POST /v1/webhooks/filter-test}: filters evaluated against a payload, or against the caller's recent events as
 * the delivery log kept them (written here through the repository), validated as a config's filters are.
 */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class FilterTestEndpointTest {

    private static final String FILTER_TEST = "/v1/webhooks/filter-test";
    private static final String EVENT = "customer_request_created";
    private static final String SOLAR_FILTER = """
            "filter": {"keyToFilter": "customer_request.request_items.product_category", "supportedValues": ["solar"]}
            """;

    private final String org = "org-" + UUID.randomUUID();
    private final String stranger = "org-" + UUID.randomUUID();

    @Inject
    DeliveryLogRepository deliveries;

    @Inject
    ObjectMapper mapper;

    @Inject
    FilterEngine filters;

    @Test
    void aMatchingPayloadMatches() {
        filterTest(org, "{" + SOLAR_FILTER + ", \"payload\": " + sample("solar") + "}").statusCode(200)
                .body("results", hasSize(1))
                .body("results[0].matched", equalTo(true))
                .body("results[0]", hasKey("failed_rule"))
                .body("results[0].failed_rule", nullValue())
                .body("results[0]", not(hasKey("event_id")))
                .body("results[0]", not(hasKey("created_at")));
    }

    @Test
    void aPayloadThatDoesNotMatchNamesTheFailedRule() {
        String body = """
                {"filterConditions": {"logical_operator": "AND", "conditions": [
                   {"field": "customer_request.status", "operation": "equals", "values": ["open"]},
                   {"field": "customer_request.request_items.product_category", "operation": "equals",
                    "values": ["heat_pump"]}]},
                 "payload": %s}
                """.formatted(sample("solar"));

        filterTest(org, body).statusCode(200)
                .body("results[0].matched", equalTo(false))
                .body("results[0].failed_rule", startsWith("filterConditions.conditions[1]"))
                .body("results[0].failed_rule", containsString("product_category"));
    }

    @Test
    void bothTheFilterAndTheConditionsMustMatch() {
        String body = """
                {%s, "filterConditions": {"conditions": [
                   {"field": "customer_request.status", "operation": "equals", "values": ["closed"]}]},
                 "payload": %s}
                """.formatted(SOLAR_FILTER, sample("solar"));

        filterTest(org, body).statusCode(200)
                .body("results[0].matched", equalTo(false))
                .body("results[0].failed_rule", startsWith("filterConditions.conditions[0]"));
    }

    @Test
    void theHistoryOfTheCallersEventsIsTestedNewestFirstOncePerEvent() {
        Instant start = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        store(org, "cfg-a", "e-1", "solar", start.plusSeconds(10));
        store(org, "cfg-a", "e-2", "gas", start.plusSeconds(20));
        store(org, "cfg-b", "e-2", "gas", start.plusSeconds(21));
        store(org, "cfg-a", "e-3", "solar", start.plusSeconds(30));
        store(stranger, "cfg-x", "e-4", "solar", start.plusSeconds(40));
        storeOtherEvent(org, "cfg-a", "e-5", start.plusSeconds(50));

        filterTest(org, "{" + SOLAR_FILTER + ", \"eventName\": \"" + EVENT + "\"}").statusCode(200)
                .body("results.event_id", contains("e-3", "e-2", "e-1"))
                .body("results.matched", contains(true, false, true))
                .body("results[0].created_at", equalTo(start.plusSeconds(30).toString()))
                .body("results[1].failed_rule", startsWith("filter"))
                .body("results[1].failed_rule", containsString("gas"))
                .body("results[0].failed_rule", nullValue());
        filterTest(stranger, "{" + SOLAR_FILTER + ", \"eventName\": \"" + EVENT + "\"}").statusCode(200)
                .body("results.event_id", contains("e-4"));
    }

    @Test
    void theLimitKeepsTheNewestEvents() {
        Instant start = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 1; i <= 4; i++) {
            store(org, "cfg-a", "e-" + i, i % 2 == 0 ? "gas" : "solar", start.plusSeconds(i));
        }

        filterTest(org, "{" + SOLAR_FILTER + ", \"eventName\": \"" + EVENT + "\", \"limit\": 2}").statusCode(200)
                .body("results.event_id", contains("e-4", "e-3"));
    }

    @Test
    void atMostFiftyEventsAreTested() {
        Instant start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        List<String> newestFirst = new ArrayList<>();
        for (int i = 1; i <= 55; i++) {
            store(org, "cfg-a", String.format("e-%02d", i), "solar", start.plusSeconds(i));
            newestFirst.add(0, String.format("e-%02d", i));
        }

        List<String> tested = filterTest(org, "{" + SOLAR_FILTER + ", \"eventName\": \"" + EVENT + "\"}")
                .statusCode(200).extract().path("results.event_id");

        assertThat(tested).containsExactlyElementsOf(newestFirst.subList(0, 50));
    }

    @Test
    void withoutHistoryTheResultsAreEmpty() {
        filterTest(org, """
                {"filter": {"keyToFilter": "metadata.organization_id", "supportedValues": ["x"]},
                 "eventName": "product_updated"}
                """).statusCode(200).body("results", hasSize(0));
    }

    @Test
    void aPathTheEventDoesNotHaveIsRefusedWithTheClosestPaths() {
        filterTest(org, """
                {"filter": {"keyToFilter": "customer_request.request_items.product_categry",
                            "supportedValues": ["solar"]},
                 "eventName": "customer_request_created"}
                """).statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("filter.keyToFilter"))
                .body("errors[0].reason", containsString("customer_request.request_items.product_category"));
    }

    @Test
    void conditionsAreValidatedAsInAConfig() {
        filterTest(org, """
                {"filterConditions": {"conditions": [
                   {"field": "customer_request.status", "operation": "resembles", "values": ["open"]},
                   {"field": "customer_request.amount_total", "operation": "greater_than", "field_type": "number",
                    "values": ["lots"]}]},
                 "payload": {"customer_request": {"status": "open"}}}
                """).statusCode(400)
                .body("errors.field", contains("filterConditions.conditions[0].operation",
                        "filterConditions.conditions[1].values[0]"));
    }

    @Test
    void aPayloadAndAnEventNameTogetherAre400() {
        filterTest(org, "{" + SOLAR_FILTER + ", \"payload\": {}, \"eventName\": \"" + EVENT + "\"}")
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("payload"))
                .body("errors[0].reason", containsString("eventName"));
    }

    @Test
    void neitherAPayloadNorAnEventNameIs400() {
        filterTest(org, "{" + SOLAR_FILTER + "}").statusCode(400)
                .body("errors[0].field", equalTo("payload"));
    }

    @Test
    void neitherAFilterNorConditionsIs400() {
        filterTest(org, "{\"payload\": {\"a\": 1}}").statusCode(400)
                .body("errors.field", contains("filter"))
                .body("errors[0].reason", containsString("filterConditions"));
    }

    @Test
    void malformedRequestsAre400NamingTheField() {
        filterTest(org, "{" + SOLAR_FILTER + ", \"eventName\": \"order_created\"}").statusCode(400)
                .body("errors[0].field", equalTo("eventName"));
        filterTest(org, "{" + SOLAR_FILTER + ", \"payload\": [1, 2]}").statusCode(400)
                .body("errors[0].field", equalTo("payload"));
        for (String limit : List.of("0", "51", "2.5", "\"10\"")) {
            filterTest(org, "{" + SOLAR_FILTER + ", \"eventName\": \"" + EVENT + "\", \"limit\": " + limit + "}")
                    .statusCode(400).body("errors[0].field", equalTo("limit"));
        }
        given(org).when().post(FILTER_TEST).then().statusCode(400).body("errors[0].field", equalTo("body"));
    }

    @Test
    void anExpressionThatMayNotRunIs400() {
        filterTest(org, jsonata("$eval(rule) = true", "{\"rule\": \"true\"}")).statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("filterConditions.conditions[0].jsonata_expression"))
                .body("errors[0].reason", containsString("$eval is not allowed"));
    }

    @Test
    void aCatastrophicRegexIsAnsweredAndLeavesNoEvaluationRunning() {
        String payload = "{\"name\": \"" + "a".repeat(60) + "!\"}";

        filterTest(org, jsonata("$contains(name, /^(a+)+$/)", payload)).statusCode(200)
                .body("results[0].matched", equalTo(false))
                .body("results[0].failed_rule", containsString("is falsy"));
        assertThat(filters.jsonataEvaluationsRunning()).isZero();
    }

    @Test
    void whileTheOrganizationsEvaluatorsAreBusyItIs503AndOtherOrganizationsAreServed() throws Exception {
        // The organization's one evaluator permit is held by an evaluation that cannot finish until released:
        // the engine is this application's own bean.
        BlockingEvent blocking = new BlockingEvent();
        CompletableFuture<?> holder = CompletableFuture.runAsync(() -> filters.evaluate(org, null,
                new ConditionGroup(List.of(new Condition(null, null, null, null, false, false, "true")),
                        ConditionGroup.LogicalOperator.AND),
                new POJONode(blocking)));
        try {
            assertThat(blocking.reading.await(10, TimeUnit.SECONDS)).isTrue();

            filterTest(org, jsonata("true", "{}")).statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "1")
                    .body("detail", containsString("try again"));
            filterTest(stranger, jsonata("true", "{}")).statusCode(200).body("results[0].matched", equalTo(true));
        } finally {
            blocking.release.countDown();
            holder.get(10, TimeUnit.SECONDS);
        }
    }

    private static String jsonata(String expression, String payload) {
        return "{\"filterConditions\": {\"conditions\": [{\"jsonata_expression\": "
                + new ObjectMapper().valueToTree(expression) + "}]}, \"payload\": " + payload + "}";
    }

    /**
     * An event whose reading blocks until released, interrupted or not: an evaluation that holds its evaluator
     * meanwhile, even after its caller gave up.
     */
    static final class BlockingEvent {

        final CountDownLatch reading = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @JsonProperty("value")
        public String value() {
            reading.countDown();
            boolean interrupted = false;
            while (true) {
                try {
                    release.await();
                    break;
                } catch (InterruptedException interrupt) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return "read";
        }
    }

    private static RequestSpecification given(String organizationId) {
        return as(organizationId).contentType(ContentType.JSON);
    }

    private static ValidatableResponse filterTest(String organizationId, String body) {
        return given(organizationId).body(body).when().post(FILTER_TEST).then();
    }

    /** The sample customer request with every item of the given category. */
    private String sample(String category) {
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("webhooks/events/samples/" + EVENT + ".json")) {
            ObjectNode event = (ObjectNode) mapper.readTree(in);
            ((ObjectNode) event.path("metadata")).put("organization_id", org);
            for (JsonNode item : (ArrayNode) event.path("customer_request").path("request_items")) {
                ((ObjectNode) item).put("product_category", category);
            }
            return event.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A finished delivery of an event of the given category, as the dispatcher records it. */
    private void store(String organizationId, String configId, String eventId, String category, Instant createdAt) {
        String payload = sample(category);
        save(new InboundEvent(eventId, organizationId, EVENT, readTree(payload), payload), configId, createdAt);
    }

    private void storeOtherEvent(String organizationId, String configId, String eventId, Instant createdAt) {
        String payload = "{\"metadata\": {\"organization_id\": \"" + organizationId + "\"}}";
        save(new InboundEvent(eventId, organizationId, "product_updated", readTree(payload), payload), configId,
                createdAt);
    }

    private void save(InboundEvent event, String configId, Instant createdAt) {
        DeliveryRecord started = DeliveryRecord.start(event, configId, "https://partner.example.com/hook",
                HttpMethod.POST, createdAt);
        deliveries.save(configId.endsWith("b") ? started.skipped("filter: no match")
                : started.finished(new DeliveryOutcome(200, null, "OK", "", null, createdAt, createdAt)), 0);
    }

    private JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
