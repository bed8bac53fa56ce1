package dev.webhooks.benchmarks.endtoend;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.webhooks.testing.LoopbackServers;

/**
 * A loopback webhook receiver for the benchmarks: answers 204 after the delay set for the first path segment, and
 * notes when each event first arrived (by the {@code bench_event_id} the benchmark puts in every payload) and how many
 * requests repeated an event.
 */
final class Receiver implements AutoCloseable {

    static final String EVENT_ID_FIELD = "bench_event_id";
    private static final String EVENT_ID_KEY = "\"" + EVENT_ID_FIELD + "\":\"";

    private final HttpServer server;
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final Map<String, Long> firstArrival = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger repeats = new AtomicInteger();

    Receiver() {
        this.server = LoopbackServers.start(InetAddress.getLoopbackAddress(), 0, "bench-receiver", this::handle);
    }

    /** The url of the path {@code /<name>}, answered after {@code delay}. */
    String endpoint(String name, Duration delay) {
        delays.put(name, delay);
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    private void handle(HttpExchange exchange) throws java.io.IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        long now = System.nanoTime();
        requests.incrementAndGet();
        String eventId = eventId(body);
        if (eventId != null && firstArrival.putIfAbsent(eventId, now) != null) {
            repeats.incrementAndGet();
        }
        String name = exchange.getRequestURI().getPath().substring(1);
        Duration delay = delays.getOrDefault(name, Duration.ZERO);
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    private static String eventId(String body) {
        int start = body.indexOf(EVENT_ID_KEY);
        if (start < 0) {
            return null;
        }
        start += EVENT_ID_KEY.length();
        return body.substring(start, body.indexOf('"', start));
    }

    /** When the event first arrived ({@link System#nanoTime()}), or null. */
    Long arrival(String eventId) {
        return firstArrival.get(eventId);
    }

    int arrived() {
        return firstArrival.size();
    }

    int requests() {
        return requests.get();
    }

    /** Requests for an event that had arrived before: the duplicates a receiver deduplicates by webhook-id. */
    int repeats() {
        return repeats.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
