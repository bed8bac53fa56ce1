package dev.webhooks.core.adapter.dynamodb;

import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.webhooks.core.adapter.dynamodb.Tables.RateLimits;
import dev.webhooks.core.port.RateLimiter;
import dev.webhooks.core.settings.TableSettings;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** A fixed one-second window per config: one conditional increment per delivery, counters expire after a minute. */
@ApplicationScoped
public class DynamoDbRateLimiter implements RateLimiter {

    private static final long KEEP_SECONDS = 60;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbRateLimiter(DynamoDbClient dynamo, TableSettings tables) {
        this.dynamo = dynamo;
        this.table = tables.rateLimits();
    }

    @Override
    public boolean tryAcquire(String organizationId, String configId, int perSecond, Instant now) {
        long second = now.getEpochSecond();
        try {
            dynamo.updateItem(update -> update.tableName(table)
                    .key(Map.of(RateLimits.BUCKET, AttributeValue.fromS(organizationId + "#" + configId + "#" + second)))
                    .updateExpression("ADD #count :one SET #expires = :expires")
                    .conditionExpression("attribute_not_exists(#count) OR #count < :limit")
                    .expressionAttributeNames(Map.of("#count", RateLimits.COUNT, "#expires", RateLimits.EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                            ":limit", AttributeValue.fromN(Integer.toString(perSecond)),
                            ":expires", AttributeValue.fromN(Long.toString(second + KEEP_SECONDS)))));
            return true;
        } catch (ConditionalCheckFailedException full) {
            return false;
        }
    }
}
