package dev.webhooks.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the AWS Lambda Runtime API on a free loopback port: what AWS's Runtime Interface Client talks to
 * inside Lambda. {@link #invoke} hands an event to the function and waits for its answer, so a packaged function zip
 * can be run exactly as Lambda runs it.
 */
public final class LambdaRuntimeApi implements AutoCloseable {

    private static final String BASE = "/2018-06-01/runtime/";

    private record Invocation(String requestId, String event) {
    }

    private final HttpServer server;
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<String>> answers = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();

    private LambdaRuntimeApi(HttpServer server) {
        this.server = server;
    }

    public static LambdaRuntimeApi start() {
        LambdaRuntimeApi[] api = new LambdaRuntimeApi[1];
        HttpServer server = LoopbackServers.start(InetAddress.getLoopbackAddress(), 0, "lambda-runtime-api",
                exchange -> api[0].handle(exchange));
        api[0] = new LambdaRuntimeApi(server);
        return api[0];
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
        pending.add(new Invocation(requestId, event));
        CompletableFuture<Object> first = CompletableFuture.anyOf(answer, initError);
        Object result = first.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (initError.isDone()) {
            throw new IllegalStateException("The function failed to start: " + initError.get());
        }
        return (String) result;
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
            Invocation next;
            try {
                next = pending.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", next.requestId());
            exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                    Long.toString(System.currentTimeMillis() + Duration.ofMinutes(1).toMillis()));
            exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                    "arn:aws:lambda:eu-central-1:000000000000:function:packaged-test");
            exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
            exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Tenant-Id", "local");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            reply(exchange, 200, next.event());
        } else if (path.startsWith("invocation/") && path.endsWith("/response")) {
            answers.remove(path.split("/")[1]).complete(body);
            reply(exchange, 202, "");
        } else if (path.startsWith("invocation/") && path.endsWith("/error")) {
            answers.remove(path.split("/")[1]).completeExceptionally(new IllegalStateException(
                    "The function reported an error: " + body));
            reply(exchange, 202, "");
        } else if (path.equals("init/error")) {
            initError.complete(body);
            reply(exchange, 202, "");
        } else {
            reply(exchange, 404, "");
        }
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
