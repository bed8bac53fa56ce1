package dev.webhooks.local.soak;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The API under load: concurrent clients that create, update, read and delete configs of their own, and update a
 * config they share with other clients, each update sent with {@code If-Match} of the version it read. No update
 * answered 200 may be lost: an own config reads back as written; each accepted update of a shared config made exactly
 * the next version of the one it named, no two accepted updates named the same version, and the shared config ends
 * as the update with the highest version wrote it.
 */
final class ApiLoadPhase {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Organizations the clients share; each has one config all of its clients update. */
    private static final int SHARED = 10;

    private final SoakApi api;
    private final SoakPlan plan;
    private final PrintStream log;
    private final Queue<Long> latencies = new ConcurrentLinkedQueue<>();
    private final Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
    private final AtomicInteger lostUpdates = new AtomicInteger();
    private final AtomicInteger unexpected = new AtomicInteger();
    private final List<String> sharedIds = new ArrayList<>();
    /** Per shared config: the accepted updates, by the version each made, and what each wrote. */
    private final Map<String, Map<Long, String>> acceptedShared = new ConcurrentHashMap<>();

    private final IntSupplier instancesStarted;

    /** @param instancesStarted how many API instances run now (the warm-up waits for all of them) */
    ApiLoadPhase(SoakApi api, SoakPlan plan, PrintStream log, IntSupplier instancesStarted) {
        this.api = api;
        this.instancesStarted = instancesStarted;
        this.plan = plan;
        this.log = log;
    }

    SoakReport.ApiLoad run() throws Exception {
        warmUp();
        for (int group = 0; group < SHARED; group++) {
            SoakApi.Response created = api.send("POST", "/v1/webhooks/configs", organization(group),
                    config("shared " + group), null);
            if (created.status() != 201) {
                throw new IllegalStateException("Creating a shared config answered " + created);
            }
            String id = created.json().path("id").asText();
            sharedIds.add(id);
            acceptedShared.put(id, new ConcurrentHashMap<>());
        }
        long deadline = System.nanoTime() + plan.apiDuration().toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(plan.apiClients());
        List<Future<?>> running = new ArrayList<>();
        for (int client = 0; client < plan.apiClients(); client++) {
            int number = client;
            running.add(clients.submit(() -> {
                client(number, deadline);
                return null;
            }));
        }
        try {
            for (Future<?> client : running) {
                client.get();
            }
        } finally {
            clients.shutdownNow();
        }
        for (int group = 0; group < SHARED; group++) {
            String id = sharedIds.get(group);
            SoakApi.Response read = api.send("GET", "/v1/webhooks/configs/" + id, organization(group), null, null);
            Map<Long, String> accepted = acceptedShared.get(id);
            long last = accepted.keySet().stream().mapToLong(Long::longValue).max().orElse(1);
            if (version(read) != 1 + accepted.size() || version(read) != last
                    || !accepted.isEmpty() && !accepted.get(last).equals(read.json().path("name").asText())) {
                log.printf("soak: shared config %s is at version %d with %d accepted updates, the last to %d%n", id,
                        version(read), accepted.size(), last);
                lostUpdates.incrementAndGet();
            }
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        Map<String, Integer> statuses = new TreeMap<>();
        byStatus.forEach((status, count) -> statuses.put(Integer.toString(status), count.get()));
        int serverErrors = byStatus.entrySet().stream().filter(entry -> entry.getKey() >= 500)
                .mapToInt(entry -> entry.getValue().get()).sum();
        int conflicts = byStatus.getOrDefault(409, new AtomicInteger()).get()
                + byStatus.getOrDefault(412, new AtomicInteger()).get();
        return new SoakReport.ApiLoad(plan.apiClients(), plan.apiDuration(), sorted.size(), serverErrors, conflicts,
                lostUpdates.get(), unexpected.get(), percentile(sorted, 0.50), percentile(sorted, 0.99), statuses);
    }

    /**
     * Starts every API instance before the clock runs: rounds of concurrent reads (twice as many as instances, not
     * counted) until all are running, then 10 s more of them, so that the latencies are of a warm API under load, not
     * of its cold starts, which the startup benchmark measures.
     */
    private void warmUp() throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(2 * Soak.API_INSTANCES);
        try {
            long allStartedBy = Long.MAX_VALUE;
            long limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < Math.min(allStartedBy, limit)) {
                List<Future<SoakApi.Response>> reads = new ArrayList<>();
                for (int i = 0; i < 2 * Soak.API_INSTANCES; i++) {
                    reads.add(readers.submit(() -> api.send("GET", "/v1/webhooks/configs", organization(0), null,
                            null)));
                }
                for (Future<SoakApi.Response> read : reads) {
                    read.get();
                }
                if (allStartedBy == Long.MAX_VALUE && instancesStarted.getAsInt() >= Soak.API_INSTANCES) {
                    allStartedBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                }
            }
        } finally {
            readers.shutdownNow();
        }
    }

    /** One client until the deadline: its own config's whole life, then one contended update, again and again. */
    private void client(int client, long deadline) {
        int group = client % SHARED;
        String organization = organization(group);
        String shared = sharedIds.get(group);
        for (int round = 0; System.nanoTime() < deadline; round++) {
            try {
                ownConfig(organization, "client " + client + " round " + round);
                SoakApi.Response current = call("GET", "/v1/webhooks/configs/" + shared, organization, null, null);
                String name = "shared " + group + " by client " + client + " round " + round;
                SoakApi.Response contended = call("PUT", "/v1/webhooks/configs/" + shared, organization,
                        config(name), current.etag());
                if (contended.status() == 200) {
                    // It must have made the next version of the one it read, and be the only update that did.
                    boolean next = version(contended) == version(current) + 1;
                    if (!next || acceptedShared.get(shared).putIfAbsent(version(contended), name) != null) {
                        lostUpdates.incrementAndGet();
                    }
                } else if (contended.status() != 409 && contended.status() != 412) {
                    unexpected.incrementAndGet();
                }
            } catch (Exception e) {
                // A request that failed outright: counted, and the client goes on.
                unexpected.incrementAndGet();
            }
        }
    }

    /** A config's whole life: created, updated, read back as written, deleted; each step must succeed. */
    private void ownConfig(String organization, String name) throws Exception {
        SoakApi.Response created = call("POST", "/v1/webhooks/configs", organization, config(name), null);
        if (created.status() != 201) {
            unexpected.incrementAndGet();
            return;
        }
        String path = "/v1/webhooks/configs/" + created.json().path("id").asText();
        SoakApi.Response updated = call("PUT", path, organization, config(name + " updated"), created.etag());
        SoakApi.Response read = call("GET", path, organization, null, null);
        SoakApi.Response deleted = call("DELETE", path, organization, null, null);
        if (updated.status() != 200 || read.status() != 200 || deleted.status() != 204) {
            unexpected.incrementAndGet();
        } else if (version(read) != 2 || !(name + " updated").equals(read.json().path("name").asText())) {
            lostUpdates.incrementAndGet();
        }
    }

    private SoakApi.Response call(String method, String path, String organization, ObjectNode body, String ifMatch)
            throws Exception {
        SoakApi.Response response = api.send(method, path, organization, body, ifMatch);
        latencies.add(response.took().toNanos());
        byStatus.computeIfAbsent(response.status(), status -> new AtomicInteger()).incrementAndGet();
        return response;
    }

    private static long version(SoakApi.Response response) {
        return response.etag() == null ? -1 : Long.parseLong(response.etag().replaceFirst("^W/", "").replace("\"", ""));
    }

    private static ObjectNode config(String name) {
        ObjectNode config = MAPPER.createObjectNode().put("eventName", Soak.EVENT).put("name", name)
                .put("url", "https://receiver.example.com/soak").put("httpMethod", "POST");
        config.putObject("auth").put("authType", "NONE");
        return config;
    }

    private static String organization(int group) {
        return "soak-api-" + group;
    }

    private static Duration percentile(List<Long> sorted, double share) {
        if (sorted.isEmpty()) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(share * sorted.size()) - 1)));
    }
}
