package dev.webhooks.core.adapter.dynamodb;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.webhooks.core.adapter.dynamodb.Tables.Statistics;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.HourlyDeliveries;
import dev.webhooks.core.delivery.LatencyHistogram;
import dev.webhooks.core.port.DeliveryStatistics;
import dev.webhooks.core.settings.TableSettings;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * One item per config and hour: a delivery that finishes adds one to its status's counter (and to its latency
 * bucket) with a single {@code UpdateItem ADD}, which creates the item on first use. Reading a window is one query
 * over the config's partition, at most 168 small items for a week. Items expire eight days after their hour, past
 * the longest window served.
 */
@ApplicationScoped
public class DynamoDbDeliveryStatistics implements DeliveryStatistics {

    private static final Duration KEEP = Duration.ofDays(8);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH")
            .withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbDeliveryStatistics(DynamoDbClient dynamo, TableSettings tables) {
        this.dynamo = dynamo;
        this.table = tables.statistics();
    }

    @Override
    public void count(DeliveryRecord finished, Instant finishedAt) {
        String status = switch (finished.status()) {
            case SUCCEEDED -> Statistics.SUCCEEDED;
            case FAILED -> Statistics.FAILED;
            case SKIPPED -> Statistics.SKIPPED;
            case IN_PROGRESS -> throw new IllegalArgumentException("a delivery in progress has not finished");
        };
        Instant hour = HourlyDeliveries.hourOf(finishedAt);
        Map<String, String> names = new HashMap<>(Map.of("#status", status, "#expires", Statistics.EXPIRES_AT));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":one", AttributeValue.fromN("1"),
                ":expires", AttributeValue.fromN(Long.toString(hour.plus(KEEP).getEpochSecond()))));
        StringBuilder add = new StringBuilder("ADD #status :one");
        LatencyHistogram.bucketOf(finished).ifPresent(bucket -> {
            names.put("#latency", Statistics.LATENCY_PREFIX + bucket);
            add.append(", #latency :one");
        });
        dynamo.updateItem(update -> update.tableName(table)
                .key(key(finished.organizationId(), finished.configId(), hour))
                .updateExpression(add + " SET #expires = :expires")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values));
    }

    @Override
    public List<HourlyDeliveries> hours(String organizationId, String configId, Instant fromHour, Instant toHour) {
        List<HourlyDeliveries> hours = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> from = startKey;
            QueryResponse page = dynamo.query(QueryRequest.builder().tableName(table)
                    .keyConditionExpression("#key = :key AND #hour BETWEEN :from AND :to")
                    .expressionAttributeNames(Map.of("#key", Statistics.CONFIG_KEY, "#hour", Statistics.HOUR))
                    .expressionAttributeValues(Map.of(
                            ":key", AttributeValue.fromS(Tables.Deliveries.configKey(organizationId, configId)),
                            ":from", AttributeValue.fromS(HOUR.format(fromHour)),
                            ":to", AttributeValue.fromS(HOUR.format(toHour))))
                    .exclusiveStartKey(from)
                    .consistentRead(true)
                    .build());
            page.items().forEach(item -> hours.add(fromItem(item)));
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey()
                    : null;
        } while (startKey != null);
        return hours;
    }

    private static Map<String, AttributeValue> key(String organizationId, String configId, Instant hour) {
        return Map.of(Statistics.CONFIG_KEY, AttributeValue.fromS(Tables.Deliveries.configKey(organizationId,
                configId)), Statistics.HOUR, AttributeValue.fromS(HOUR.format(hour)));
    }

    private static HourlyDeliveries fromItem(Map<String, AttributeValue> item) {
        long[] latency = new long[LatencyHistogram.BUCKETS];
        for (int bucket = 0; bucket < latency.length; bucket++) {
            latency[bucket] = number(item, Statistics.LATENCY_PREFIX + bucket);
        }
        Instant hour = Instant.parse(item.get(Statistics.HOUR).s() + ":00:00Z");
        return new HourlyDeliveries(hour, number(item, Statistics.SUCCEEDED), number(item, Statistics.FAILED),
                number(item, Statistics.SKIPPED), latency);
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }
}
