package dev.webhooks.core.adapter.dynamodb;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.webhooks.core.adapter.dynamodb.Tables.Deliveries;
import dev.webhooks.core.config.HttpMethod;
import dev.webhooks.core.delivery.DeliveryOutcome;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.port.DeliveryLogRepository;
import dev.webhooks.core.settings.TableSettings;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The delivery log in DynamoDB. An attempt costs one consistent GetItem and one conditional PutItem: the put succeeds
 * when the (event, config) item is absent or still in progress with the attempts the get saw. The first creation time
 * is carried from the stored record, so a record never moves in the time-ordered index.
 */
@ApplicationScoped
public class DynamoDbDeliveryLogRepository implements DeliveryLogRepository {

    private static final String ORG_ID = "org_id";
    private static final String CONFIG_ID = "webhook_config_id";
    private static final String EVENT_NAME = "event_name";
    private static final String URL = "url";
    private static final String HTTP_METHOD = "http_method";
    private static final String PAYLOAD = "payload";
    /** The body decided for the pair, when the config's transform made it differ from the payload. */
    private static final String SENT_PAYLOAD = "sent_payload";
    /** The body decided for the pair is the payload itself (not stored twice). */
    private static final String SENT_AS_IS = "sent_as_is";
    private static final String CREATED_AT = "created_at";
    private static final String RETRY_ATTEMPT = "retry_attempt";
    private static final String HTTP_RESPONSE = "http_response";
    private static final String STARTED_AT = "started_at";
    private static final String ENDED_AT = "ended_at";
    /** Attempts recorded so far: what a save compares against. */
    private static final String ATTEMPTS = "attempts";
    private static final String NEXT_ATTEMPT_AT = "next_attempt_at";
    private static final String REPLAY_OF = "replay_of";
    /** The config version this record's outcome disables, until the disabling is done (see DeliveryRecord). */
    private static final String DISABLES_CONFIG_VERSION = "disables_config_version";

    /** The most pages {@link #recentByEvent} reads for one answer. */
    private static final int MAX_HISTORY_PAGES = 10;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbDeliveryLogRepository(DynamoDbClient dynamo, TableSettings tables) {
        this.dynamo = dynamo;
        this.table = tables.deliveries();
    }

    @Override
    public boolean save(DeliveryRecord record, int attemptsSeen) {
        try {
            // Only an attempt that saw no record may create one: a later attempt writes over the record it read.
            String awaited = "#status = :in_progress AND #attempts = :seen";
            dynamo.putItem(put -> put.tableName(table).item(toItem(record))
                    .conditionExpression(attemptsSeen == 0 ? "attribute_not_exists(#status) OR (" + awaited + ")"
                            : awaited)
                    .expressionAttributeNames(Map.of("#status", Deliveries.STATUS, "#attempts", ATTEMPTS))
                    .expressionAttributeValues(Map.of(
                            ":in_progress", AttributeValue.fromS(DeliveryStatus.IN_PROGRESS.wireName()),
                            ":seen", AttributeValue.fromN(Integer.toString(attemptsSeen)))));
            return true;
        } catch (ConditionalCheckFailedException recordedMeanwhile) {
            return false;
        }
    }

    @Override
    public Optional<DeliveryRecord> find(String organizationId, String configId, String eventId) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table)
                .key(key(organizationId, configId, eventId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /**
     * One Query on {@link Deliveries#EVENT_INDEX} (the organization is in the partition key, so no other tenant's
     * history can be read), newest first, paging until {@code limit} distinct events are found. An event delivered to
     * many configs repeats in the index, so at most {@value #MAX_HISTORY_PAGES} pages are read: a short answer is
     * better than an unbounded scan of a busy history.
     */
    @Override
    public List<DeliveryRecord> recentByEvent(String organizationId, String eventName, int limit) {
        if (limit < 1) {
            return List.of();
        }
        Map<String, DeliveryRecord> byEvent = new LinkedHashMap<>();
        Map<String, AttributeValue> startKey = null;
        for (int page = 0; page < MAX_HISTORY_PAGES && byEvent.size() < limit; page++) {
            Map<String, AttributeValue> from = startKey;
            QueryResponse response = dynamo.query(query -> query.tableName(table)
                    .indexName(Deliveries.EVENT_INDEX)
                    .keyConditionExpression("#org_event = :org_event")
                    .expressionAttributeNames(Map.of("#org_event", Deliveries.ORG_EVENT))
                    .expressionAttributeValues(Map.of(":org_event",
                            AttributeValue.fromS(organizationId + "#" + eventName)))
                    .scanIndexForward(false)
                    .limit(limit)
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : response.items()) {
                if (byEvent.size() == limit) {
                    break;
                }
                byEvent.putIfAbsent(item.get(Deliveries.EVENT_ID).s(), fromItem(item));
            }
            if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
                break;
            }
            startKey = response.lastEvaluatedKey();
        }
        return new ArrayList<>(byEvent.values());
    }

    private static Map<String, AttributeValue> key(String organizationId, String configId, String eventId) {
        return Map.of(Deliveries.CONFIG_KEY, AttributeValue.fromS(Deliveries.configKey(organizationId, configId)),
                Deliveries.EVENT_ID, AttributeValue.fromS(eventId));
    }

    private static Map<String, AttributeValue> toItem(DeliveryRecord record) {
        Map<String, AttributeValue> item = new HashMap<>(key(record.organizationId(), record.configId(),
                record.eventId()));
        item.put(Deliveries.CREATED_KEY,
                AttributeValue.fromS(Deliveries.createdKey(record.createdAt(), record.eventId())));
        item.put(Deliveries.EXPIRES_AT, AttributeValue.fromN(Long.toString(record.expiresAt().getEpochSecond())));
        item.put(Deliveries.STATUS, AttributeValue.fromS(record.status().wireName()));
        item.put(Deliveries.ORG_EVENT, AttributeValue.fromS(record.organizationId() + "#" + record.eventName()));
        item.put(ORG_ID, AttributeValue.fromS(record.organizationId()));
        item.put(CONFIG_ID, AttributeValue.fromS(record.configId()));
        item.put(EVENT_NAME, AttributeValue.fromS(record.eventName()));
        item.put(URL, AttributeValue.fromS(record.url()));
        item.put(HTTP_METHOD, AttributeValue.fromS(record.httpMethod().name()));
        item.put(PAYLOAD, AttributeValue.fromS(record.payload()));
        if (record.transformed()) {
            item.put(SENT_PAYLOAD, AttributeValue.fromS(record.sentPayload()));
        } else if (record.sentPayload() != null) {
            item.put(SENT_AS_IS, AttributeValue.fromBool(true));
        }
        item.put(CREATED_AT, AttributeValue.fromS(record.createdAt().toString()));
        item.put(RETRY_ATTEMPT, AttributeValue.fromN(Integer.toString(record.retryAttempt())));
        item.put(ATTEMPTS, AttributeValue.fromN(Integer.toString(record.attempts())));
        if (record.nextAttemptAt() != null) {
            item.put(NEXT_ATTEMPT_AT, AttributeValue.fromS(record.nextAttemptAt().toString()));
        }
        if (record.replayOf() != null) {
            item.put(REPLAY_OF, AttributeValue.fromS(record.replayOf()));
        }
        if (record.disablesConfigVersion() != null) {
            item.put(DISABLES_CONFIG_VERSION, AttributeValue.fromN(record.disablesConfigVersion().toString()));
        }
        Map<String, AttributeValue> response = new HashMap<>();
        DeliveryOutcome outcome = record.outcome();
        if (outcome != null) {
            if (outcome.statusCode() != null) {
                response.put("status_code", AttributeValue.fromN(Integer.toString(outcome.statusCode())));
            }
            if (outcome.code() != null) {
                response.put("code", AttributeValue.fromS(outcome.code().name()));
            }
            if (outcome.message() != null) {
                response.put("message", AttributeValue.fromS(outcome.message()));
            }
            if (outcome.responseBody() != null) {
                response.put("body", AttributeValue.fromS(outcome.responseBody()));
            }
            if (outcome.retryAfter() != null) {
                response.put("retry_after_seconds", AttributeValue.fromN(Long.toString(
                        outcome.retryAfter().toSeconds())));
            }
            response.put(STARTED_AT, AttributeValue.fromS(outcome.startedAt().toString()));
            response.put(ENDED_AT, AttributeValue.fromS(outcome.endedAt().toString()));
        } else if (record.skipReason() != null) {
            response.put("message", AttributeValue.fromS(record.skipReason()));
        }
        if (!response.isEmpty()) {
            item.put(HTTP_RESPONSE, AttributeValue.fromM(response));
        }
        return item;
    }

    /** Also read by the history adapter: one mapping of an item to a record. */
    static DeliveryRecord fromItem(Map<String, AttributeValue> item) {
        DeliveryStatus status = DeliveryStatus.fromWire(item.get(Deliveries.STATUS).s());
        Map<String, AttributeValue> response = item.containsKey(HTTP_RESPONSE) ? item.get(HTTP_RESPONSE).m()
                : Map.of();
        DeliveryOutcome outcome = null;
        String skipReason = null;
        if (status == DeliveryStatus.SKIPPED) {
            skipReason = text(response, "message");
        } else if (response.containsKey(STARTED_AT)) {
            outcome = new DeliveryOutcome(
                    response.containsKey("status_code") ? Integer.valueOf(response.get("status_code").n()) : null,
                    response.containsKey("code") ? FailureCode.valueOf(response.get("code").s()) : null,
                    text(response, "message"),
                    text(response, "body"),
                    response.containsKey("retry_after_seconds")
                            ? Duration.ofSeconds(Long.parseLong(response.get("retry_after_seconds").n()))
                            : null,
                    Instant.parse(response.get(STARTED_AT).s()),
                    Instant.parse(response.get(ENDED_AT).s()));
        }
        return new DeliveryRecord(
                item.get(ORG_ID).s(),
                item.get(CONFIG_ID).s(),
                item.get(Deliveries.EVENT_ID).s(),
                item.get(EVENT_NAME).s(),
                item.get(URL).s(),
                HttpMethod.valueOf(item.get(HTTP_METHOD).s()),
                item.get(PAYLOAD).s(),
                item.containsKey(SENT_PAYLOAD) ? item.get(SENT_PAYLOAD).s()
                        : item.containsKey(SENT_AS_IS) ? item.get(PAYLOAD).s() : null,
                status,
                outcome,
                skipReason,
                item.containsKey(ATTEMPTS) ? Integer.parseInt(item.get(ATTEMPTS).n()) : 0,
                item.containsKey(NEXT_ATTEMPT_AT) ? Instant.parse(item.get(NEXT_ATTEMPT_AT).s()) : null,
                Instant.parse(item.get(CREATED_AT).s()),
                Instant.ofEpochSecond(Long.parseLong(item.get(Deliveries.EXPIRES_AT).n())),
                item.containsKey(REPLAY_OF) ? item.get(REPLAY_OF).s() : null,
                item.containsKey(DISABLES_CONFIG_VERSION) ? Long.valueOf(item.get(DISABLES_CONFIG_VERSION).n()) : null);
    }

    private static String text(Map<String, AttributeValue> map, String key) {
        AttributeValue value = map.get(key);
        return value == null ? null : value.s();
    }
}
