package dev.webhooks.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.core.ConditionTimeoutException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on a free loopback port that records every request it receives (method, path, query, headers,
 * body) and answers with scripted responses, in order, then with the default. Stands in for webhook endpoints and
 * OAuth token endpoints in tests.
 */
public final class RecordingReceiver implements AutoCloseable {

    /** A received request; header names are lower-case. */
    public record Received(String method, String path, String query, Map<String, String> headers, String body,
            java.time.Instant receivedAt) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A scripted answer. */
    public record Reply(int status, Map<String, String> headers, String body, Duration delay) {
        public static Reply status(int status) {
            return new Reply(status, Map.of(), "", Duration.ZERO);
        }

        public static Reply json(int status, String body) {
            return new Reply(status, Map.of("content-type", "application/json"), body, Duration.ZERO);
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> copy = new TreeMap<>(headers);
            copy.put(name, value);
            return new Reply(status, copy, body, delay);
        }

        public Reply after(Duration wait) {
            return new Reply(status, headers, body, wait);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Reply> script = new ConcurrentLinkedDeque<>();
    private volatile Reply fallback = Reply.json(200, "{\"ok\":true}");

    private RecordingReceiver(HttpServer server) {
        this.server = server;
    }

    public static RecordingReceiver start() {
        return start("127.0.0.1");
    }

    /** A receiver on another loopback address (127.0.0.2, ...): a host of its own, for per-host behaviour. */
    public static RecordingReceiver start(String loopbackAddress) {
        try {
            RecordingReceiver[] receiver = new RecordingReceiver[1];
            HttpServer server = LoopbackServers.start(InetAddress.getByName(loopbackAddress), 0, "recording-receiver",
                    exchange -> receiver[0].handle(exchange));
            receiver[0] = new RecordingReceiver(server);
            return receiver[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL, such as {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    public String url(String path) {
        return url() + path;
    }

    /** Answers the next requests with these replies, in order. */
    public RecordingReceiver thenReply(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** Answers every request not covered by {@link #thenReply} with this. */
    public RecordingReceiver byDefault(Reply reply) {
        this.fallback = reply;
        return this;
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    public List<Received> received(String path) {
        return received.stream().filter(request -> request.path().equals(path)).toList();
    }

    /**
     * Waits until at least {@code count} requests arrived, or {@code timeout} passed; returns what arrived, so that
     * the caller's assertion says what was missing.
     */
    public List<Received> awaitReceived(int count, Duration timeout) {
        try {
            await(count + " request(s) at " + url()).atMost(timeout).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50)).until(() -> received.size() >= count);
        } catch (ConditionTimeoutException tooFew) {
            // Answered below: what did arrive.
        }
        return received();
    }

    public void reset() {
        received.clear();
        script.clear();
        fallback = Reply.json(200, "{\"ok\":true}");
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                String.join(",", values)));
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), headers, body, java.time.Instant.now()));
        Reply reply = script.isEmpty() ? fallback : script.poll();
        if (reply == null) {
            reply = fallback;
        }
        if (!reply.delay().isZero()) {
            try {
                Thread.sleep(reply.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        boolean noBody = bytes.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(reply.status(), noBody ? -1 : bytes.length);
        if (!noBody) {
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
