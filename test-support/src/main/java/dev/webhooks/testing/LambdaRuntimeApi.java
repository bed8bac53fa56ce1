package dev.webhooks.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the AWS Lambda Runtime API on free loopback ports: what AWS's Runtime Interface Client talks to
 * inside Lambda. {@link #invoke} hands an event to the function and waits for its answer, so a packaged function zip
 * can be run exactly as Lambda runs it. Several instances of the function may poll it at once; each takes one
 * invocation at a time, as in Lambda, and {@link #onDemand} learns how many instances the invocations in hand need.
 * Each instance polls an {@linkplain #address(String) address of its own}, so the caller can tell which instance holds
 * an invocation, and an instance that {@linkplain #exited exits} fails the invocation it held at once, as Lambda fails
 * one whose runtime exits in the middle.
 */
public final class LambdaRuntimeApi implements AutoCloseable {

    private static final String BASE = "/2018-06-01/runtime/";

    private record Invocation(String requestId, String event) {
    }

    /** Each instance's server (a port of its own), by instance name. */
    private final Map<String, HttpServer> instanceServers = new ConcurrentHashMap<>();
    private final BlockingDeque<Invocation> pending = new LinkedBlockingDeque<>();
    /** Instances that have exited: an invocation one of their requests still waits for goes back to the others. */
    private final Set<String> exited = ConcurrentHashMap.newKeySet();
    private final Map<String, CompletableFuture<String>> answers = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final Duration functionTimeout;
    /** The invocations an instance has taken and not yet answered: request id to instance name. */
    private final Map<String, String> running = new ConcurrentHashMap<>();
    /** Of those, the ones written to their instance: what it is working on (not just about to get). */
    private final Set<String> handed = ConcurrentHashMap.newKeySet();
    private volatile IntConsumer demand = instances -> {
    };
    /** When the first instance first asked for an invocation, its init phase over ({@link System#nanoTime()}). */
    private final AtomicLong firstInitDone = new AtomicLong();

    private LambdaRuntimeApi(Duration functionTimeout) {
        this.functionTimeout = functionTimeout;
    }

    /**
     * A Runtime API whose invocations each get {@code functionTimeout}, the function's Lambda timeout. It listens
     * on no port yet: each instance gets {@linkplain #address(String) one of its own}.
     */
    public static LambdaRuntimeApi forFunction(Duration functionTimeout) {
        return new LambdaRuntimeApi(functionTimeout);
    }

    /**
     * Called on each invocation with the number of instances needed to run every invocation in hand at once (running
     * plus waiting): what Lambda scales a function to, up to its concurrency limit.
     */
    public void onDemand(IntConsumer instancesNeeded) {
        this.demand = instancesNeeded;
    }

    /**
     * The value of {@code AWS_LAMBDA_RUNTIME_API} for the instance called {@code instance}: a port of its own, serving
     * the same invocations as every other instance's, so that {@link #holding} can tell whether it holds one.
     */
    public String address(String instance) {
        HttpServer own = instanceServers.computeIfAbsent(instance, name -> LoopbackServers.start(
                InetAddress.getLoopbackAddress(), 0, "lambda-runtime-api-" + name,
                exchange -> handle(exchange, name)));
        return "127.0.0.1:" + own.getAddress().getPort();
    }

    /** Whether the instance called {@code instance} has taken an invocation and not yet answered it. */
    public boolean holding(String instance) {
        return running.entrySet().stream()
                .anyMatch(held -> held.getValue().equals(instance) && handed.contains(held.getKey()));
    }

    /**
     * The instance called {@code instance} has exited: the invocation it held fails now, as Lambda fails an
     * invocation whose runtime exits ("Runtime exited"), rather than at its deadline.
     *
     * @return the request ids of the invocations it cut short: written to it and not answered (none between them)
     */
    public List<String> exited(String instance) {
        exited.add(instance);
        List<String> cutShort = new ArrayList<>();
        for (String requestId : List.copyOf(running.keySet())) {
            // Whoever removes the entry owns the invocation: here, or the handler that saw its instance exit.
            if (running.remove(requestId, instance)) {
                // Before the caller learns of the failure: its invoke() then forgets the request id.
                if (handed.remove(requestId)) {
                    cutShort.add(requestId);
                }
                CompletableFuture<String> answer = answers.remove(requestId);
                if (answer != null) {
                    answer.completeExceptionally(new IllegalStateException(
                            "The runtime exited during the invocation (instance " + instance + ")"));
                }
            }
        }
        HttpServer own = instanceServers.remove(instance);
        if (own != null) {
            own.stop(0);
        }
        return cutShort;
    }

    /** Invokes the function with {@code event} and answers its response; fails if it reports an error. */
    public String invoke(String event, Duration timeout) throws Exception {
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<String> answer = new CompletableFuture<>();
        answers.put(requestId, answer);
        Invocation invocation = new Invocation(requestId, event);
        pending.add(invocation);
        demand.accept(running.size() + pending.size());
        try {
            Object result = CompletableFuture.anyOf(answer, initError).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (initError.isDone()) {
                throw new IllegalStateException("The function failed to start: " + initError.get());
            }
            return (String) result;
        } finally {
            answers.remove(requestId);
            // Not taken in time, or taken by an instance that died: the caller has given up, and it counts no more.
            pending.remove(invocation);
            running.remove(requestId);
            handed.remove(requestId);
        }
    }

    /**
     * When the first instance ended its init phase (the first {@code invocation/next} request), in
     * {@link System#nanoTime()}; empty before.
     */
    public OptionalLong firstInitDone() {
        long done = firstInitDone.get();
        return done == 0 ? OptionalLong.empty() : OptionalLong.of(done);
    }

    /** Invocations an instance has taken and not yet answered. */
    public int running() {
        return running.size();
    }

    private void handle(HttpExchange exchange, String instance) throws IOException {
        String fullPath = exchange.getRequestURI().getPath();
        if (!fullPath.startsWith(BASE)) {
            reply(exchange, 404, "");
            return;
        }
        String path = fullPath.substring(BASE.length());
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (path.equals("invocation/next")) {
            firstInitDone.compareAndSet(0, System.nanoTime());
            Invocation next;
            try {
                next = pending.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            running.put(next.requestId(), instance);
            if (exited.contains(instance) && running.remove(next.requestId(), instance)) {
                giveBack(next); // a request of an instance that is gone: nobody reads the answer
                exchange.close();
                return;
            }
            try {
                hand(exchange, next);
                handed.add(next.requestId());
            } catch (IOException gone) {
                // The instance died while its request waited: the invocation goes back to the others, unless its
                // exit already failed it.
                if (running.remove(next.requestId(), instance)) {
                    giveBack(next);
                }
                throw gone;
            }
        } else if (path.startsWith("invocation/") && path.endsWith("/response")) {
            answered(path.split("/")[1]).complete(body);
            reply(exchange, 202, "");
        } else if (path.startsWith("invocation/") && path.endsWith("/error")) {
            answered(path.split("/")[1]).completeExceptionally(
                    new IllegalStateException("The function reported an error: " + body));
            reply(exchange, 202, "");
        } else if (path.equals("restore/next")) {
            // SnapStart (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start): the runtime client's init is done and Lambda would
            // take the snapshot here; this stand-in restores at once, so the invocations follow.
            reply(exchange, 200, "");
        } else if (path.equals("init/error")) {
            initError.complete(body);
            reply(exchange, 202, "");
        } else {
            reply(exchange, 404, "");
        }
    }

    /** Puts an invocation no instance got back first in line, unless its caller has stopped waiting for it. */
    private void giveBack(Invocation invocation) {
        if (answers.containsKey(invocation.requestId())) {
            pending.addFirst(invocation);
        }
    }

    /** Hands an invocation to the instance whose {@code invocation/next} request this is. */
    private void hand(HttpExchange exchange, Invocation next) throws IOException {
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", next.requestId());
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                Long.toString(System.currentTimeMillis() + functionTimeout.toMillis()));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:eu-central-1:000000000000:function:packaged-test");
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Tenant-Id", "local");
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        reply(exchange, 200, next.event());
    }

    private CompletableFuture<String> answered(String requestId) {
        running.remove(requestId);
        handed.remove(requestId);
        CompletableFuture<String> answer = answers.remove(requestId);
        // An answer nobody waits for any more (the caller timed out) is dropped, as Lambda drops a late one.
        return answer != null ? answer : new CompletableFuture<>();
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        instanceServers.values().forEach(own -> own.stop(0));
    }
}
