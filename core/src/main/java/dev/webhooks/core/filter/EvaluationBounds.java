package dev.webhooks.core.filter;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.List;
import java.util.IdentityHashMap;
import java.util.Map;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;

/**
 * The bounds of one JSONata evaluation, checked each time the evaluator enters or leaves an expression node.
 *
 * <ul>
 * <li><b>Time.</b> An expression may use {@code timeout} of processor time (where the JVM measures it per thread, as
 * HotSpot does; elsewhere, of wall-clock time): it is charged for its own work, not for waiting while the machine runs
 * other things. One that has not had that much processor after {@value #STARVATION_FACTOR} times the timeout of wall
 * time did not get the chance to run ({@link Starved}: "try again later", not a no-match). Once the waiting caller
 * has given up and interrupted the thread, the next node ends the evaluation. The library's own {@code Frame.setRuntimeBounds} is not used: it cannot be interrupted,
 * and it skips its checks in any frame an array constructor has last marked "parallel".</li>
 * <li><b>Depth.</b> At most {@value #MAX_DEPTH} nested nodes: stops runaway recursion before the stack does.</li>
 * <li><b>Size.</b> A range ({@code [a..b]}) may have at most {@value #MAX_WEIGHT} items: checked once both ends are
 * known, before the library allocates it. No node may produce a value heavier than {@value #MAX_WEIGHT} ({@link #weight}: a string weighs
 * its length, a container one plus its members, and a member reached twice counts twice). Every argument of a
 * built-in function is such a node's value, so a built-in that walks or copies its arguments does bounded work; the
 * few whose output is not bounded by their input ({@code $pad}, {@code $join}, {@code $replace}) check it themselves
 * ({@link BoundedBuiltins}).</li>
 * <li><b>Memory.</b> Where the JVM counts each thread's allocations, an evaluation may allocate at most
 * {@value #MAX_ALLOCATED_BYTES} bytes.</li>
 * </ul>
 * Each bound ends the evaluation with a {@link LimitExceeded}: the expression's own failure, so a no-match.
 */
final class EvaluationBounds {

    static final int MAX_DEPTH = 1000;
    static final long MAX_WEIGHT = 1_000_000;
    static final long MAX_ALLOCATED_BYTES = 32L * 1024 * 1024;
    static final int MAX_WILDCARD_ARRAYS = 100;

    private static final AllocationMeter ALLOCATIONS = AllocationMeter.ofThisJvm();
    private static final Class<?>[] CALLBACKS = { Jsonata.EntryCallback.class, Jsonata.ExitCallback.class };
    /** The bounds of the evaluation running on this thread: built-in functions check them too. */
    private static final ThreadLocal<EvaluationBounds> CURRENT = new ThreadLocal<>();

    /** Wall-clock time an evaluation may take, as a multiple of its processor time budget, before it is starved. */
    static final int STARVATION_FACTOR = 4;

    private final long startNanos;
    private final long timeoutNanos;
    private final long timeoutMillis;
    private final long allocatedAtStart;
    private final long cpuAtStart;
    private final Map<Object, Weighed> weights = new IdentityHashMap<>();
    private final Map<Object, Object> rangeEndToStart;
    private final java.util.Set<Object> rangeStartNodes;
    private final java.util.Set<Object> wildcards;
    private final Map<Object, Object> rangeStarts = new IdentityHashMap<>();
    private int depth;

    private EvaluationBounds(long timeoutMillis, ExpressionSandbox.Admission admission) {
        this.timeoutMillis = timeoutMillis;
        this.rangeEndToStart = admission.rangeEndToStart();
        this.rangeStartNodes = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        this.rangeStartNodes.addAll(rangeEndToStart.values());
        this.wildcards = admission.wildcards();
        this.startNanos = System.nanoTime();
        this.timeoutNanos = timeoutMillis * 1_000_000;
        this.allocatedAtStart = ALLOCATIONS.allocatedByThisThread();
        this.cpuAtStart = CpuTime.ofCurrentThread();
    }

    /**
     * Starts the clock now and makes {@code frame} check the bounds at every node. The library's callback interfaces
     * name its package-private node class, so no class outside its package can implement them: a dynamic proxy does
     * ({@code NativeImageHints} registers it for a native image).
     */
    static void install(Jsonata.Frame frame, long timeoutMillis, ExpressionSandbox.Admission admission) {
        EvaluationBounds bounds = new EvaluationBounds(timeoutMillis, admission);
        CURRENT.set(bounds);
        Object callbacks = Proxy.newProxyInstance(EvaluationBounds.class.getClassLoader(), CALLBACKS,
                (proxy, method, args) -> {
                    if (!method.getName().equals("callback")) {
                        return method.invoke(bounds, args);
                    }
                    if (args.length == 3) {
                        bounds.enter(args[0], args[1]);
                    } else {
                        bounds.leave(args[0], args[3]);
                    }
                    return null;
                });
        frame.setEvaluateEntryCallback((Jsonata.EntryCallback) callbacks);
        frame.setEvaluateExitCallback((Jsonata.ExitCallback) callbacks);
    }

    /** The bounds of the evaluation running on this thread, or null outside one. */
    static EvaluationBounds current() {
        return CURRENT.get();
    }

    /** Ends this thread's evaluation: its bounds no longer apply. */
    static void uninstall() {
        CURRENT.remove();
    }

    /** Time, interrupt and memory, checked by built-ins at each call and inside their long loops. */
    void checkpoint() {
        checkTimeAndMemory();
    }

    /** The size bound on a value a built-in made. */
    void checkResult(Object result) {
        if (weight(result) > MAX_WEIGHT) {
            throw new LimitExceeded("made a value larger than " + MAX_WEIGHT + " (characters plus items)");
        }
    }

    private void enter(Object node, Object input) {
        if (++depth > MAX_DEPTH) {
            throw new LimitExceeded("nests deeper than " + MAX_DEPTH + " (runaway recursion?)");
        }
        checkTimeAndMemory();
        if (!wildcards.isEmpty() && wildcards.contains(node)) {
            checkWildcard(input);
        }
    }

    /**
     * A wildcard copies its result once per array it meets (the library's {@code evaluateWildcard}): at most
     * {@value #MAX_WILDCARD_ARRAYS}. Counted the way the library walks: an object's array fields; a list's arrays, and
     * the array fields of the objects in it.
     */
    private static void checkWildcard(Object input) {
        long arrays = wildcardArrays(input, true);
        if (arrays > MAX_WILDCARD_ARRAYS) {
            throw new LimitExceeded("applies * to a value with " + arrays + " array members, more than "
                    + MAX_WILDCARD_ARRAYS);
        }
    }

    private static long wildcardArrays(Object input, boolean top) {
        Object value = input;
        if (top && value instanceof com.dashjoin.jsonata.Utils.JList<?> wrapper && wrapper.outerWrapper
                && !wrapper.isEmpty()) {
            value = wrapper.get(0);
        }
        long arrays = 0;
        if (value instanceof Map<?, ?> fields) {
            for (Object field : fields.values()) {
                arrays += field instanceof List<?> ? 1 : 0;
            }
        } else if (top && value instanceof List<?> items) {
            for (Object item : items) {
                arrays += item instanceof List<?> ? 1 : item instanceof Map<?, ?> ? wildcardArrays(item, false) : 0;
            }
        }
        return arrays;
    }

    private void leave(Object node, Object result) {
        depth--;
        checkTimeAndMemory();
        if (!rangeEndToStart.isEmpty()) {
            checkRange(node, result);
        }
        checkResult(result);
    }

    /** Remembers a range's start when its node ends; at its end's node, refuses a range too large to make. */
    private void checkRange(Object node, Object value) {
        if (rangeStartNodes.contains(node)) {
            rangeStarts.put(node, value);
        }
        Object startNode = rangeEndToStart.get(node);
        if (startNode != null && rangeStarts.get(startNode) instanceof Number start && value instanceof Number end) {
            double items = end.doubleValue() - start.doubleValue() + 1;
            if (items > MAX_WEIGHT) {
                throw new LimitExceeded("would make a range of " + (long) items + " items, more than " + MAX_WEIGHT);
            }
        }
    }

    private void checkTimeAndMemory() {
        if (Thread.currentThread().isInterrupted()) {
            throw new LimitExceeded.TimedOut(timeoutMillis);
        }
        long elapsed = System.nanoTime() - startNanos;
        if (elapsed > timeoutNanos) {
            // Only past the wall-clock budget is the processor time read (a system call), so the common case is cheap.
            long used = CpuTime.used(cpuAtStart, CpuTime.ofCurrentThread());
            if (used < 0 || used > timeoutNanos) {
                throw new LimitExceeded.TimedOut(timeoutMillis);
            }
            if (elapsed > STARVATION_FACTOR * timeoutNanos) {
                throw new Starved();
            }
        }
        if (ALLOCATIONS.allocatedByThisThread() - allocatedAtStart > MAX_ALLOCATED_BYTES) {
            throw new LimitExceeded("allocated more than " + MAX_ALLOCATED_BYTES / (1024 * 1024) + " MB");
        }
    }

    /**
     * A string weighs its length, a list or object one plus its members (an object's keys count as text), anything
     * else one. Containers already weighed are remembered by identity (with their size, as the library grows some of
     * its sequences in place), so a value shared by many nodes is weighed once and each check costs about as much as
     * the work that made the value. Stops counting once past {@link #MAX_WEIGHT}.
     */
    long weight(Object value) {
        if (value instanceof String text) {
            return Math.max(1, text.length());
        }
        if (!(value instanceof Collection<?>) && !(value instanceof Map<?, ?>)) {
            return 1;
        }
        int size = value instanceof Collection<?> items ? items.size() : ((Map<?, ?>) value).size();
        Weighed known = weights.get(value);
        if (known != null && known.size() == size) {
            return known.weight();
        }
        long total = 1;
        if (value instanceof Collection<?> items) {
            for (Object item : items) {
                total += weight(item);
                if (total > MAX_WEIGHT) {
                    break;
                }
            }
        } else {
            for (Map.Entry<?, ?> field : ((Map<?, ?>) value).entrySet()) {
                total += weight(field.getKey()) + weight(field.getValue());
                if (total > MAX_WEIGHT) {
                    break;
                }
            }
        }
        weights.put(value, new Weighed(size, total));
        return total;
    }

    /** Fails when a built-in is about to make text longer than the size bound. */
    static void requireTextWithinBounds(long length, String function) {
        if (length > MAX_WEIGHT) {
            throw new LimitExceeded(function + " would make a string of " + length + " characters, more than "
                    + MAX_WEIGHT);
        }
    }

    /** Fails when a built-in is about to make a value heavier than the size bound. */
    static void requireWithinBounds(long weight, String function) {
        if (weight > MAX_WEIGHT) {
            throw new LimitExceeded(function + " would make a value larger than " + MAX_WEIGHT);
        }
    }

    private record Weighed(int size, long weight) {
    }

    /** An evaluation ran past one of its bounds. The expression's own doing: a no-match that says which bound. */
    static class LimitExceeded extends JException {

        private static final long serialVersionUID = 1L;

        private final String reason;

        LimitExceeded(String reason) {
            super("the expression " + reason, -1);
            this.reason = "the expression " + reason;
        }

        /** Which bound, in words: the library prefixes its messages. */
        String reason() {
            return reason;
        }

        /** The time bound, told apart so the record can say "timed out". */
        static final class TimedOut extends LimitExceeded {

            private static final long serialVersionUID = 1L;

            TimedOut(long timeoutMillis) {
                super("ran longer than " + timeoutMillis + " ms of processor time");
            }
        }
    }

    /**
     * The evaluation ran out of time without having had the processor for most of it (the machine was busy with other
     * work): not the expression's doing, so not a no-match, but "could not evaluate now".
     */
    static final class Starved extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Starved() {
            super("the evaluation did not get the processor for most of its time", null, false, false);
        }
    }

    /** A thread's processor time, where the JVM measures it (HotSpot does); otherwise unknown (-1). */
    static final class CpuTime {

        private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private static final boolean MEASURED = measured();

        private CpuTime() {
        }

        private static boolean measured() {
            try {
                return THREADS.isThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
            } catch (RuntimeException | LinkageError unsupported) {
                return false;
            }
        }

        static long ofCurrentThread() {
            return MEASURED ? THREADS.getCurrentThreadCpuTime() : -1;
        }

        static long of(Thread thread) {
            return MEASURED ? THREADS.getThreadCpuTime(thread.getId()) : -1;
        }

        /** Processor nanoseconds used between two readings, or -1 when unmeasured. */
        static long used(long from, long to) {
            return from >= 0 && to >= 0 ? to - from : -1;
        }
    }

    /** Bytes allocated by the current thread, where the JVM counts them (HotSpot does); otherwise always 0. */
    private interface AllocationMeter {

        long allocatedByThisThread();

        static AllocationMeter ofThisJvm() {
            try {
                if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                        && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
                    threads.getCurrentThreadAllocatedBytes();
                    return threads::getCurrentThreadAllocatedBytes;
                }
            } catch (RuntimeException | LinkageError unsupported) {
                // Not every runtime (a native image, say) offers the count: the size bound still holds there.
            }
            return () -> 0;
        }
    }
}
