package dev.webhooks.core.adapter.dynamodb;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.webhooks.core.adapter.dynamodb.Tables.RateLimits;
import dev.webhooks.core.delivery.RateLimitSlots;
import dev.webhooks.core.port.RateLimiter;
import dev.webhooks.core.settings.TableSettings;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Reserved slots in DynamoDB, one item per config holding its theoretical arrival time ({@link RateLimitSlots}).
 * DynamoDB cannot take a maximum in an update, so a reservation is one of two conditional writes: while the config is
 * busy ({@code tat >= now}) the time moves on by one spacing; when it is idle ({@code tat < now} or none) it is set to
 * {@code now} plus one spacing. The busy form is tried first: under load, where it matters, a reservation is one write.
 * Items expire a minute after their last slot.
 */
@ApplicationScoped
public class DynamoDbRateLimiter implements RateLimiter {

    /** Attempts at the two writes before giving up (each failure means another dispatcher moved the time). */
    private static final int MAX_TRIES = 4;
    private static final Duration KEEP = Duration.ofMinutes(1);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbRateLimiter(DynamoDbClient dynamo, TableSettings tables) {
        this.dynamo = dynamo;
        this.table = tables.rateLimits();
    }

    @Override
    public Instant reserve(String organizationId, String configId, int perSecond, Instant now) {
        Map<String, AttributeValue> key = Map.of(RateLimits.BUCKET,
                AttributeValue.fromS(organizationId + "#" + configId));
        long spacing = micros(RateLimitSlots.spacing(perSecond));
        long nowMicros = micros(now);
        for (int tried = 0; tried < MAX_TRIES; tried++) {
            try {
                Map<String, AttributeValue> moved = dynamo.updateItem(update -> update.tableName(table).key(key)
                        .updateExpression("SET #tat = #tat + :spacing, #expires = :expires")
                        .conditionExpression("#tat >= :now")
                        .expressionAttributeNames(Map.of("#tat", RateLimits.TAT, "#expires", RateLimits.EXPIRES_AT))
                        .expressionAttributeValues(Map.of(":spacing", number(spacing), ":now", number(nowMicros),
                                ":expires", number(now.plus(KEEP).getEpochSecond() + 1)))
                        .returnValues(ReturnValue.UPDATED_NEW)).attributes();
                return RateLimitSlots.slotOf(instant(Long.parseLong(moved.get(RateLimits.TAT).n())), now);
            } catch (ConditionalCheckFailedException idle) {
                // No reservation ahead of now: start afresh at now.
            }
            try {
                long tat = nowMicros + spacing;
                dynamo.updateItem(update -> update.tableName(table).key(key)
                        .updateExpression("SET #tat = :tat, #expires = :expires")
                        .conditionExpression("attribute_not_exists(#tat) OR #tat < :now")
                        .expressionAttributeNames(Map.of("#tat", RateLimits.TAT, "#expires", RateLimits.EXPIRES_AT))
                        .expressionAttributeValues(Map.of(":tat", number(tat), ":now", number(nowMicros),
                                ":expires", number(now.plus(KEEP).getEpochSecond() + 1))));
                return RateLimitSlots.slotOf(instant(tat), now);
            } catch (ConditionalCheckFailedException busyAgain) {
                // Another dispatcher reserved in between: the busy form applies again.
            }
        }
        throw new IllegalStateException("Could not reserve a rate-limit slot for config " + configId + " after "
                + MAX_TRIES + " tries");
    }

    private static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static long micros(Duration duration) {
        return duration.toNanos() / 1_000;
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
