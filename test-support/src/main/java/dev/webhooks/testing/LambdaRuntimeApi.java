package dev.webhooks.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the AWS Lambda Runtime API on a free loopback port: what AWS's Runtime Interface Client talks to
 * inside Lambda. {@link #invoke} hands an event to the function and waits for its answer, so a packaged function zip
 * can be run exactly as Lambda runs it. Several instances of the function may poll it at once; each takes one
 * invocation at a time, as in Lambda, and {@link #onDemand} learns how many instances the invocations in hand need.
 */
public final class LambdaRuntimeApi implements AutoCloseable {

    private static final String BASE = "/2018-06-01/runtime/";

    private record Invocation(String requestId, String event) {
    }

    private final HttpServer server;
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<String>> answers = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final Duration functionTimeout;
    /** The request ids of the invocations an instance has taken and not yet answered. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private volatile IntConsumer demand = instances -> {
    };
    /** When the first instance first asked for an invocation, its init phase over ({@link System#nanoTime()}). */
    private final AtomicLong firstInitDone = new AtomicLong();

    private LambdaRuntimeApi(HttpServer server, Duration functionTimeout) {
        this.server = server;
        this.functionTimeout = functionTimeout;
    }

    /** A Runtime API for a function with Lambda's default one-minute deadline per invocation. */
    public static LambdaRuntimeApi start() {
        return start(Duration.ofMinutes(1));
    }

    /** A Runtime API whose invocations each get {@code functionTimeout}, the function's Lambda timeout. */
    public static LambdaRuntimeApi start(Duration functionTimeout) {
        LambdaRuntimeApi[] api = new LambdaRuntimeApi[1];
        HttpServer server = LoopbackServers.start(InetAddress.getLoopbackAddress(), 0, "lambda-runtime-api",
                exchange -> api[0].handle(exchange));
        api[0] = new LambdaRuntimeApi(server, functionTimeout);
        return api[0];
    }

    /**
     * Called on each invocation with the number of instances needed to run every invocation in hand at once (running
     * plus waiting): what Lambda scales a function to, up to its concurrency limit.
     */
    public void onDemand(IntConsumer instancesNeeded) {
        this.demand = instancesNeeded;
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API} for the function process. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
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

    private void handle(HttpExchange exchange) throws IOException {
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
            running.add(next.requestId());
            exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", next.requestId());
            exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                    Long.toString(System.currentTimeMillis() + functionTimeout.toMillis()));
            exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                    "arn:aws:lambda:eu-central-1:000000000000:function:packaged-test");
            exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
            exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Tenant-Id", "local");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            reply(exchange, 200, next.event());
        } else if (path.startsWith("invocation/") && path.endsWith("/response")) {
            answered(path).complete(body);
            reply(exchange, 202, "");
        } else if (path.startsWith("invocation/") && path.endsWith("/error")) {
            answered(path).completeExceptionally(new IllegalStateException("The function reported an error: " + body));
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

    private CompletableFuture<String> answered(String path) {
        String requestId = path.split("/")[1];
        running.remove(requestId);
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
        server.stop(0);
    }
}
