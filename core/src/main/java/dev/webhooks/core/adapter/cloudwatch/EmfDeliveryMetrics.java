package dev.webhooks.core.adapter.cloudwatch;

import java.io.PrintStream;
import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.core.delivery.DeliveryMetric;
import dev.webhooks.core.port.DeliveryMetrics;
import dev.webhooks.core.settings.MetricsSettings;

/**
 * Metrics as CloudWatch Embedded Metric Format documents: one JSON object per line on standard output, which Lambda
 * sends to the function's log stream, where CloudWatch extracts the metrics. One document per event, written at once:
 * nothing is buffered across invocations, and no API is called.
 *
 * <p>Each document counts one metric (its name is the event's kind, {@code Delivered}, {@code Failed}, ...) and, for
 * an attempt that reached the endpoint, {@code DeliveryLatency} in milliseconds. The dimensions stay low-cardinality:
 * {@code Function} and {@code Outcome}. The organization, config, event, status and failure code are properties of the
 * document, searchable in Logs Insights, never dimensions.
 *
 * <p>Written here rather than with {@code aws-embedded-metrics}: outside Lambda that library probes the environment
 * over the network, and it serializes through reflection that a native image would need registered; a document is a
 * dozen lines of Jackson tree.
 */
@ApplicationScoped
public class EmfDeliveryMetrics implements DeliveryMetrics {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final MetricsSettings settings;
    private final PrintStream out;
    private final Clock clock;

    @Inject
    public EmfDeliveryMetrics(MetricsSettings settings, Clock clock) {
        this(settings, System.out, clock);
    }

    public EmfDeliveryMetrics(MetricsSettings settings, PrintStream out, Clock clock) {
        this.settings = settings;
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void record(DeliveryMetric metric) {
        if (!settings.enabled()) {
            return;
        }
        ObjectNode document = document(metric);
        String line = document.toString();
        // One write per document: lines of concurrent deliveries never interleave.
        synchronized (out) {
            out.println(line);
        }
    }

    /** The EMF document of one metric event. */
    ObjectNode document(DeliveryMetric metric) {
        ObjectNode document = JSON.objectNode();
        ObjectNode aws = document.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", settings.namespace());
        directive.putArray("Dimensions").addArray().add("Function").add("Outcome");
        ArrayNode metrics = directive.putArray("Metrics");
        metrics.addObject().put("Name", metric.kind().metricName()).put("Unit", "Count");
        document.put("Function", settings.function());
        document.put("Outcome", metric.kind().outcome());
        document.put(metric.kind().metricName(), 1);
        if (metric.latency() != null) {
            metrics.addObject().put("Name", "DeliveryLatency").put("Unit", "Milliseconds");
            document.put("DeliveryLatency", metric.latency().toMillis());
        }
        putIfPresent(document, "organization_id", metric.organizationId());
        putIfPresent(document, "config_id", metric.configId());
        putIfPresent(document, "event_id", metric.eventId());
        if (metric.statusCode() != null) {
            document.put("status_code", metric.statusCode());
        }
        if (metric.failureCode() != null) {
            document.put("failure_code", metric.failureCode().name());
        }
        return document;
    }

    private static void putIfPresent(ObjectNode document, String name, String value) {
        if (value != null) {
            document.put(name, value);
        }
    }
}
