package dev.webhooks.core.fakes;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.webhooks.core.delivery.RateLimitSlots;
import dev.webhooks.core.fakes.Faults.FaultPoint;
import dev.webhooks.core.port.RateLimiter;

/** Reserved slots in memory, by the same rule as the DynamoDB adapter. */
public final class InMemoryRateLimiter implements RateLimiter {

    private final Map<String, Instant> tats = new HashMap<>();
    private final Faults faults;

    public InMemoryRateLimiter(Faults faults) {
        this.faults = faults;
    }

    @Override
    public synchronized Instant reserve(String organizationId, String configId, int perSecond, Instant now) {
        faults.check(FaultPoint.RATE_LIMIT);
        String key = organizationId + "#" + configId;
        RateLimitSlots.Reservation reservation = RateLimitSlots.reserve(tats.get(key), perSecond, now);
        tats.put(key, reservation.nextTat());
        return reservation.slot();
    }
}
