package dev.webhooks.core.fakes;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.fakes.Faults.WritePoint;
import dev.webhooks.core.port.DeliveryLogRepository;

/**
 * The delivery log in memory, with the claim rule of the DynamoDB adapter: absent, or in progress with exactly the
 * expected attempts; the claim rewrites the event's fields and keeps everything else of the stored record.
 */
public final class InMemoryDeliveryLog implements DeliveryLogRepository {

    private final Map<String, DeliveryRecord> records = new LinkedHashMap<>();
    private final Faults faults;

    public InMemoryDeliveryLog(Faults faults) {
        this.faults = faults;
    }

    @Override
    public synchronized Optional<DeliveryRecord> claim(DeliveryRecord inProgress, int attemptsMade) {
        faults.check(WritePoint.LOG_CLAIM);
        String key = key(inProgress.organizationId(), inProgress.configId(), inProgress.eventId());
        DeliveryRecord stored = records.get(key);
        if (stored == null) {
            DeliveryRecord fresh = new DeliveryRecord(inProgress.organizationId(), inProgress.configId(),
                    inProgress.eventId(), inProgress.eventName(), inProgress.url(), inProgress.httpMethod(),
                    inProgress.payload(), DeliveryStatus.IN_PROGRESS, null, null, 0, null, inProgress.createdAt(),
                    inProgress.expiresAt(), inProgress.replayOf(), null);
            records.put(key, fresh);
            return Optional.of(fresh);
        }
        if (stored.status() != DeliveryStatus.IN_PROGRESS || stored.attempts() != attemptsMade) {
            return Optional.empty();
        }
        DeliveryRecord claimed = new DeliveryRecord(stored.organizationId(), stored.configId(), stored.eventId(),
                inProgress.eventName(), inProgress.url(), inProgress.httpMethod(), inProgress.payload(),
                DeliveryStatus.IN_PROGRESS, stored.outcome(), stored.skipReason(), stored.attempts(),
                stored.nextAttemptAt(), stored.createdAt(), stored.expiresAt(),
                inProgress.replayOf() != null ? inProgress.replayOf() : stored.replayOf(),
                stored.disablesConfigVersion());
        records.put(key, claimed);
        return Optional.of(claimed);
    }

    @Override
    public synchronized boolean save(DeliveryRecord record, int claimedAttempts) {
        faults.check(WritePoint.LOG_SAVE);
        String key = key(record.organizationId(), record.configId(), record.eventId());
        DeliveryRecord stored = records.get(key);
        if (stored == null || stored.status() != DeliveryStatus.IN_PROGRESS || stored.attempts() != claimedAttempts) {
            return false;
        }
        records.put(key, record);
        return true;
    }

    @Override
    public synchronized Optional<DeliveryRecord> find(String organizationId, String configId, String eventId) {
        return Optional.ofNullable(records.get(key(organizationId, configId, eventId)));
    }

    @Override
    public synchronized List<DeliveryRecord> recentByEvent(String organizationId, String eventName, int limit) {
        Map<String, DeliveryRecord> byEvent = new LinkedHashMap<>();
        records.values().stream()
                .filter(r -> r.organizationId().equals(organizationId) && r.eventName().equals(eventName))
                .sorted(Comparator.comparing(DeliveryRecord::createdAt).reversed())
                .forEach(r -> byEvent.putIfAbsent(r.eventId(), r));
        return byEvent.values().stream().limit(limit).toList();
    }

    /** Every record, in the order they were first written. */
    public synchronized List<DeliveryRecord> all() {
        return List.copyOf(records.values());
    }

    /** Puts a record as it is, bypassing the claim: a state left by an earlier (or crashed) invocation. */
    public synchronized void put(DeliveryRecord record) {
        records.put(key(record.organizationId(), record.configId(), record.eventId()), record);
    }

    private static String key(String organizationId, String configId, String eventId) {
        return organizationId + "\n" + configId + "\n" + eventId;
    }
}
