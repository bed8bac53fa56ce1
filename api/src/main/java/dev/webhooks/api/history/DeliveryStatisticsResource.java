package dev.webhooks.api.history;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.api.security.Caller;
import dev.webhooks.core.application.history.DeliveryStatisticsService;
import dev.webhooks.core.application.history.DeliveryStatisticsService.Summary;

/**
 * {@code GET /v1/webhooks/configs/{configId}/stats?window=24h|7d}: our extension, for the portal's delivery chart and
 * for operators. Counts per final status per hour, totals, and latency percentiles, from per-hour aggregates.
 */
@Path("/v1/webhooks/configs/{configId}/stats")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryStatisticsResource {

    private final DeliveryStatisticsService statistics;
    private final Caller caller;
    private final ObjectMapper mapper;

    public DeliveryStatisticsResource(DeliveryStatisticsService statistics, Caller caller, ObjectMapper mapper) {
        this.statistics = statistics;
        this.caller = caller;
        this.mapper = mapper;
    }

    @GET
    public ObjectNode getDeliveryStatistics(@PathParam("configId") String configId,
            @QueryParam("window") String window) {
        Summary summary = statistics.summary(caller.organizationId(), configId, window);
        ObjectNode json = mapper.createObjectNode();
        json.put("config_id", configId);
        json.put("window", summary.window().wireName());
        json.put("from", summary.from().toString());
        json.put("to", summary.to().toString());
        ArrayNode buckets = json.putArray("buckets");
        summary.hours().forEach(hour -> buckets.addObject().put("hour", hour.hour().toString())
                .put("succeeded", hour.succeeded()).put("failed", hour.failed()).put("skipped", hour.skipped()));
        json.putObject("totals").put("succeeded", summary.succeeded()).put("failed", summary.failed())
                .put("skipped", summary.skipped());
        ObjectNode latency = json.putObject("latency_ms");
        latency.put("p50", summary.p50Millis());
        latency.put("p95", summary.p95Millis());
        return json;
    }
}
