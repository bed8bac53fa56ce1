package dev.webhooks.core.adapter.dynamodb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.webhooks.core.adapter.dynamodb.Tables.Deliveries;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.HistoryPage;
import dev.webhooks.core.delivery.HistoryQuery;
import dev.webhooks.core.port.DeliveryHistory;
import dev.webhooks.core.settings.TableSettings;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * History pages as Queries on {@code created-index} (partition {@code <org>#<config>}, sort
 * {@code <created_at>#<event_id>}), descending. The cursor becomes the exclusive start key; a time range becomes the
 * sort-key condition; a status becomes a filter, so a page may take several reads (at most {@value #MAX_READS}).
 */
@ApplicationScoped
public class DynamoDbDeliveryHistory implements DeliveryHistory {

    /** Upper bound of Query calls for one page when a status filter skips many records. */
    private static final int MAX_READS = 10;
    /** Sorts after every event id: the upper end of a time range includes the whole millisecond. */
    private static final String HIGHEST = "\uffff";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbDeliveryHistory(DynamoDbClient dynamo, TableSettings tables) {
        this.dynamo = dynamo;
        this.table = tables.deliveries();
    }

    @Override
    public HistoryPage page(String organizationId, String configId, HistoryQuery query) {
        String configKey = Deliveries.configKey(organizationId, configId);
        Map<String, String> names = new HashMap<>(Map.of("#key", Deliveries.CONFIG_KEY));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":key", AttributeValue.fromS(configKey)));
        String keyCondition = "#key = :key";
        if (query.from() != null || query.to() != null) {
            names.put("#created", Deliveries.CREATED_KEY);
            values.put(":from", AttributeValue.fromS(query.from() == null ? "" : Deliveries.sortableTime(query.from())));
            values.put(":to", AttributeValue.fromS((query.to() == null ? "9999" : Deliveries.sortableTime(query.to()))
                    + HIGHEST));
            keyCondition += " AND #created BETWEEN :from AND :to";
        }
        String filter = null;
        if (query.status() != null) {
            names.put("#status", Deliveries.STATUS);
            values.put(":status", AttributeValue.fromS(query.status().wireName()));
            filter = "#status = :status";
        }
        Map<String, AttributeValue> start = query.after() == null ? null : Map.of(
                Deliveries.CONFIG_KEY, AttributeValue.fromS(configKey),
                Deliveries.EVENT_ID, AttributeValue.fromS(query.after().eventId()),
                Deliveries.CREATED_KEY, AttributeValue.fromS(Deliveries.createdKey(
                        query.after().createdAt(), query.after().eventId())));
        // One more than asked: whether it exists says if there is a next page.
        int wanted = query.limit() + 1;
        List<DeliveryRecord> records = new ArrayList<>();
        for (int read = 0; read < MAX_READS && records.size() < wanted; read++) {
            QueryRequest.Builder request = QueryRequest.builder()
                    .tableName(table)
                    .indexName(Deliveries.CREATED_INDEX)
                    .keyConditionExpression(keyCondition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .scanIndexForward(false)
                    .limit(wanted - records.size())
                    .exclusiveStartKey(start);
            if (filter != null) {
                request.filterExpression(filter);
            }
            QueryResponse response = dynamo.query(request.build());
            response.items().forEach(item -> records.add(DynamoDbDeliveryLogRepository.fromItem(item)));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey()
                    : null;
            if (start == null) {
                break;
            }
        }
        boolean more = records.size() > query.limit() || (records.size() == query.limit() && start != null);
        List<DeliveryRecord> page = records.size() > query.limit() ? records.subList(0, query.limit()) : records;
        HistoryQuery.Position next = more && !page.isEmpty()
                ? new HistoryQuery.Position(page.get(page.size() - 1).createdAt(), page.get(page.size() - 1).eventId())
                : null;
        return new HistoryPage(List.copyOf(page), next);
    }

    @Override
    public Optional<DeliveryRecord> find(String organizationId, String configId, String eventId) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table)
                .key(Map.of(Deliveries.CONFIG_KEY, AttributeValue.fromS(Deliveries.configKey(organizationId, configId)),
                        Deliveries.EVENT_ID, AttributeValue.fromS(eventId)))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.of(DynamoDbDeliveryLogRepository.fromItem(item));
    }
}
