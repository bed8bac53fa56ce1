package dev.webhooks.core.fakes;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.webhooks.core.delivery.RateLimitBacklog;
import dev.webhooks.core.fakes.Faults.WritePoint;
import dev.webhooks.core.port.RateLimiter;

/** Per-second counters in memory, counting every request as the DynamoDB adapter does. */
public final class InMemoryRateLimiter implements RateLimiter {

    private final Map<String, Long> counts = new HashMap<>();
    private final Faults faults;

    public InMemoryRateLimiter(Faults faults) {
        this.faults = faults;
    }

    @Override
    public synchronized Admission acquire(String organizationId, String configId, int perSecond, Instant now) {
        faults.check(WritePoint.RATE_LIMIT);
        long count = counts.merge(organizationId + "#" + configId + "#" + now.getEpochSecond(), 1L, Long::sum);
        return new Admission(RateLimitBacklog.waitFor(count, perSecond, now));
    }
}
