package dev.webhooks.benchmarks.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.testing.AwsEmulators;
import dev.webhooks.testing.LocalQueuePoller;
import dev.webhooks.testing.PackagedFunction;
import dev.webhooks.testing.RepositoryRoot;
import dev.webhooks.testing.SampleEvents;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Cold starts of the packaged functions against a hello-world lambda-http function built in the same build
 * ({@code benchmarks/hello-function}), all run the same way: the {@code function.zip} under AWS's Runtime Interface
 * Client against a Runtime API stand-in ({@link PackagedFunction}), one new JVM per run, with the same JVM options.
 * Each run gives two figures: from the JVM's launch to its first response (init plus first invoke, an on-demand cold
 * start), and from the end of its init phase to that response (the first invoke alone, as after a SnapStart restore
 * or on a provisioned instance).
 *
 * <p>Subjects, interleaved so that the machine's drift touches them alike: the hello function's {@code GET /hello};
 * the api's {@code GET /v1/webhooks/configured-events} (no storage) and {@code GET /v1/webhooks/configs} (one
 * DynamoDB query), each behind API Gateway's JWT authorizer as deployed (the verified claims in the event); the
 * dispatcher's first batch of one message (one DynamoDB query for the organization's configs, none found).
 *
 * <p>{@code -Druns=10} runs per subject; {@code -Djvm="-XX:+UseSerialGC ..."} the instances' JVM options, the same
 * for every subject (default: the serial collector, as a 1-vCPU-or-less function gets); {@code -Dfunctions=<checkout>}
 * the api's and the dispatcher's zips of another checkout (a change's baseline), the hello function's always this
 * one's. Prints min, median and max per subject with each median's ratio to the hello function's, and writes them to
 * {@code benchmarks/target/startup.json}.
 */
public final class StartupBenchmark {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ORGANIZATION = "startup-benchmark";

    /** One thing measured: a function, and the first event it is given. */
    record Subject(String name, Path zip, Map<String, String> environment, String firstEvent) {
    }

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("runs", 10);
        List<String> jvm = Arrays.stream(System.getProperty("jvm", "-XX:+UseSerialGC").split(" "))
                .filter(option -> !option.isBlank()).toList();
        Path root = RepositoryRoot.find();
        // Another checkout's packaged functions, to compare a change with what came before it.
        Path functions = Path.of(System.getProperty("functions", root.toString()));
        try (AwsEmulators emulators = AwsEmulators.start()) {
            Map<String, String> stores = new LinkedHashMap<>(emulators.quarkusConfig());
            stores.put("webhooks.encryption.key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
            stores.put("webhooks.metrics.enabled", "false");
            Map<String, String> environment = PackagedFunction.environmentOf(stores);
            String queueUrl = emulators.queueUrl(Queues.EVENTS_DEFAULT_NAME);
            Path api = functions.resolve("api/target/function.zip");
            Path dispatcher = functions.resolve("dispatcher/target/function.zip");
            List<Subject> subjects = List.of(
                    new Subject("hello GET /hello", root.resolve("benchmarks/hello-function/target/function.zip"),
                            Map.of(), httpEvent("/hello")),
                    new Subject("api GET configured-events (no storage)", api, environment,
                            httpEvent("/v1/webhooks/configured-events")),
                    new Subject("api GET configs (DynamoDB)", api, environment, httpEvent("/v1/webhooks/configs")),
                    new Subject("dispatcher one message (DynamoDB)", dispatcher, environment, sqsEvent(queueUrl)));

            Map<String, List<ColdStart>> measured = new LinkedHashMap<>();
            subjects.forEach(subject -> measured.put(subject.name(), new ArrayList<>()));
            for (int run = 0; run < runs; run++) {
                for (int i = 0; i < subjects.size(); i++) {
                    // A different first subject each round: none always runs right after the same neighbour.
                    Subject subject = subjects.get((i + run) % subjects.size());
                    ColdStart coldStart = coldStart(subject, jvm);
                    measured.get(subject.name()).add(coldStart);
                    System.err.printf(Locale.ROOT, "run %d %-42s %5d ms (first invoke %d ms)%n", run + 1,
                            subject.name(), coldStart.total().toMillis(), coldStart.firstInvoke().toMillis());
                }
            }
            report(measured, jvm, root);
        }
    }

    /** One cold start: launch to first response, and the part after the init phase (the first invoke alone). */
    record ColdStart(Duration total, Duration firstInvoke, long peakRssMb) {
    }

    /** A new JVM: from its launch to its first response, and from the end of its init phase to that response. */
    private static ColdStart coldStart(Subject subject, List<String> jvm) throws Exception {
        PackagedFunction.Options options = new PackagedFunction.Options(subject.name().split(" ")[0], 1, jvm,
                subject.environment(), Duration.ofSeconds(60), PackagedFunction.Output.FILE);
        try (PackagedFunction function = PackagedFunction.start(subject.zip(), options)) {
            String response = function.invoke(subject.firstEvent());
            long answered = System.nanoTime();
            if (response.contains("\"statusCode\"") && !response.contains("\"statusCode\":200")) {
                throw new IllegalStateException(subject.name() + " answered " + response);
            }
            return new ColdStart(Duration.ofNanos(answered - function.launchTimes().get(0)),
                    Duration.ofNanos(answered - function.firstInitDone().orElseThrow()),
                    peakRssMb(function.instances().get(0).pid()));
        }
    }

    /** The process's peak resident memory so far ({@code VmHWM}), in MB. */
    private static long peakRssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new IOException("No VmHWM in /proc/" + pid + "/status");
    }

    private static void report(Map<String, List<ColdStart>> measured, List<String> jvm, Path root)
            throws IOException {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("jvmOptions", String.join(" ", jvm));
        json.put("java", System.getProperty("java.version"));
        List<ColdStart> hello = measured.values().iterator().next();
        Figures helloTotal = Figures.of(hello.stream().map(ColdStart::total).toList());
        Figures helloInvoke = Figures.of(hello.stream().map(ColdStart::firstInvoke).toList());
        System.out.printf(Locale.ROOT, "%-42s %22s %9s   %22s %9s   %s%n", "", "launch to first response", "",
                "first invoke after init", "", "peak RSS");
        System.out.printf(Locale.ROOT, "%-42s %6s %7s %7s %9s   %6s %7s %7s %9s   %8s%n", "subject", "min", "median",
                "max", "x hello", "min", "median", "max", "x hello", "MB");
        measured.forEach((name, runs) -> {
            Figures total = Figures.of(runs.stream().map(ColdStart::total).toList());
            Figures invoke = Figures.of(runs.stream().map(ColdStart::firstInvoke).toList());
            long rss = runs.stream().mapToLong(ColdStart::peakRssMb).sorted().toArray()[runs.size() / 2];
            System.out.printf(Locale.ROOT, "%-42s %6d %7.0f %7d %9.2f   %6d %7.0f %7d %9.2f   %8d%n", name,
                    total.min(), total.median(), total.max(), total.median() / helloTotal.median(), invoke.min(),
                    invoke.median(), invoke.max(), invoke.median() / helloInvoke.median(), rss);
            ObjectNode row = json.putObject(name);
            row.put("runs", runs.size());
            row.put("peakRssMbMedian", rss);
            total.write(row.putObject("launchToFirstResponseMs"), helloTotal);
            invoke.write(row.putObject("firstInvokeAfterInitMs"), helloInvoke);
        });
        Path out = root.resolve("benchmarks/target/startup.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    }

    /** Min, median and max of some runs, in milliseconds. */
    record Figures(long min, double median, long max) {

        static Figures of(List<Duration> times) {
            List<Long> sorted = times.stream().map(Duration::toMillis).sorted().toList();
            int middle = sorted.size() / 2;
            double median = sorted.size() % 2 == 1 ? sorted.get(middle)
                    : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
            return new Figures(sorted.get(0), median, sorted.get(sorted.size() - 1));
        }

        void write(ObjectNode json, Figures hello) {
            json.put("min", min).put("median", median).put("max", max).put("medianToHello", median / hello.median());
        }
    }

    /** An HTTP API (payload 2.0) GET, as API Gateway sends it once its JWT authorizer verified the token. */
    private static String httpEvent(String path) {
        ObjectNode event = MAPPER.createObjectNode().put("version", "2.0").put("routeKey", "$default")
                .put("rawPath", path).put("rawQueryString", "").put("isBase64Encoded", false);
        event.putObject("headers").put("accept", "application/json").put("host", "api.example.com");
        ObjectNode context = event.putObject("requestContext").put("accountId", "000000000000").put("apiId", "bench")
                .put("domainName", "api.example.com").put("requestId", UUID.randomUUID().toString())
                .put("routeKey", "$default").put("stage", "$default").put("timeEpoch", System.currentTimeMillis());
        context.putObject("http").put("method", "GET").put("path", path).put("protocol", "HTTP/1.1")
                .put("sourceIp", "203.0.113.7").put("userAgent", "startup-benchmark");
        context.putObject("authorizer").putObject("jwt").putObject("claims").put("org_id", ORGANIZATION)
                .put("sub", "startup-benchmark");
        return event.toString();
    }

    /** A batch of one event of an organization without configs: the dispatcher queries its configs and is done. */
    private static String sqsEvent(String queueUrl) {
        Message message = Message.builder().messageId(UUID.randomUUID().toString()).receiptHandle("startup")
                .body(SampleEvents.sample("customer_request_created", ORGANIZATION).toString())
                .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1",
                        MessageSystemAttributeName.SENT_TIMESTAMP, Long.toString(System.currentTimeMillis())))
                .build();
        return LocalQueuePoller.sqsEvent(queueUrl, List.of(message));
    }
}
