package dev.webhooks.benchmarks.endtoend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.benchmarks.TemplateJvmOptions;
import dev.webhooks.core.adapter.crypto.AesGcmSecretCipher;
import dev.webhooks.core.adapter.dynamodb.DynamoDbWebhookConfigRepository;
import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.config.HttpMethod;
import dev.webhooks.core.config.RetryPolicy;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.testing.EncryptionKeys;
import dev.webhooks.testing.AwsEmulators;
import dev.webhooks.testing.LocalQueuePoller;
import dev.webhooks.testing.PackagedFunction;
import dev.webhooks.testing.RepositoryRoot;
import dev.webhooks.testing.SampleEvents;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The dispatcher measured end to end, as it runs in Lambda: the packaged {@code function.zip} under the Runtime
 * Interface Client (instances started as batches need them), fed by the local event source mapping from ElasticMQ,
 * recording in dynalite, delivering to loopback receivers. Each figure is set against a baseline measured in the same
 * run, and printed as a ratio:
 *
 * <ol>
 * <li>(a) throughput with an instant receiver, against a bare loop that makes one conditional DynamoDB write and one
 * keep-alive POST per delivery at the same concurrency, and against a bare POST loop;</li>
 * <li>(b) a batch of 10 to a 100 ms receiver, against one delivery to it;</li>
 * <li>(c) a noisy neighbour: organization A's endpoint answers in 10 s, B's at once, in the same batches; B's p99
 * latency against B alone, and B's messages handed back;</li>
 * <li>(d) peak heap and resident memory of the dispatcher instances, run with the template's options, each JVM
 * sized for the template's memory;</li>
 * <li>the DynamoDB and SQS calls the function makes per successful delivery, counted by a proxy.</li>
 * </ol>
 *
 * Run with {@code ./benchmarks/end-to-end}; results in docs/benchmarks.md.
 */
public final class EndToEndBenchmark {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String EVENT = "customer_request_created";
    private static final Pattern GC_PAUSE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private final int instances = Integer.getInteger("instances", 4);
    private final int throughputEvents = Integer.getInteger("events", 3000);
    /** Which benchmarks to run: {@code a}, {@code b}, {@code c} ({@code d} comes with {@code a}), {@code calls}. */
    private final Set<String> phases = Set.of(System.getProperty("phases", "a,b,c,calls").split(","));
    private final Path root = RepositoryRoot.find();
    private final List<String> dispatcherJvm = dispatcherJvm(root.resolve("template.yaml"));
    private final String encryptionKey = EncryptionKeys.random();
    private final ConfigIds ids = new ConfigIds(new SecureRandom());
    private final Map<String, Object> results = new LinkedHashMap<>();

    private AwsEmulators emulators;
    private DynamoDbClient dynamo;
    private SqsClient sqs;
    private String queueUrl;
    private Receiver receiver;
    private DynamoDbWebhookConfigRepository configs;
    /** The organization of each message id published, to tell whose messages were handed back. */
    private final Map<String, String> organizationOfMessage = new ConcurrentHashMap<>();
    private final Set<String> handedBack = ConcurrentHashMap.newKeySet();

    public static void main(String[] args) throws Exception {
        new EndToEndBenchmark().run();
    }

    private void run() throws Exception {
        emulators = AwsEmulators.start();
        dynamo = emulators.dynamoClient();
        sqs = emulators.sqsClient();
        queueUrl = emulators.queueUrl(Queues.EVENTS_DEFAULT_NAME);
        receiver = new Receiver();
        configs = new DynamoDbWebhookConfigRepository(dynamo, new AesGcmSecretCipher(encryptionKey),
                AwsEmulators.defaultTables());
        results.put("instances", instances);
        results.put("events", throughputEvents);
        PackagedFunction dispatcher = startDispatcher("dispatcher", instances, emulators.quarkusConfig());
        try {
            if (phases.contains("a")) {
                throughput(dispatcher);
                memory(dispatcher);
            }
            if (phases.contains("b")) {
                batchLatency(dispatcher);
            }
            if (phases.contains("c")) {
                noisyNeighbour(dispatcher);
            }
        } finally {
            dispatcher.close();
        }
        if (phases.contains("calls")) {
            callsPerDelivery();
        }
        receiver.close();
        sqs.close();
        dynamo.close();
        emulators.close();
        System.out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        Path out = root.resolve("benchmarks/target/end-to-end.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        System.exit(0);
    }

    /** (a) Deliveries per second through the function, and the bare loops at the same concurrency. */
    private void throughput(PackagedFunction dispatcher) throws Exception {
        int concurrency = instances * 10;
        String payloadTemplate = payload("bench-bare", "").toString();
        URI bareEndpoint = URI.create(receiver.endpoint("bare", Duration.ZERO));
        BareLoop bare = new BareLoop(dynamo);
        bare.run("bare-warm", 500, concurrency, true, bareEndpoint, payloadTemplate);
        Map<String, Long> bareCpuBefore = cpuMillis(null);
        double bareWriteAndPost = bare.run("bare-write-post", throughputEvents, concurrency, true, bareEndpoint,
                payloadTemplate);
        Map<String, Long> bareCpuAfter = cpuMillis(null);
        Map<String, Double> bareCpu = new LinkedHashMap<>();
        bareCpuAfter.forEach((process, millis) -> bareCpu.put(process,
                round((millis - bareCpuBefore.getOrDefault(process, 0L)) / (double) throughputEvents)));
        results.put("a_bare_cpu_ms_per_delivery", bareCpu);
        double barePost = bare.run("bare-post", throughputEvents, concurrency, false, bareEndpoint, payloadTemplate);

        String organization = "bench-throughput";
        storeConfig(organization, receiver.endpoint("instant", Duration.ZERO), null);
        // Warm every instance: the first batches start them, load the config and the signing key, and JIT the path.
        List<String> warmUp = publish(organization, "warm", 100 * instances);
        try (LocalQueuePoller poller = poll(dispatcher)) {
            awaitArrived(warmUp, Duration.ofMinutes(3));
            awaitQueueEmpty();
        }
        List<String> measured = publish(organization, "tp", throughputEvents);
        Map<String, Long> cpuBefore = cpuMillis(dispatcher);
        long started = System.nanoTime();
        try (LocalQueuePoller poller = poll(dispatcher)) {
            awaitArrived(measured, Duration.ofMinutes(10));
            awaitQueueEmpty();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Long> cpuAfter = cpuMillis(dispatcher);
        Map<String, Double> cpuPerDelivery = new LinkedHashMap<>();
        cpuAfter.forEach((process, millis) -> cpuPerDelivery.put(process,
                round((millis - cpuBefore.getOrDefault(process, 0L)) / (double) throughputEvents)));
        results.put("a_cpu_ms_per_delivery", cpuPerDelivery);
        results.put("a_cpu_cores_busy", round(cpuPerDelivery.values().stream().mapToDouble(Double::doubleValue).sum()
                * throughputEvents / 1000 / seconds));
        double dispatcherRate = throughputEvents / seconds;
        results.put("a_concurrency", concurrency);
        results.put("a_dispatcher_per_s", round(dispatcherRate));
        results.put("a_bare_write_and_post_per_s", round(bareWriteAndPost));
        results.put("a_bare_post_per_s", round(barePost));
        results.put("a_ratio_to_write_and_post", round(dispatcherRate / bareWriteAndPost));
        results.put("a_ratio_to_post", round(dispatcherRate / barePost));
        results.put("a_repeated_requests", receiver.repeats());
    }

    /**
     * CPU time used so far (user and system, milliseconds) by the dispatcher's instances together, the
     * DynamoDB-compatible server, and this process (ElasticMQ, the queue poller, the receiver, the bare loops).
     */
    private static Map<String, Long> cpuMillis(PackagedFunction dispatcher) throws IOException {
        Map<String, Long> cpu = new LinkedHashMap<>();
        long instances = 0;
        if (dispatcher != null) {
            for (ProcessHandle instance : dispatcher.instances()) {
                instances += cpuMillis(instance.pid());
            }
        }
        cpu.put("dispatcher", instances);
        long dynalite = 0;
        for (ProcessHandle process : ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(line -> line.contains("dynalite")).orElse(false)).toList()) {
            dynalite += cpuMillis(process.pid());
        }
        cpu.put("dynalite", dynalite);
        cpu.put("harness (ElasticMQ, poller, receiver)", cpuMillis(ProcessHandle.current().pid()));
        return cpu;
    }

    /** utime + stime of a process from /proc, in milliseconds (Linux clock ticks are 10 ms). */
    private static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    /** (d) Peak heap (from each instance's GC log) and peak resident memory, after the throughput run. */
    private void memory(PackagedFunction dispatcher) throws IOException {
        long peakRssKb = 0;
        for (ProcessHandle instance : dispatcher.instances()) {
            for (String line : Files.readAllLines(Path.of("/proc/" + instance.pid() + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    peakRssKb = Math.max(peakRssKb, Long.parseLong(line.replaceAll("\\D", "")));
                }
            }
        }
        int peakHeapBeforeGc = 0;
        int peakHeapAfterGc = 0;
        int heapCapacity = 0;
        try (Stream<Path> logs = Files.list(dispatcher.taskDirectory())) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("gc-")).toList()) {
                for (String line : Files.readAllLines(log)) {
                    Matcher pause = GC_PAUSE.matcher(line);
                    if (pause.find()) {
                        peakHeapBeforeGc = Math.max(peakHeapBeforeGc, Integer.parseInt(pause.group(1)));
                        peakHeapAfterGc = Math.max(peakHeapAfterGc, Integer.parseInt(pause.group(2)));
                        heapCapacity = Math.max(heapCapacity, Integer.parseInt(pause.group(3)));
                    }
                }
            }
        }
        boolean outOfMemory = false;
        try (Stream<Path> logs = Files.list(dispatcher.taskDirectory())) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("instance-")).toList()) {
                outOfMemory |= Files.readString(log).contains("OutOfMemoryError");
            }
        }
        results.put("d_jvm_options", String.join(" ", dispatcherJvm) + " " + System.getProperty("instance.jvm", ""));
        results.put("d_peak_heap_used_mb", peakHeapBeforeGc);
        results.put("d_peak_live_heap_after_gc_mb", peakHeapAfterGc);
        results.put("d_heap_committed_mb", heapCapacity);
        results.put("d_peak_rss_mb", peakRssKb / 1024);
        results.put("d_out_of_memory", outOfMemory);
    }

    /** (b) One invocation with 10 messages to a 100 ms receiver against one with a single message, on warm instances. */
    private void batchLatency(PackagedFunction dispatcher) throws Exception {
        String organization = "bench-batch";
        storeConfig(organization, receiver.endpoint("slow100", Duration.ofMillis(100)), null);
        for (int i = 0; i < 2 * instances; i++) {
            invokeDirect(dispatcher, organization, "b-warm-" + i, 1);
        }
        List<Double> single = new ArrayList<>();
        List<Double> batch = new ArrayList<>();
        for (int round = 0; round < 7; round++) {
            single.add(invokeDirect(dispatcher, organization, "b1-" + round, 1));
            batch.add(invokeDirect(dispatcher, organization, "b10-" + round, 10));
        }
        double singleMedian = median(single);
        double batchMedian = median(batch);
        results.put("b_one_delivery_ms", round(singleMedian));
        results.put("b_batch_of_10_ms", round(batchMedian));
        results.put("b_ratio", round(batchMedian / singleMedian));
    }

    /** Invokes the function with {@code size} fresh events of the organization; answers the invocation's wall time. */
    private double invokeDirect(PackagedFunction dispatcher, String organization, String prefix, int size)
            throws Exception {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String eventId = prefix + "-" + i;
            messages.add(directMessage(organization, eventId));
        }
        long started = System.nanoTime();
        JsonNode answer = MAPPER.readTree(dispatcher.invoke(LocalQueuePoller.sqsEvent(queueUrl, messages)));
        double millis = (System.nanoTime() - started) / 1e6;
        if (!answer.path("batchItemFailures").isEmpty()) {
            throw new IllegalStateException("The batch was handed back: " + answer);
        }
        return millis;
    }

    /**
     * (c) B's events alone at 10/s for 20 s, then B's and A's together at 10/s each, A's endpoint answering in 10 s:
     * B's latency (publish to arrival) in both runs, and how many of B's messages were handed back.
     */
    private void noisyNeighbour(PackagedFunction dispatcher) throws Exception {
        String quiet = "bench-quiet";
        String noisy = "bench-noisy";
        String stranger = "bench-noisy-new";
        storeConfig(quiet, receiver.endpoint("quiet", Duration.ZERO), null);
        storeConfig(noisy, receiver.endpoint("noisy", Duration.ofSeconds(10)), null);
        storeConfig(stranger, receiver.endpoint("noisy-new", Duration.ofSeconds(10)), null);
        handedBack.clear();
        sameBatches(dispatcher, quiet, noisy);
        List<Double> alone = queueFed(dispatcher, List.of(quiet), quiet, "c-alone");
        // A is known slow to every instance now (the batches above): its sends take the fleet's leases.
        List<Double> beside = queueFed(dispatcher, List.of(noisy, quiet), quiet, "c-known");
        // A new slow endpoint: each instance learns it is slow from a send of its own first.
        List<Double> besideNew = queueFed(dispatcher, List.of(stranger, quiet), quiet, "c-new");
        results.put("c_queue_b_alone_p50_ms", round(percentile(alone, 50)));
        results.put("c_queue_b_alone_p99_ms", round(percentile(alone, 99)));
        results.put("c_queue_b_beside_known_slow_a_p50_ms", round(percentile(beside, 50)));
        results.put("c_queue_b_beside_known_slow_a_p99_ms", round(percentile(beside, 99)));
        results.put("c_queue_known_p99_ratio", round(percentile(beside, 99) / percentile(alone, 99)));
        results.put("c_queue_b_beside_new_slow_a_p50_ms", round(percentile(besideNew, 50)));
        results.put("c_queue_b_beside_new_slow_a_p99_ms", round(percentile(besideNew, 99)));
        results.put("c_queue_new_p99_ratio", round(percentile(besideNew, 99) / percentile(alone, 99)));
        results.put("c_b_handed_back", handedBack.stream().filter(id -> quiet.equals(organizationOfMessage.get(id)))
                .count());
        results.put("c_all_handed_back", handedBack.size());
    }

    /** B's latencies (publish to arrival) when {@code organizations} publish 10 events/s each for 20 s. */
    private List<Double> queueFed(PackagedFunction dispatcher, List<String> organizations, String measured,
            String prefix) throws Exception {
        Map<String, Long> published;
        try (LocalQueuePoller poller = poll(dispatcher)) {
            published = paced(organizations, prefix, 10, Duration.ofSeconds(20)).get(measured);
            awaitArrived(List.copyOf(published.keySet()), Duration.ofMinutes(3));
        }
        return latencies(published);
    }

    /**
     * (c, in the batch) One batch per instance, all at once, each with 5 of B's events, alone and then beside 5 of A's
     * (10 s endpoint): B's latency from the invocation's start to arrival, and whether any message was handed back.
     */
    private void sameBatches(PackagedFunction dispatcher, String quiet, String noisy) throws Exception {
        concurrentBatches(dispatcher, quiet, null, "cb-warm");
        List<Double> alone = concurrentBatches(dispatcher, quiet, null, "cb-alone");
        List<Double> together = concurrentBatches(dispatcher, quiet, noisy, "cb-together");
        results.put("c_batch_b_alone_p99_ms", round(percentile(alone, 99)));
        results.put("c_batch_b_beside_a_p99_ms", round(percentile(together, 99)));
        results.put("c_batch_p99_ratio", round(percentile(together, 99) / percentile(alone, 99)));
    }

    private List<Double> concurrentBatches(PackagedFunction dispatcher, String quiet, String noisy, String prefix)
            throws Exception {
        List<Thread> invocations = new ArrayList<>();
        Map<String, Long> started = new ConcurrentHashMap<>();
        List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
        for (int instance = 0; instance < instances; instance++) {
            List<Message> batch = new ArrayList<>();
            List<String> quietIds = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String quietId = prefix + "-" + instance + "-b" + i;
                quietIds.add(quietId);
                batch.add(directMessage(quiet, quietId));
                if (noisy != null) {
                    batch.add(directMessage(noisy, prefix + "-" + instance + "-a" + i));
                }
            }
            invocations.add(new Thread(() -> {
                long now = System.nanoTime();
                quietIds.forEach(id -> started.put(id, now));
                try {
                    JsonNode answer = MAPPER.readTree(dispatcher.invoke(LocalQueuePoller.sqsEvent(queueUrl, batch)));
                    answer.path("batchItemFailures").forEach(failure -> handedBack.add(
                            failure.path("itemIdentifier").asText()));
                    if (!answer.path("batchItemFailures").isEmpty()) {
                        throw new IllegalStateException("Handed back: " + answer);
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            }));
        }
        invocations.forEach(Thread::start);
        for (Thread invocation : invocations) {
            invocation.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        awaitArrived(List.copyOf(started.keySet()), Duration.ofSeconds(30));
        return latencies(started);
    }

    private Message directMessage(String organization, String eventId) {
        organizationOfMessage.put("direct-" + eventId, organization);
        return Message.builder().messageId("direct-" + eventId).receiptHandle("direct-" + eventId)
                .body(SampleEvents.eventBridgeEnvelope(eventId, EVENT, payload(organization, eventId)))
                .attributesWithStrings(Map.of("ApproximateReceiveCount", "1")).build();
    }

    /** The DynamoDB and SQS calls of the function per successful delivery, through counting proxies. */
    private void callsPerDelivery() throws Exception {
        try (CallCounter dynamoCalls = new CallCounter(emulators.dynamoEndpoint());
                CallCounter sqsCalls = new CallCounter(emulators.sqsEndpoint())) {
            Map<String, String> config = new LinkedHashMap<>(emulators.quarkusConfig());
            config.put("quarkus.dynamodb.endpoint-override", dynamoCalls.endpoint());
            config.put("quarkus.sqs.endpoint-override", sqsCalls.endpoint());
            PackagedFunction counted = startDispatcher("counted", 1, config);
            try {
                String organization = "bench-counted";
                storeConfig(organization, receiver.endpoint("counted", Duration.ZERO), null);
                // Warm: the config and the signing key are loaded once per instance, not per delivery.
                invokeDirect(counted, organization, "count-warm", 10);
                dynamoCalls.reset();
                sqsCalls.reset();
                int deliveries = 100;
                for (int i = 0; i < deliveries / 10; i++) {
                    invokeDirect(counted, organization, "count-" + i, 10);
                }
                Map<String, Double> perDelivery = new LinkedHashMap<>();
                dynamoCalls.calls().forEach((operation, count) -> perDelivery.put("DynamoDB " + operation,
                        count / (double) deliveries));
                sqsCalls.calls().forEach((operation, count) -> perDelivery.put("SQS " + operation,
                        count / (double) deliveries));
                results.put("calls_per_successful_delivery", perDelivery);
            } finally {
                counted.close();
            }
        }
    }

    /** The template's options for the dispatcher, in a JVM sized as in a function of the template's memory. */
    private static List<String> dispatcherJvm(Path template) {
        try {
            List<String> jvm = new ArrayList<>();
            jvm.addAll(TemplateJvmOptions.lambdaMemory(TemplateJvmOptions.memorySizeMb(template)));
            jvm.addAll(TemplateJvmOptions.read(template).get("DispatcherFunction"));
            return jvm;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PackagedFunction startDispatcher(String name, int maxInstances, Map<String, String> quarkusConfig) {
        Map<String, String> config = new LinkedHashMap<>(quarkusConfig);
        config.put("webhooks.encryption.key", encryptionKey);
        config.put("webhooks.delivery.allowed-address-ranges", "127.0.0.0/8");
        // As deployed: the template's options, the JVM sized for the function's memory as Lambda's would be.
        List<String> jvm = new ArrayList<>(dispatcherJvm);
        jvm.add("-Xlog:gc:file=gc-%p.log");
        jvm.addAll(TemplateJvmOptions.split(System.getProperty("instance.jvm", "")));
        return PackagedFunction.start(root.resolve("dispatcher/target/function.zip"),
                new PackagedFunction.Options(name, maxInstances, jvm,
                        PackagedFunction.environmentOf(config), Duration.ofSeconds(Queues.DISPATCHER_TIMEOUT_SECONDS),
                        PackagedFunction.Output.FILE));
    }

    private LocalQueuePoller poll(PackagedFunction dispatcher) {
        return LocalQueuePoller.start(sqs, queueUrl, sqsEvent -> {
            String answer = dispatcher.invoke(sqsEvent);
            for (JsonNode failure : MAPPER.readTree(answer).path("batchItemFailures")) {
                handedBack.add(failure.path("itemIdentifier").asText());
            }
            return answer;
        }, instances);
    }

    private void storeConfig(String organization, String url, Integer rateLimit) {
        Instant now = Instant.now();
        configs.insert(WebhookConfig.builder().id(ids.newConfigId()).organizationId(organization).name("bench")
                .eventName(EVENT).url(url).httpMethod(HttpMethod.POST).enabled(true).auth(Auth.NONE)
                .retryPolicy(RetryPolicy.DEFAULT).passThrough(JsonNodeFactory.instance.objectNode())
                .signingSecret(ids.newSigningSecret()).creationTime(now).updatedTime(now).version(1)
                .rateLimitPerSecond(rateLimit).build());
    }

    private static ObjectNode payload(String organization, String eventId) {
        ObjectNode payload = SampleEvents.sample(EVENT, organization);
        payload.put(Receiver.EVENT_ID_FIELD, eventId);
        return payload;
    }

    /** Publishes {@code count} events of the organization; answers their ids. */
    private List<String> publish(String organization, String prefix, int count) {
        List<String> eventIds = new ArrayList<>();
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String eventId = prefix + "-" + i;
            eventIds.add(eventId);
            entries.add(entry(entries.size(), organization, eventId));
            if (entries.size() == 10 || i == count - 1) {
                send(entries, Collections.nCopies(entries.size(), organization));
                entries.clear();
            }
        }
        return eventIds;
    }

    /**
     * Publishes one event per organization every 1/{@code perSecond} s for {@code duration}, the organizations' events
     * in the same SQS call so they share batches. Answers, per organization, each event's publish time (nanoTime).
     */
    private Map<String, Map<String, Long>> paced(List<String> organizations, String prefix, int perSecond,
            Duration duration) throws InterruptedException {
        Map<String, Map<String, Long>> published = new LinkedHashMap<>();
        organizations.forEach(organization -> published.put(organization, new LinkedHashMap<>()));
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        int count = (int) (duration.toSeconds() * perSecond);
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            long now = System.nanoTime();
            for (String organization : organizations) {
                String eventId = prefix + "-" + organization + "-" + i;
                entries.add(entry(entries.size(), organization, eventId));
                published.get(organization).put(eventId, now);
            }
            send(entries, organizations);
        }
        return published;
    }

    private SendMessageBatchRequestEntry entry(int index, String organization, String eventId) {
        return SendMessageBatchRequestEntry.builder().id(Integer.toString(index))
                .messageBody(SampleEvents.eventBridgeEnvelope(eventId, EVENT, payload(organization, eventId)))
                .build();
    }

    private void send(List<SendMessageBatchRequestEntry> entries, List<String> organizations) {
        SendMessageBatchResponse response = sqs.sendMessageBatch(batch -> batch.queueUrl(queueUrl).entries(entries));
        if (!response.failed().isEmpty()) {
            throw new IllegalStateException("Publishing failed: " + response.failed());
        }
        response.successful().forEach(sent -> {
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).id().equals(sent.id())) {
                    organizationOfMessage.put(sent.messageId(), organizations.get(i));
                }
            }
        });
    }

    private void awaitArrived(List<String> eventIds, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (eventIds.stream().anyMatch(id -> receiver.arrival(id) == null)) {
            if (System.nanoTime() > deadline) {
                long missing = eventIds.stream().filter(id -> receiver.arrival(id) == null).count();
                throw new IllegalStateException(missing + " of " + eventIds.size() + " events did not arrive");
            }
            Thread.sleep(20);
        }
    }

    /** Until nothing is visible, in flight or delayed on the event queue: every batch answered and deleted. */
    private void awaitQueueEmpty() throws InterruptedException {
        while (true) {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(get -> get.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
            if (attributes.values().stream().allMatch("0"::equals)) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private List<Double> latencies(Map<String, Long> published) {
        return published.entrySet().stream()
                .map(e -> (receiver.arrival(e.getKey()) - e.getValue()) / 1e6).sorted().toList();
    }

    private static double percentile(List<Double> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static double median(List<Double> values) {
        return percentile(values.stream().sorted().toList(), 50);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
