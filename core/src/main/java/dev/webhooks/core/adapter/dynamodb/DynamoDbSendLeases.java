package dev.webhooks.core.adapter.dynamodb;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import dev.webhooks.core.adapter.dynamodb.Tables.RateLimits;
import dev.webhooks.core.port.SendLeases;
import dev.webhooks.core.settings.TableSettings;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Send leases in the rate-limits table, one small item per (organization, endpoint, slot): taking a slot is a
 * conditional put that succeeds when the slot is free or its lease has run out; giving it back is a delete conditioned
 * on the holder. Slots are tried in a random order, so concurrent senders rarely collide on the same one. Items expire
 * a minute after their lease.
 */
@ApplicationScoped
public class DynamoDbSendLeases implements SendLeases {

    private static final Duration KEEP = Duration.ofMinutes(1);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbSendLeases(DynamoDbClient dynamo, TableSettings tables) {
        this.dynamo = dynamo;
        this.table = tables.rateLimits();
    }

    @Override
    public Optional<Lease> acquire(String organizationId, String endpoint, int slots, Instant now, Instant until) {
        List<Integer> order = new ArrayList<>();
        for (int slot = 0; slot < slots; slot++) {
            order.add(slot);
        }
        Collections.shuffle(order, ThreadLocalRandom.current());
        String holder = UUID.randomUUID().toString();
        for (int slot : order) {
            try {
                dynamo.putItem(put -> put.tableName(table)
                        .item(Map.of(RateLimits.BUCKET, bucket(organizationId, endpoint, slot),
                                RateLimits.LEASE_HOLDER, AttributeValue.fromS(holder),
                                RateLimits.LEASE_UNTIL, number(until.toEpochMilli()),
                                RateLimits.EXPIRES_AT, number(until.plus(KEEP).getEpochSecond())))
                        .conditionExpression("attribute_not_exists(#bucket) OR #until < :now")
                        .expressionAttributeNames(Map.of("#bucket", RateLimits.BUCKET, "#until",
                                RateLimits.LEASE_UNTIL))
                        .expressionAttributeValues(Map.of(":now", number(now.toEpochMilli()))));
                return Optional.of(new Lease(organizationId, endpoint, slot, holder));
            } catch (ConditionalCheckFailedException held) {
                // Held by a send still within its time: try the next slot.
            }
        }
        return Optional.empty();
    }

    @Override
    public void release(Lease lease) {
        try {
            dynamo.deleteItem(delete -> delete.tableName(table)
                    .key(Map.of(RateLimits.BUCKET, bucket(lease.organizationId(), lease.endpoint(), lease.slot())))
                    .conditionExpression("#holder = :holder")
                    .expressionAttributeNames(Map.of("#holder", RateLimits.LEASE_HOLDER))
                    .expressionAttributeValues(Map.of(":holder", AttributeValue.fromS(lease.holder()))));
        } catch (ConditionalCheckFailedException takenOver) {
            // The lease ran out and another sender holds the slot now: it is theirs.
        }
    }

    private static AttributeValue bucket(String organizationId, String endpoint, int slot) {
        return AttributeValue.fromS(organizationId + "#" + endpoint + "#send-lease-" + slot);
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
