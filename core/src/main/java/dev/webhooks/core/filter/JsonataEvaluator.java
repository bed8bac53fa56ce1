package dev.webhooks.core.filter;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Runs a config's JSONata expressions: the {@code jsonata_expression} form of a filter condition, true when the
 * result is truthy per JSONata's {@code $boolean} ({@code null}, undefined, {@code false}, {@code 0}, {@code ""},
 * empty arrays and objects, and functions are false), and the payload transform ({@code jsonataExpression}), whose
 * result is the body sent ({@link TransformResult}). Both share the evaluators and each organization's permits.
 *
 * <p>An expression is untrusted code run against every event. What keeps it in bounds:
 * <ul>
 * <li>{@link ExpressionSandbox} refuses what cannot be bounded when the expression is parsed (so a config carrying it
 * is refused with a 400), and moves its regular expressions to a linear-time engine;</li>
 * <li>{@link BoundedBuiltins} replaces the built-in functions that loop inside one call;</li>
 * <li>{@link EvaluationBounds} limits time, depth, value size and allocation at every node;</li>
 * <li>expressions run on a bounded pool of daemon threads, at most {@code perOrganization} of one organization's at a
 * time ({@link OrganizationBulkhead}), and the caller waits at most {@value EvaluationBounds#STARVATION_FACTOR} times
 * the timeout (plus a short grace) once its expression runs, then interrupts it, which the next node check obeys: no
 * thread stays busy for a caller that has given up.</li>
 * </ul>
 * An expression that errs, times out or passes a bound is a no-match that says so. An expression that could not run
 * (its organization's permits or every evaluator busy past the timeout, the caller interrupted, the JVM out of
 * memory, or not given its processor time within {@value EvaluationBounds#STARVATION_FACTOR} times the timeout) is not
 * a no-match:
 * {@link FilterUnavailableException}, and the caller tries again later.
 *
 * <p>Compiled expressions are cached (least recently used, at most {@value #CACHE_SIZE}): a config's expression is
 * the same for every event. A compiled {@link Jsonata} may be evaluated from several threads; per evaluation state
 * lives in a fresh {@link Jsonata.Frame} and in the library's per-thread instance.
 */
final class JsonataEvaluator {

    static final int CACHE_SIZE = 256;
    static final int DEFAULT_EVALUATORS = 4;
    static final int DEFAULT_PER_ORGANIZATION = 1;
    private static final int QUEUE_CAPACITY = 256;
    private static final long GRACE_MILLIS = 250;
    private static final long STACK_BYTES = 8L * 1024 * 1024;
    private static final int MAX_REASON = 200;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final long timeoutMillis;
    private final ExecutorService evaluators;
    private final OrganizationBulkhead bulkhead;
    private final AtomicInteger running = new AtomicInteger();
    /** Compiled per expression without holding up other expressions; maintenance runs in line (no pool). */
    private final Cache<String, Compiled> compiled = Caffeine.newBuilder().maximumSize(CACHE_SIZE)
            .executor(Runnable::run).build();

    JsonataEvaluator(Duration timeout, int evaluators, int perOrganization) {
        this(timeout, pool(evaluators), perOrganization);
    }

    /**
     * @param evaluators where expressions run: a bounded pool, whose refusal means "busy, try later"
     * @param perOrganization how many of one organization's expressions may run at once
     */
    JsonataEvaluator(Duration timeout, ExecutorService evaluators, int perOrganization) {
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        this.evaluators = evaluators;
        this.bulkhead = new OrganizationBulkhead(perOrganization);
    }

    private static ExecutorService pool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("evaluators must be at least 1, was " + threads);
        }
        ThreadFactory daemons = task -> {
            Thread thread = new Thread(null, task, "jsonata-filter-" + THREADS.incrementAndGet(), STACK_BYTES);
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY), daemons);
        // Idle threads end, so an engine that is dropped leaves nothing running.
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Null when {@code expression} parses and may run, otherwise a short reason. */
    static String syntaxError(String expression) {
        return Compiled.of(expression).syntaxError();
    }

    /** Expressions running now, including any whose caller has stopped waiting and which have not yet noticed. */
    int running() {
        return running.get();
    }

    /** The {@code jsonata_expression} condition: a match when the result is truthy. */
    FilterResult condition(String organization, String expression, JsonNode event) {
        Evaluated<Verdict> evaluated = evaluate(organization, expression, event,
                result -> new Verdict(Jsonata.boolize(result), describe(result)));
        if (evaluated.failure() != null) {
            return FilterResult.noMatch(evaluated.failure());
        }
        return evaluated.value().truthy() ? FilterResult.match()
                : FilterResult.noMatch("jsonata expression is falsy (result: " + evaluated.value().result() + ")");
    }

    /** The payload transform: the result as the JSON body to send, or why there is none. */
    TransformResult transform(String organization, String expression, JsonNode event) {
        Evaluated<TransformResult> evaluated = evaluate(organization, expression, event, TransformResult::of);
        return evaluated.failure() != null ? TransformResult.failed(evaluated.failure()) : evaluated.value();
    }

    /**
     * What one evaluation came to: {@code value}, read from the result on the evaluating thread, or the expression's
     * own failure (a syntax error, an error, a timeout or a bound) as a short reason.
     */
    private record Evaluated<R>(R value, String failure) {

        static <R> Evaluated<R> failed(String failure) {
            return new Evaluated<>(null, failure);
        }
    }

    /**
     * Runs {@code expression} over {@code event} within the organization's permits and reads the result with
     * {@code reader}.
     *
     * @throws FilterUnavailableException when the expression could not be evaluated now
     */
    private <R> Evaluated<R> evaluate(String organization, String expression, JsonNode event,
            Function<Object, R> reader) {
        Compiled expressionToRun = compiled.get(expression, Compiled::of);
        if (expressionToRun.syntaxError() != null) {
            return Evaluated.failed("jsonata expression does not parse: " + expressionToRun.syntaxError());
        }
        try {
            if (!bulkhead.tryEnter(organization, timeoutMillis)) {
                throw new FilterUnavailableException(
                        "jsonata expression not evaluated: this organization's evaluators are all busy");
            }
            Evaluation<R> evaluation = new Evaluation<>(expressionToRun, event, organization, reader);
            try {
                evaluators.execute(evaluation);
            } catch (RuntimeException refused) {
                bulkhead.leave(organization);
                throw new FilterUnavailableException("jsonata expression not evaluated: every evaluator is busy");
            }
            return evaluation.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new FilterUnavailableException("jsonata expression not evaluated: interrupted");
        }
    }

    /** One expression run for one caller; the caller abandons it if it has not started in time. */
    private final class Evaluation<R> implements Runnable {

        private final Compiled expression;
        private final JsonNode event;
        private final String organization;
        private final Function<Object, R> reader;
        private final CountDownLatch started = new CountDownLatch(1);
        /** The evaluating thread while it runs; {@link #ABANDONED} once the caller gave up before it started. */
        private final AtomicReference<Thread> runner = new AtomicReference<>();
        private final CompletableFuture<R> verdict = new CompletableFuture<>();
        /** The evaluating thread's processor time when it started (-1 where unmeasured). */
        private volatile long cpuAtStart = -1;

        Evaluation(Compiled expression, JsonNode event, String organization, Function<Object, R> reader) {
            this.expression = expression;
            this.event = event;
            this.organization = organization;
            this.reader = reader;
        }

        @Override
        public void run() {
            if (!runner.compareAndSet(null, Thread.currentThread())) {
                return;
            }
            running.incrementAndGet();
            cpuAtStart = EvaluationBounds.CpuTime.ofCurrentThread();
            started.countDown();
            R result = null;
            Throwable failure = null;
            try {
                result = reader.apply(resultOf(expression, event));
            } catch (Throwable failed) {
                failure = failed;
            } finally {
                // Capacity is given back before the caller hears the verdict, so its next call finds it free.
                running.decrementAndGet();
                bulkhead.leave(organization);
                synchronized (this) {
                    runner.set(ABANDONED);
                }
                // Clear an interrupt meant for this evaluation, so it does not reach the pool's next task.
                Thread.interrupted();
            }
            if (failure == null) {
                verdict.complete(result);
            } else {
                verdict.completeExceptionally(failure);
            }
        }

        Evaluated<R> await() throws InterruptedException {
            try {
                if (!started.await(timeoutMillis, TimeUnit.MILLISECONDS) && runner.compareAndSet(null, ABANDONED)) {
                    bulkhead.leave(organization);
                    throw new FilterUnavailableException(
                            "jsonata expression not evaluated: every evaluator is busy");
                }
                return new Evaluated<>(verdict.get(timeoutMillis * EvaluationBounds.STARVATION_FACTOR + GRACE_MILLIS,
                        TimeUnit.MILLISECONDS), null);
            } catch (TimeoutException slow) {
                boolean starved = starved();
                stop();
                if (starved) {
                    throw new FilterUnavailableException("jsonata expression not evaluated: the evaluation did not get"
                            + " the processor in time");
                }
                return timedOut();
            } catch (InterruptedException interrupted) {
                if (runner.compareAndSet(null, ABANDONED)) {
                    bulkhead.leave(organization);
                } else {
                    stop();
                }
                throw interrupted;
            } catch (ExecutionException failed) {
                Throwable cause = boundOrSelf(failed.getCause());
                if (cause instanceof EvaluationBounds.Starved) {
                    throw new FilterUnavailableException("jsonata expression not evaluated: " + cause.getMessage());
                }
                if (cause instanceof VirtualMachineError && !(cause instanceof StackOverflowError)) {
                    // Memory ran out in this function instance, perhaps because of another evaluation: not this
                    // expression's verdict.
                    throw new FilterUnavailableException("jsonata expression not evaluated: " + cause.getClass()
                            .getSimpleName());
                }
                if (cause instanceof EvaluationBounds.LimitExceeded.TimedOut) {
                    return timedOut();
                }
                if (cause instanceof EvaluationBounds.LimitExceeded limit) {
                    return Evaluated.failed("jsonata expression stopped: " + limit.reason());
                }
                return Evaluated.failed("jsonata expression failed: " + failureReason(cause));
            }
        }

        /**
         * Whether the evaluation, still running past the caller's patience, has had less processor time than its
         * budget: then the machine, not the expression, kept it from finishing.
         */
        private boolean starved() {
            Thread thread = runner.get();
            if (thread == null || thread == ABANDONED) {
                return false;
            }
            long used = EvaluationBounds.CpuTime.used(cpuAtStart, EvaluationBounds.CpuTime.of(thread));
            return used >= 0 && used < timeoutMillis * 1_000_000;
        }

        /** Asks a still running evaluation to end: its next node check sees the interrupt. */
        private void stop() {
            Thread thread = runner.get();
            if (thread != null && thread != ABANDONED) {
                synchronized (this) {
                    if (runner.get() == thread) {
                        thread.interrupt();
                    }
                }
            }
        }
    }

    private static final Thread ABANDONED = new Thread("jsonata-evaluation-abandoned");

    /** The expression's result over {@code event}, within its bounds; read on this (the evaluating) thread. */
    private Object resultOf(Compiled compiled, JsonNode event) {
        Jsonata expression = compiled.expression();
        // $now() and $millis() read the time stamped on the library's per-thread instance, which only a constructor
        // sets: compiling a constant on this pooled thread gives the evaluation the current time.
        Jsonata.jsonata("$");
        Object input = event == null || event.isMissingNode() ? null : MAPPER.convertValue(event, Object.class);
        Jsonata.Frame frame = expression.createFrame();
        EvaluationBounds.install(frame, timeoutMillis, compiled.admission());
        try {
            return expression.evaluate(input, frame);
        } finally {
            EvaluationBounds.uninstall();
        }
    }

    private <R> Evaluated<R> timedOut() {
        return Evaluated.failed("jsonata expression timed out after " + timeoutMillis + " ms");
    }

    private static String describe(Object result) {
        if (result == null) {
            return "undefined";
        }
        if (result instanceof String text) {
            return ValueDescription.quoted(text);
        }
        if (result instanceof Number || result instanceof Boolean) {
            return ValueDescription.cut(result.toString());
        }
        if (result instanceof Collection<?> items) {
            return "array of " + items.size();
        }
        if (result instanceof Map<?, ?> fields) {
            return fields.isEmpty() ? "{}" : "object";
        }
        return "function";
    }

    /** The bound a failure came from, should the library have wrapped it; otherwise the failure itself. */
    private static Throwable boundOrSelf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof EvaluationBounds.LimitExceeded) {
                return cause;
            }
        }
        return failure;
    }

    /**
     * The library's own errors say what went wrong in the expression's terms. Anything else thrown inside it is named
     * by kind only: a Java message would show class names to the caller.
     */
    private static String failureReason(Throwable failure) {
        if (failure instanceof JException) {
            return reason(failure);
        }
        if (failure instanceof StackOverflowError) {
            return "the expression nests too deeply";
        }
        if (failure instanceof ClassCastException || failure instanceof IllegalArgumentException) {
            return "a value has a type the expression cannot use here";
        }
        return "the expression cannot be evaluated on this event";
    }

    private static String reason(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        // The library prefixes messages without an error code of its own.
        message = message.strip().replaceFirst("^JSonataException ", "");
        return message.length() <= MAX_REASON ? message : message.substring(0, MAX_REASON) + "…";
    }

    /** A parsed and admitted expression, or why it does not parse or may not run. */
    private record Compiled(Jsonata expression, ExpressionSandbox.Admission admission, String syntaxError) {

        static Compiled of(String text) {
            if (text == null || text.isBlank()) {
                return new Compiled(null, null, "the expression is empty");
            }
            try {
                Jsonata expression = Jsonata.jsonata(text);
                ExpressionSandbox.Admission admission = ExpressionSandbox.admit(expression);
                if (admission.refusal() != null) {
                    return new Compiled(null, null, admission.refusal());
                }
                BoundedBuiltins.bindInto(expression);
                return new Compiled(expression, admission, null);
            } catch (JException invalid) {
                String reason = reason(invalid);
                return new Compiled(null, null,
                        invalid.getLocation() >= 0 ? reason + " (at position " + invalid.getLocation() + ")" : reason);
            } catch (RuntimeException | StackOverflowError unparseable) {
                // The parser recurses per nesting level: a pathologically nested expression overflows the stack.
                return new Compiled(null, null, "the expression cannot be parsed (" + reason(unparseable) + ")");
            }
        }
    }

    private record Verdict(boolean truthy, String result) {
    }
}
