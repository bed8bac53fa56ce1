package dev.webhooks.core.fakes;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.webhooks.core.fakes.Faults.FaultPoint;
import dev.webhooks.core.port.SendLeases;

/** Send leases in memory, by the same rule as the DynamoDB adapter. */
public final class InMemorySendLeases implements SendLeases {

    private record Held(String holder, Instant until) {
    }

    private final Map<String, Held> slots = new HashMap<>();
    private final Faults faults;

    public InMemorySendLeases(Faults faults) {
        this.faults = faults;
    }

    @Override
    public synchronized Optional<Lease> acquire(String organizationId, String endpoint, int slots, Instant now,
            Instant until) {
        faults.check(FaultPoint.SEND_LEASE);
        for (int slot = 0; slot < slots; slot++) {
            String key = key(organizationId, endpoint, slot);
            Held held = this.slots.get(key);
            if (held == null || held.until().isBefore(now)) {
                String holder = UUID.randomUUID().toString();
                this.slots.put(key, new Held(holder, until));
                return Optional.of(new Lease(organizationId, endpoint, slot, holder));
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void release(Lease lease) {
        faults.check(FaultPoint.SEND_LEASE_RELEASE);
        String key = key(lease.organizationId(), lease.endpoint(), lease.slot());
        Held held = slots.get(key);
        if (held != null && held.holder().equals(lease.holder())) {
            slots.remove(key);
        }
    }

    private static String key(String organizationId, String endpoint, int slot) {
        return organizationId + "#" + endpoint + "#" + slot;
    }
}
