package dev.webhooks.benchmarks.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Client against a Runtime API stand-in ({@link PackagedFunction}), one new JVM per run, each function with the JVM
 * options the template gives it (hello with Lambda's java21 defaults). Each run gives: the time from the JVM's launch
 * to its first response (init plus first invoke); the time from the end of its init phase to that response (the
 * first invoke alone); and the peak resident memory at that point.
 *
 * <p>Subjects, in a new random order each round (round 0 warms up and is not counted): hello's {@code GET /hello};
 * the api's {@code GET /v1/webhooks/configured-events} (no storage) and {@code GET /v1/webhooks/configs} (one
 * DynamoDB query), each behind API Gateway's JWT authorizer as deployed (the verified claims in the event); the
 * dispatcher's first batch of one message (one DynamoDB query for the organization's configs, none found). Each
 * function runs as an on-demand cold start and as a SnapStart init ({@code AWS_LAMBDA_INITIALIZATION_TYPE}), which
 * does the first request's work in init ({@code InitPhase}).
 *
 * <p>{@code -Druns=10} runs per subject; {@code -Djvm="..."} the same JVM options for every subject instead;
 * {@code -Dseed=N} the order; {@code -Dfunctions=<checkout>} the api's and the dispatcher's zips of another checkout
 * (a change's baseline). Prints min, median and max per subject with each median's ratio to hello's, and writes them
 * to {@code benchmarks/target/startup.json}.
 */
public final class StartupBenchmark {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ORGANIZATION = "startup-benchmark";

    /**
     * One thing measured: a function run with its JVM options and environment, and the first event it is given.
     *
     * @param function the Lambda function's name (its log file's)
     */
    record Subject(String name, String function, Path zip, List<String> jvm, Map<String, String> environment,
            String firstEvent) {
    }

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("runs", 10);
        long seed = Long.getLong("seed", System.nanoTime());
        Path root = RepositoryRoot.find();
        // Each function with the options the template gives it (Lambda's java21 defaults for hello), unless -Djvm.
        Map<String, List<String>> templateOptions = TemplateJvmOptions.read(root.resolve("template.yaml"));
        List<String> override = System.getProperty("jvm") == null ? null
                : Arrays.stream(System.getProperty("jvm").split(" ")).filter(option -> !option.isBlank()).toList();
        List<String> apiJvm = override != null ? override : templateOptions.get("ApiFunction");
        List<String> dispatcherJvm = override != null ? override : templateOptions.get("DispatcherFunction");
        List<String> helloJvm = override != null ? override : TemplateJvmOptions.LAMBDA_JAVA21_DEFAULTS;
        // Another checkout's packaged functions, to compare a change with what came before it.
        Path functions = Path.of(System.getProperty("functions", root.toString()));
        try (AwsEmulators emulators = AwsEmulators.start()) {
            Map<String, String> stores = new LinkedHashMap<>(emulators.quarkusConfig());
            stores.put("webhooks.encryption.key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
            stores.put("webhooks.metrics.enabled", "false");
            Map<String, String> onDemand = new LinkedHashMap<>(PackagedFunction.environmentOf(stores));
            onDemand.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
            Map<String, String> snapStart = new LinkedHashMap<>(onDemand);
            snapStart.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
            String queueUrl = emulators.queueUrl(Queues.EVENTS_DEFAULT_NAME);
            Path api = functions.resolve("api/target/function.zip");
            Path dispatcher = functions.resolve("dispatcher/target/function.zip");
            String documents = httpEvent("/v1/webhooks/configured-events");
            String configs = httpEvent("/v1/webhooks/configs");
            String batch = sqsEvent(queueUrl);
            List<Subject> subjects = List.of(
                    new Subject("hello GET /hello", "hello", root.resolve(
                            "benchmarks/hello-function/target/function.zip"), helloJvm, Map.of(), httpEvent("/hello")),
                    new Subject("api configured-events, no storage", "api", api, apiJvm, onDemand, documents),
                    new Subject("api configs, DynamoDB", "api", api, apiJvm, onDemand, configs),
                    new Subject("dispatcher one message, DynamoDB", "dispatcher", dispatcher, dispatcherJvm, onDemand,
                            batch),
                    new Subject("api configured-events, snap-start init", "api", api, apiJvm, snapStart, documents),
                    new Subject("api configs, snap-start init", "api", api, apiJvm, snapStart, configs),
                    new Subject("dispatcher one message, snap-start init", "dispatcher", dispatcher, dispatcherJvm,
                            snapStart, batch));

            Map<String, List<ColdStart>> measured = new LinkedHashMap<>();
            subjects.forEach(subject -> measured.put(subject.name(), new ArrayList<>()));
            Random order = new Random(seed);
            System.err.println("order seed " + seed + " (-Dseed to repeat)");
            // Round 0 warms the machine's caches for every subject alike and is not counted.
            for (int run = 0; run <= runs; run++) {
                List<Subject> round = new ArrayList<>(subjects);
                Collections.shuffle(round, order);
                for (Subject subject : round) {
                    ColdStart coldStart = coldStart(subject);
                    if (run > 0) {
                        measured.get(subject.name()).add(coldStart);
                    }
                    System.err.printf(Locale.ROOT, "run %d %-42s %5d ms (first invoke %d ms)%n", run,
                            subject.name(), coldStart.total().toMillis(), coldStart.firstInvoke().toMillis());
                }
            }
            report(measured, subjects, root);
        }
    }

    /** One cold start: launch to first response, and the part after the init phase (the first invoke alone). */
    record ColdStart(Duration total, Duration firstInvoke, long peakRssMb) {
    }

    /** A new JVM: from its launch to its first response, and from the end of its init phase to that response. */
    private static ColdStart coldStart(Subject subject) throws Exception {
        PackagedFunction.Options options = new PackagedFunction.Options(subject.function(), 1, subject.jvm(),
                subject.environment(), Duration.ofSeconds(60), PackagedFunction.Output.FILE);
        try (PackagedFunction function = PackagedFunction.start(subject.zip(), options)) {
            String response = function.invoke(subject.firstEvent());
            long answered = System.nanoTime();
            JsonNode answer = MAPPER.readTree(response);
            boolean ok = answer.has("statusCode") ? answer.path("statusCode").asInt() == 200
                    : answer.has("batchItemFailures") && answer.path("batchItemFailures").isEmpty();
            if (!ok) {
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

    private static void report(Map<String, List<ColdStart>> measured, List<Subject> subjects, Path root)
            throws IOException {
        ObjectNode json = MAPPER.createObjectNode();
        ObjectNode options = json.putObject("jvmOptions");
        subjects.forEach(subject -> options.put(subject.function(), String.join(" ", subject.jvm())));
        json.put("java", System.getProperty("java.version"));
        List<ColdStart> hello = measured.values().iterator().next();
        Figures helloTotal = Figures.of(hello.stream().map(run -> run.total().toMillis()).toList());
        Figures helloInvoke = Figures.of(hello.stream().map(run -> run.firstInvoke().toMillis()).toList());
        System.out.printf(Locale.ROOT, "%-42s %22s %9s   %22s %9s   %s%n", "", "launch to first response", "",
                "first invoke after init", "", "peak RSS");
        System.out.printf(Locale.ROOT, "%-42s %6s %7s %7s %9s   %6s %7s %7s %9s   %8s%n", "subject", "min", "median",
                "max", "x hello", "min", "median", "max", "x hello", "MB");
        measured.forEach((name, runs) -> {
            Figures total = Figures.of(runs.stream().map(run -> run.total().toMillis()).toList());
            Figures invoke = Figures.of(runs.stream().map(run -> run.firstInvoke().toMillis()).toList());
            double rss = Figures.of(runs.stream().map(ColdStart::peakRssMb).toList()).median();
            System.out.printf(Locale.ROOT, "%-42s %6d %7.0f %7d %9.2f   %6d %7.0f %7d %9.2f   %8.0f%n", name,
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

    /** Min, median and max of some runs' values (milliseconds, megabytes). */
    record Figures(long min, double median, long max) {

        static Figures of(List<Long> values) {
            List<Long> sorted = values.stream().sorted().toList();
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
