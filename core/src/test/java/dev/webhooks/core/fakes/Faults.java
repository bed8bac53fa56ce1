package dev.webhooks.core.fakes;

import java.util.EnumMap;
import java.util.Map;

/**
 * Failures injected into the in-memory ports, one named point at a time: the next call at an armed point throws
 * {@link InjectedFault} instead of reading or writing, as a storage or queue outage (or a crash just before the call)
 * would.
 */
public final class Faults {

    /** Every place the dispatcher writes to storage or a queue, and the read of the delivery log before an attempt. */
    public enum FaultPoint {
        LOG_READ, LOG_SAVE, QUEUE_RETRY, QUEUE_PUBLISH, DEAD_LETTER, CONFIG_RECORD_FAILURE, CONFIG_RECORD_SUCCESS,
        CONFIG_DISABLE, RATE_LIMIT, SEND_LEASE, SEND_LEASE_RELEASE
    }

    private final Map<FaultPoint, Integer> armed = new EnumMap<>(FaultPoint.class);
    private final Map<FaultPoint, Integer> reached = new EnumMap<>(FaultPoint.class);

    /** The next call at {@code point} fails. */
    public void failNext(FaultPoint point) {
        armed.merge(point, 1, Integer::sum);
    }

    /** Called by a fake before it reads or writes at {@code point}. */
    void check(FaultPoint point) {
        reached.merge(point, 1, Integer::sum);
        Integer left = armed.get(point);
        if (left != null && left > 0) {
            armed.put(point, left - 1);
            throw new InjectedFault(point);
        }
    }

    /** How often a write point was reached (failed or not) since the last {@link #clear}. */
    public int reached(FaultPoint point) {
        return reached.getOrDefault(point, 0);
    }

    public boolean anyArmed() {
        return armed.values().stream().anyMatch(left -> left > 0);
    }

    public void clear() {
        armed.clear();
        reached.clear();
    }

    /** The failure a fake throws at an armed write point. */
    public static final class InjectedFault extends RuntimeException {
        public InjectedFault(FaultPoint point) {
            super("injected failure at " + point, null, false, false);
        }
    }
}
