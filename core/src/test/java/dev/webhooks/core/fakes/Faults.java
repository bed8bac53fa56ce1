package dev.webhooks.core.fakes;

import java.util.EnumMap;
import java.util.Map;

/**
 * Failures injected into the in-memory ports, one named write point at a time: the next call at an armed point throws
 * {@link InjectedFault} instead of writing, as a storage or queue outage (or a crash just before the write) would.
 */
public final class Faults {

    /** Every place the dispatcher writes to storage or a queue. */
    public enum WritePoint {
        LOG_CLAIM, LOG_SAVE, QUEUE_RETRY, QUEUE_PUBLISH, DEAD_LETTER, CONFIG_RECORD_FAILURE, CONFIG_RECORD_SUCCESS,
        CONFIG_DISABLE, RATE_LIMIT
    }

    private final Map<WritePoint, Integer> armed = new EnumMap<>(WritePoint.class);
    private final Map<WritePoint, Integer> reached = new EnumMap<>(WritePoint.class);

    /** The next call at {@code point} fails. */
    public void failNext(WritePoint point) {
        armed.merge(point, 1, Integer::sum);
    }

    /** Called by a fake before it writes. */
    void check(WritePoint point) {
        reached.merge(point, 1, Integer::sum);
        Integer left = armed.get(point);
        if (left != null && left > 0) {
            armed.put(point, left - 1);
            throw new InjectedFault(point);
        }
    }

    /** How often a write point was reached (failed or not) since the last {@link #clear}. */
    public int reached(WritePoint point) {
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
        public InjectedFault(WritePoint point) {
            super("injected failure at " + point, null, false, false);
        }
    }
}
