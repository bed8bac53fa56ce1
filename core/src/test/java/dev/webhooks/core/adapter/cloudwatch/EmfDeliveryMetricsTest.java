package dev.webhooks.core.adapter.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import dev.webhooks.core.delivery.DeliveryMetric;
import dev.webhooks.core.delivery.DeliveryMetric.Kind;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.settings.MetricsSettings;

/**
 * The metric documents are Embedded Metric Format as CloudWatch reads it: each line parses, matches the structure the
 * EMF specification gives (a JSON Schema of it), and names only members that exist with the right types; the
 * dimensions are the function and the outcome, never an organization or a config.
 */
class EmfDeliveryMetricsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    private static MetricsSettings settings(boolean enabled) {
        return new MetricsSettings() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public String namespace() {
                return "Webhooks";
            }

            @Override
            public String function() {
                return "dispatcher";
            }
        };
    }

    @Test
    void everyKindIsWrittenAsOneValidDocumentAtOnce() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EmfDeliveryMetrics metrics = new EmfDeliveryMetrics(settings(true),
                new PrintStream(out, true, StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC));
        List<DeliveryMetric> recorded = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            recorded.add(DeliveryMetric.of(kind, "org-1", "cfg-1", "evt-1"));
        }
        recorded.add(new DeliveryMetric(Kind.DELIVERED, "org-1", "cfg-1", "evt-2", Duration.ofMillis(87), 200, null));
        recorded.add(new DeliveryMetric(Kind.RETRIED, "org-1", "cfg-1", "evt-3", Duration.ofMillis(3000), 503,
                FailureCode.HttpError));

        for (int i = 0; i < recorded.size(); i++) {
            metrics.record(recorded.get(i));
            assertThat(out.toString(StandardCharsets.UTF_8).lines()).as("written at once, nothing buffered")
                    .hasSize(i + 1);
        }

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        JsonSchema schema = schema();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode document = MAPPER.readTree(lines.get(i));
            Set<ValidationMessage> violations = schema.validate(document);
            assertThat(violations).as(lines.get(i)).isEmpty();
            assertMembersMatchTheDirectives(document);
            JsonNode directive = document.path("_aws").path("CloudWatchMetrics").get(0);
            assertThat(document.path("_aws").path("Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
            assertThat(directive.path("Namespace").asText()).isEqualTo("Webhooks");
            assertThat(directive.path("Dimensions")).hasSize(1);
            assertThat(MAPPER.convertValue(directive.path("Dimensions").get(0), List.class))
                    .as("low-cardinality dimensions only").containsExactly("Function", "Outcome");
            DeliveryMetric metric = recorded.get(i);
            assertThat(document.path("Outcome").asText()).isEqualTo(metric.kind().outcome());
            assertThat(document.path(metric.kind().metricName()).asInt()).isEqualTo(1);
            assertThat(document.path("organization_id").asText()).as("a property").isEqualTo("org-1");
            assertThat(document.path("config_id").asText()).isEqualTo("cfg-1");
        }
        JsonNode delivered = MAPPER.readTree(lines.get(lines.size() - 2));
        assertThat(delivered.path("DeliveryLatency").asLong()).isEqualTo(87);
        assertThat(delivered.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").findValuesAsText("Name"))
                .containsExactly("Delivered", "DeliveryLatency");
        JsonNode retried = MAPPER.readTree(lines.get(lines.size() - 1));
        assertThat(retried.path("failure_code").asText()).isEqualTo("HttpError");
        assertThat(retried.path("status_code").asInt()).isEqualTo(503);
    }

    @Test
    void nothingIsWrittenWhenMetricsAreOff() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new EmfDeliveryMetrics(settings(false), new PrintStream(out, true, StandardCharsets.UTF_8), Clock.systemUTC())
                .record(DeliveryMetric.of(Kind.DELIVERED, "org-1", "cfg-1", "evt-1"));

        assertThat(out.size()).isZero();
    }

    /** Every dimension a directive names is a string member of the root; every metric a number member. */
    private static void assertMembersMatchTheDirectives(JsonNode document) {
        for (JsonNode directive : document.path("_aws").path("CloudWatchMetrics")) {
            for (JsonNode dimensionSet : directive.path("Dimensions")) {
                for (JsonNode dimension : dimensionSet) {
                    assertThat(document.path(dimension.asText()).isTextual()).as("dimension %s", dimension).isTrue();
                }
            }
            for (JsonNode metric : directive.path("Metrics")) {
                assertThat(document.path(metric.path("Name").asText()).isNumber()).as("metric %s", metric).isTrue();
            }
        }
    }

    private static JsonSchema schema() throws Exception {
        try (InputStream in = EmfDeliveryMetricsTest.class.getResourceAsStream("/emf/emf-root.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(MAPPER.readTree(in));
        }
    }
}
