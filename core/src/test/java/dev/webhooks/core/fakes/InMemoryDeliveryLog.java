package dev.webhooks.core.fakes;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.fakes.Faults.FaultPoint;
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
    public synchronized boolean save(DeliveryRecord record, int attemptsSeen) {
        faults.check(FaultPoint.LOG_SAVE);
        String key = key(record.organizationId(), record.configId(), record.eventId());
        DeliveryRecord stored = records.get(key);
        if (stored == null ? attemptsSeen != 0
                : stored.status() != DeliveryStatus.IN_PROGRESS || stored.attempts() != attemptsSeen) {
            return false;
        }
        records.put(key, record);
        return true;
    }

    @Override
    public synchronized Optional<DeliveryRecord> find(String organizationId, String configId, String eventId) {
        faults.check(FaultPoint.LOG_READ);
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
