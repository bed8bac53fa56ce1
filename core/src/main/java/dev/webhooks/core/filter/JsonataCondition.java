package dev.webhooks.core.filter;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code jsonata_expression} form of a condition: true when the expression's result is truthy per JSONata's
 * {@code $boolean} ({@code null}, undefined, {@code false}, {@code 0}, {@code ""}, empty arrays and objects, and
 * functions are false).
 *
 * <p>An expression is user input run against every event, so its evaluation is bounded twice. The library's own
 * runtime bounds ({@code Frame.setRuntimeBounds}) abort it once the time budget is spent or the evaluation nests
 * deeper than {@value #MAX_DEPTH}; they are checked each time the evaluator enters or leaves an AST node, so they stop
 * infinite recursion and long loops written in JSONata. A built-in function that loops inside Java (a catastrophic
 * regular expression, say) never re-enters the evaluator, so the expression also runs on a bounded pool of daemon
 * threads and the caller waits at most the timeout: a thread stuck in such a function is abandoned to finish on its
 * own, and when every thread is stuck (or the queue is full) further expressions fail at once instead of piling up.
 *
 * <p>Compiled expressions are cached (least recently used, at most {@value #CACHE_SIZE}): a config's expression is
 * the same for every event. A compiled {@link Jsonata} may be evaluated from several threads; per evaluation state
 * lives in a fresh {@link Jsonata.Frame} and in the library's per-thread instance.
 */
final class JsonataCondition {

    static final int MAX_DEPTH = 1000;
    static final int CACHE_SIZE = 256;
    private static final int QUEUE_CAPACITY = 256;
    private static final long STACK_BYTES = 8L * 1024 * 1024;
    private static final int MAX_REASON = 200;
    private static final String LIBRARY_TIMEOUT = "Expression evaluation timeout";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final long timeoutMillis;
    private final ExecutorService evaluators;
    private final Map<String, Compiled> compiled = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Compiled> eldest) {
            return size() > CACHE_SIZE;
        }
    });

    JsonataCondition(Duration timeout) {
        this(timeout, defaultEvaluators());
    }

    /** @param evaluators where expressions run: a bounded pool, whose refusal means "busy, try later" */
    JsonataCondition(Duration timeout, ExecutorService evaluators) {
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        this.evaluators = evaluators;
    }

    private static ExecutorService defaultEvaluators() {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
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

    /** Null when {@code expression} parses, otherwise a short reason. */
    static String syntaxError(String expression) {
        return Compiled.of(expression).syntaxError();
    }

    FilterResult evaluate(String expression, JsonNode event) {
        Compiled expressionToRun = compiled.computeIfAbsent(expression, Compiled::of);
        if (expressionToRun.syntaxError() != null) {
            return FilterResult.noMatch("jsonata expression does not parse: " + expressionToRun.syntaxError());
        }
        Future<Verdict> pending;
        try {
            pending = evaluators.submit(() -> run(expressionToRun.expression(), event));
        } catch (RejectedExecutionException busy) {
            throw new FilterUnavailableException("jsonata expression not evaluated: every evaluator is busy");
        }
        try {
            Verdict verdict = pending.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return verdict.truthy() ? FilterResult.match()
                    : FilterResult.noMatch("jsonata expression is falsy (result: " + verdict.result() + ")");
        } catch (TimeoutException slow) {
            pending.cancel(true);
            return timedOut();
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof JException && String.valueOf(cause.getMessage()).contains(LIBRARY_TIMEOUT)) {
                return timedOut();
            }
            return FilterResult.noMatch("jsonata expression failed: " + reason(cause));
        } catch (InterruptedException interrupted) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new FilterUnavailableException("jsonata expression not evaluated: interrupted");
        }
    }

    private Verdict run(Jsonata expression, JsonNode event) {
        // $now() and $millis() read the time stamped on the library's per-thread instance, which only a constructor
        // sets: compiling a constant on this pooled thread gives the evaluation the current time.
        Jsonata.jsonata("$");
        Object input = event == null || event.isMissingNode() ? null : MAPPER.convertValue(event, Object.class);
        Jsonata.Frame frame = expression.createFrame();
        frame.setRuntimeBounds(timeoutMillis, MAX_DEPTH);
        Object result = expression.evaluate(input, frame);
        return new Verdict(Jsonata.boolize(result), describe(result));
    }

    private FilterResult timedOut() {
        return FilterResult.noMatch("jsonata expression timed out after " + timeoutMillis + " ms");
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

    private static String reason(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        message = message.strip();
        return message.length() <= MAX_REASON ? message : message.substring(0, MAX_REASON) + "…";
    }

    /** A parsed expression, or why it does not parse. */
    private record Compiled(Jsonata expression, String syntaxError) {

        static Compiled of(String text) {
            if (text == null || text.isBlank()) {
                return new Compiled(null, "the expression is empty");
            }
            try {
                return new Compiled(Jsonata.jsonata(text), null);
            } catch (JException invalid) {
                String reason = reason(invalid);
                return new Compiled(null,
                        invalid.getLocation() >= 0 ? reason + " (at position " + invalid.getLocation() + ")" : reason);
            } catch (RuntimeException | StackOverflowError unparseable) {
                // The parser recurses per nesting level: a pathologically nested expression overflows the stack.
                return new Compiled(null, "the expression cannot be parsed (" + reason(unparseable) + ")");
            }
        }
    }

    private record Verdict(boolean truthy, String result) {
    }
}
