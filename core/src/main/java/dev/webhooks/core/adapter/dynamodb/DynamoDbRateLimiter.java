package dev.webhooks.core.adapter.dynamodb;

import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.webhooks.core.adapter.dynamodb.Tables.RateLimits;
import dev.webhooks.core.delivery.RateLimitBacklog;
import dev.webhooks.core.port.RateLimiter;
import dev.webhooks.core.settings.TableSettings;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * A fixed one-second window per config: one unconditional increment per request, whose new count places the delivery
 * in the second's backlog ({@link RateLimitBacklog}). Counters expire after a minute.
 */
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
    public Admission acquire(String organizationId, String configId, int perSecond, Instant now) {
        long second = now.getEpochSecond();
        Map<String, AttributeValue> counted = dynamo.updateItem(update -> update.tableName(table)
                .key(Map.of(RateLimits.BUCKET, AttributeValue.fromS(organizationId + "#" + configId + "#" + second)))
                .updateExpression("ADD #count :one SET #expires = :expires")
                .expressionAttributeNames(Map.of("#count", RateLimits.COUNT, "#expires", RateLimits.EXPIRES_AT))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                        ":expires", AttributeValue.fromN(Long.toString(second + KEEP_SECONDS))))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        long count = Long.parseLong(counted.get(RateLimits.COUNT).n());
        return new Admission(RateLimitBacklog.waitFor(count, perSecond, now));
    }
}
