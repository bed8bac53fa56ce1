package dev.webhooks.benchmarks.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

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
import dev.webhooks.testing.AwsEmulators;
import dev.webhooks.testing.LocalQueuePoller;
import dev.webhooks.testing.PackagedFunction;
import dev.webhooks.testing.RecordingReceiver;
import dev.webhooks.testing.RepositoryRoot;
import dev.webhooks.testing.SampleEvents;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
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
 * {@code -Dseed=N} the order; {@code -Dsubjects=text} only hello and the subjects whose name contains it (to look
 * at one closely, with {@code -Djvm} logging); {@code -Dfunctions=<checkout>} the api's and the dispatcher's zips
 * of another checkout
 * (a change's baseline). Prints min, median and max per subject with each median's ratio to hello's, and writes them
 * to {@code benchmarks/target/startup.json}.
 */
public final class StartupBenchmark {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ORGANIZATION = "startup-benchmark";
    private static final String DELIVERY_ORGANIZATION = "startup-benchmark-deliveries";
    /** The api's warm workload creates its configs here, apart from the organization the first events rely on. */
    private static final String WORKLOAD_ORGANIZATION = "startup-benchmark-workload";
    private static final String EVENT = "customer_request_created";
    private static final int BATCH = 10;
    private static final String ENCRYPTION_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    /** A config as the portal creates one, pointing nowhere the benchmark sends to. */
    private static final String CONFIG = """
            {"eventName": "customer_request_created", "url": "https://partner.example.com/webhooks",
             "httpMethod": "POST", "auth": {"authType": "BASIC",
             "basicAuthConfig": {"username": "partner", "password": "change-me"}},
             "filter": {"keyToFilter": "customer_request.request_items.product_category",
             "supportedValues": ["solar", "electricity"]}}""";

    /**
     * One thing measured: a function run with its JVM options and environment, and the first event it is given.
     *
     * @param function the Lambda function's name (its log file's)
     */
    record Subject(String name, String function, Path zip, List<String> jvm, Map<String, String> environment,
            String firstEvent, Workload workload) {

        /** This subject with more options: JVM options, and {@code NAME=value} for the environment. */
        Subject withOptions(String label, List<String> more) {
            List<String> options = new ArrayList<>(jvm);
            Map<String, String> variables = new LinkedHashMap<>(environment);
            for (String option : more) {
                if (option.startsWith("-")) {
                    options.add(option);
                } else {
                    variables.put(option.substring(0, option.indexOf('=')), option.substring(option.indexOf('=') + 1));
                }
            }
            return new Subject(name + " [" + label + "]", function, zip, options, variables, firstEvent, workload);
        }
    }

    /** What a warm instance is given after its first response: {@code invocations} more, one at a time. */
    @FunctionalInterface
    interface Workload {
        void run(PackagedFunction function, int invocations) throws Exception;
    }

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("runs", 10);
        if (runs < 1) {
            throw new IllegalArgumentException("-Druns must be at least 1, was " + runs);
        }
        int warm = Integer.getInteger("warm", 0);
        long seed = Long.getLong("seed", System.nanoTime());
        Path root = RepositoryRoot.find();
        Path template = root.resolve("template.yaml");
        // The JVM sizes its heap and the rest from the memory it sees: in Lambda, the function's memory size.
        int memoryMb = Integer.getInteger("memory", TemplateJvmOptions.memorySizeMb(template));
        List<String> lambdaMemory = TemplateJvmOptions.lambdaMemory(memoryMb);
        // Each function with the options the template gives it (Lambda's java21 defaults for hello), unless -Djvm.
        Map<String, List<String>> templateOptions = TemplateJvmOptions.read(template);
        List<String> override = System.getProperty("jvm") == null ? null
                : TemplateJvmOptions.split(System.getProperty("jvm"));
        List<String> apiJvm = concat(lambdaMemory, override != null ? override : templateOptions.get("ApiFunction"));
        List<String> dispatcherJvm = concat(lambdaMemory,
                override != null ? override : templateOptions.get("DispatcherFunction"));
        List<String> helloJvm = concat(lambdaMemory,
                override != null ? override : TemplateJvmOptions.LAMBDA_JAVA21_DEFAULTS);
        // Another checkout's packaged functions, to compare a change with what came before it.
        Path functions = Path.of(System.getProperty("functions", root.toString()));
        try (AwsEmulators emulators = AwsEmulators.start(); RecordingReceiver receiver = RecordingReceiver.start()) {
            Map<String, String> stores = new LinkedHashMap<>(emulators.quarkusConfig());
            stores.put("webhooks.encryption.key", ENCRYPTION_KEY);
            stores.put("webhooks.metrics.enabled", "false");
            // The warm dispatcher delivers to the loopback receiver, which only tests and benchmarks may call.
            stores.put("webhooks.delivery.allowed-address-ranges", "127.0.0.0/8");
            Map<String, String> onDemand = new LinkedHashMap<>(PackagedFunction.environmentOf(stores));
            onDemand.put(PackagedFunction.MEMORY_SIZE_VARIABLE, Integer.toString(memoryMb));
            onDemand.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
            Map<String, String> snapStart = new LinkedHashMap<>(onDemand);
            snapStart.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
            String queueUrl = emulators.queueUrl(Queues.EVENTS_DEFAULT_NAME);
            storeDeliveryConfig(emulators, receiver.url("/startup-benchmark"));
            Path api = functions.resolve("api/target/function.zip");
            Path dispatcher = functions.resolve("dispatcher/target/function.zip");
            String documents = httpEvent("GET", "/v1/webhooks/configured-events", null);
            String configs = httpEvent("GET", "/v1/webhooks/configs", null);
            String batch = sqsEvent(queueUrl, 1, ORGANIZATION);
            Workload hello = (function, invocations) -> {
                for (int i = 0; i < invocations; i++) {
                    expectStatus(function.invoke(httpEvent("GET", "/hello", null)), 200);
                }
            };
            Workload apiWork = StartupBenchmark::configLifecycles;
            Workload deliveries = (function, invocations) -> deliveries(function, invocations, queueUrl, receiver);
            List<Subject> onDemandSubjects = List.of(
                    new Subject("api configured-events, no storage", "api", api, apiJvm, onDemand, documents,
                            apiWork),
                    new Subject("api configs, DynamoDB", "api", api, apiJvm, onDemand, configs, apiWork),
                    new Subject("dispatcher one message, DynamoDB", "dispatcher", dispatcher, dispatcherJvm, onDemand,
                            batch, deliveries));
            List<Subject> subjects = new ArrayList<>();
            subjects.add(new Subject("hello GET /hello", "hello",
                    root.resolve("benchmarks/hello-function/target/function.zip"), helloJvm,
                    Map.of(PackagedFunction.MEMORY_SIZE_VARIABLE, Integer.toString(memoryMb)),
                    httpEvent("GET", "/hello", null), hello));
            subjects.addAll(onDemandSubjects);
            Map<String, List<String>> variants = variants(System.getProperty("variants", ""));
            if (variants.isEmpty()) {
                subjects.add(new Subject("api configured-events, snap-start init", "api", api, apiJvm, snapStart,
                        documents, apiWork));
                subjects.add(new Subject("api configs, snap-start init", "api", api, apiJvm, snapStart, configs,
                        apiWork));
                subjects.add(new Subject("dispatcher one message, snap-start init", "dispatcher", dispatcher,
                        dispatcherJvm, snapStart, batch, deliveries));
            } else {
                // Each variant's options after the template's (the last of a flag wins), on-demand starts only.
                variants.forEach((label, more) -> onDemandSubjects
                        .forEach(subject -> subjects.add(subject.withOptions(label, more))));
            }
            subjects.removeIf(subject -> !subject.function().equals("hello")
                    && !subject.name().contains(System.getProperty("subjects", "")));

            Map<String, List<ColdStart>> measured = new LinkedHashMap<>();
            subjects.forEach(subject -> measured.put(subject.name(), new ArrayList<>()));
            Random order = new Random(seed);
            System.err.println("order seed " + seed + " (-Dseed to repeat)");
            // Round 0 warms the machine's caches for every subject alike and is not counted.
            for (int run = 0; run <= runs; run++) {
                List<Subject> round = new ArrayList<>(subjects);
                Collections.shuffle(round, order);
                for (Subject subject : round) {
                    ColdStart coldStart = coldStart(subject, warm);
                    if (run > 0) {
                        measured.get(subject.name()).add(coldStart);
                    }
                    System.err.printf(Locale.ROOT, "run %d %-52s %5d ms (first invoke %d ms, %d MB, %d MB warm)%n",
                            run, subject.name(), coldStart.total().toMillis(), coldStart.firstInvoke().toMillis(),
                            coldStart.peakRssMb(), coldStart.warmPeakRssMb());
                }
            }
            report(measured, subjects, root, warm);
        }
    }

    /**
     * One cold start: launch to first response, the part after the init phase (the first invoke alone), the peak
     * resident memory at that response, and after the warm invocations (0 without them).
     */
    record ColdStart(Duration total, Duration firstInvoke, long peakRssMb, long warmPeakRssMb) {
    }

    /**
     * A new JVM: from its launch to its first response, and from the end of its init phase to that response; then,
     * with {@code warm} > 0, that many more invocations of the subject's workload, one after another.
     */
    private static ColdStart coldStart(Subject subject, int warm) throws Exception {
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
            long pid = function.instances().get(0).pid();
            long peakRss = peakRssMb(pid);
            subject.workload().run(function, warm);
            return new ColdStart(Duration.ofNanos(answered - function.launchTimes().get(0)),
                    Duration.ofNanos(answered - function.firstInitDone().orElseThrow()), peakRss,
                    warm > 0 ? peakRssMb(pid) : 0);
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

    private static void report(Map<String, List<ColdStart>> measured, List<Subject> subjects, Path root, int warm)
            throws IOException {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("java", System.getProperty("java.version"));
        json.put("warmInvocations", warm);
        List<ColdStart> hello = measured.values().iterator().next();
        Figures helloTotal = Figures.of(hello.stream().map(run -> run.total().toMillis()).toList());
        Figures helloInvoke = Figures.of(hello.stream().map(run -> run.firstInvoke().toMillis()).toList());
        System.out.printf(Locale.ROOT, "%-52s %22s %9s   %22s %9s   %s%n", "", "launch to first response", "",
                "first invoke after init", "", warm > 0 ? "peak RSS (MB), after " + warm : "peak RSS");
        System.out.printf(Locale.ROOT, "%-52s %6s %7s %7s %9s   %6s %7s %7s %9s   %8s %8s%n", "subject", "min",
                "median", "max", "x hello", "min", "median", "max", "x hello", "MB", warm > 0 ? "warm" : "");
        measured.forEach((name, runs) -> {
            Figures total = Figures.of(runs.stream().map(run -> run.total().toMillis()).toList());
            Figures invoke = Figures.of(runs.stream().map(run -> run.firstInvoke().toMillis()).toList());
            double rss = Figures.of(runs.stream().map(ColdStart::peakRssMb).toList()).median();
            Figures warmRss = Figures.of(runs.stream().map(ColdStart::warmPeakRssMb).toList());
            System.out.printf(Locale.ROOT, "%-52s %6d %7.0f %7d %9.2f   %6d %7.0f %7d %9.2f   %8.0f %8s%n", name,
                    total.min(), total.median(), total.max(), total.median() / helloTotal.median(), invoke.min(),
                    invoke.median(), invoke.max(), invoke.median() / helloInvoke.median(), rss,
                    warm > 0 ? String.format(Locale.ROOT, "%.0f", warmRss.median()) : "");
            ObjectNode row = json.putObject(name);
            Subject subject = subjects.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
            row.put("jvmOptions", String.join(" ", subject.jvm()));
            row.put("runs", runs.size());
            row.put("peakRssMbMedian", rss);
            if (warm > 0) {
                warmRss.write(row.putObject("peakRssMbAfterWarmInvocations"), null);
            }
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

        /** Writes these figures, with the median's ratio to hello's when {@code hello} is given. */
        void write(ObjectNode json, Figures hello) {
            json.put("min", min).put("median", median).put("max", max);
            if (hello != null) {
                json.put("medianToHello", median / hello.median());
            }
        }
    }

    /** An HTTP API (payload 2.0) request, as API Gateway sends it once its JWT authorizer verified the token. */
    private static String httpEvent(String method, String path, String body) {
        return httpEvent(method, path, body, ORGANIZATION);
    }

    private static String httpEvent(String method, String path, String body, String organization) {
        ObjectNode event = MAPPER.createObjectNode().put("version", "2.0").put("routeKey", "$default")
                .put("rawPath", path).put("rawQueryString", "").put("isBase64Encoded", false);
        ObjectNode headers = event.putObject("headers").put("accept", "application/json")
                .put("host", "api.example.com");
        if (body != null) {
            headers.put("content-type", "application/json");
            event.put("body", body);
        }
        ObjectNode context = event.putObject("requestContext").put("accountId", "000000000000").put("apiId", "bench")
                .put("domainName", "api.example.com").put("requestId", UUID.randomUUID().toString())
                .put("routeKey", "$default").put("stage", "$default").put("timeEpoch", System.currentTimeMillis());
        context.putObject("http").put("method", method).put("path", path).put("protocol", "HTTP/1.1")
                .put("sourceIp", "203.0.113.7").put("userAgent", "startup-benchmark");
        context.putObject("authorizer").putObject("jwt").putObject("claims").put("org_id", organization)
                .put("sub", "startup-benchmark");
        return event.toString();
    }

    /** A batch of {@code size} new events of {@code organization}, each a message as the event source delivers it. */
    private static String sqsEvent(String queueUrl, int size, String organization) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String eventId = UUID.randomUUID().toString();
            messages.add(Message.builder().messageId(UUID.randomUUID().toString()).receiptHandle("startup-" + i)
                    .body(SampleEvents.eventBridgeEnvelope(eventId, EVENT, SampleEvents.sample(EVENT, organization)))
                    .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1",
                            MessageSystemAttributeName.SENT_TIMESTAMP, Long.toString(System.currentTimeMillis())))
                    .build());
        }
        return LocalQueuePoller.sqsEvent(queueUrl, messages);
    }

    /**
     * The api under use: a config created, the organization's configs listed, the config deleted, again and again
     * (in an organization of its own: the first events' organization must stay without configs).
     */
    private static void configLifecycles(PackagedFunction function, int invocations) throws Exception {
        for (int done = 0; done < invocations; done += 3) {
            JsonNode created = MAPPER.readTree(expectStatus(function.invoke(httpEvent("POST", "/v1/webhooks/configs",
                    CONFIG, WORKLOAD_ORGANIZATION)), 201).path("body").asText());
            expectStatus(function.invoke(httpEvent("GET", "/v1/webhooks/configs", null, WORKLOAD_ORGANIZATION)), 200);
            expectStatus(function.invoke(httpEvent("DELETE", "/v1/webhooks/configs/" + created.path("id").asText(),
                    null, WORKLOAD_ORGANIZATION)), 204);
        }
    }

    /**
     * The dispatcher at full load for one instance: batches of {@value #BATCH} events of an organization whose
     * config sends each to the receiver (filter, sign, send, record). Every event must arrive.
     */
    private static void deliveries(PackagedFunction function, int invocations, String queueUrl,
            RecordingReceiver receiver) throws Exception {
        receiver.reset();
        for (int i = 0; i < invocations; i++) {
            JsonNode answer = MAPPER.readTree(function.invoke(sqsEvent(queueUrl, BATCH, DELIVERY_ORGANIZATION)));
            if (!answer.path("batchItemFailures").isEmpty()) {
                throw new IllegalStateException("The dispatcher failed messages of a batch: " + answer);
            }
        }
        if (receiver.received().size() != invocations * BATCH) {
            throw new IllegalStateException("The receiver got " + receiver.received().size() + " deliveries of "
                    + invocations * BATCH);
        }
    }

    /** The response of an API Gateway proxy invocation, checked for its status. */
    private static JsonNode expectStatus(String response, int status) throws IOException {
        JsonNode answer = MAPPER.readTree(response);
        if (answer.path("statusCode").asInt() != status) {
            throw new IllegalStateException("Expected " + status + ", got " + response);
        }
        return answer;
    }

    /** The organization whose config sends every event to the receiver. */
    private static void storeDeliveryConfig(AwsEmulators emulators, String url) {
        Instant now = Instant.now();
        ConfigIds ids = new ConfigIds(new SecureRandom());
        try (DynamoDbClient dynamo = emulators.dynamoClient()) {
            new DynamoDbWebhookConfigRepository(dynamo, new AesGcmSecretCipher(ENCRYPTION_KEY),
                    AwsEmulators.defaultTables())
                    .insert(WebhookConfig.builder().id(ids.newConfigId()).organizationId(DELIVERY_ORGANIZATION)
                            .name("startup-benchmark").eventName(EVENT).url(url).httpMethod(HttpMethod.POST)
                            .enabled(true).auth(Auth.NONE).retryPolicy(RetryPolicy.DEFAULT)
                            .passThrough(JsonNodeFactory.instance.objectNode()).signingSecret(ids.newSigningSecret())
                            .creationTime(now).updatedTime(now).version(1).build());
        }
    }

    /**
     * {@code -Dvariants="label:options|label:options"}, in order. Each option is a JVM option ({@code -...}) or an
     * environment variable ({@code NAME=value}); anything else, a missing or repeated label, or a variable the harness
     * sets itself is refused, so that no row runs under a name that is not what it measured.
     */
    static Map<String, List<String>> variants(String property) {
        Map<String, List<String>> variants = new LinkedHashMap<>();
        for (String variant : property.split("\\|")) {
            if (variant.isBlank()) {
                continue;
            }
            int colon = variant.indexOf(':');
            String label = colon < 0 ? "" : variant.substring(0, colon).trim();
            if (label.isEmpty() || label.startsWith("-") || variants.containsKey(label)) {
                throw new IllegalArgumentException("-Dvariants: each variant is label:options with a label of its own, "
                        + "not " + variant);
            }
            List<String> options = TemplateJvmOptions.split(variant.substring(colon + 1));
            for (String option : options) {
                boolean variable = option.matches("[A-Z_][A-Z0-9_]*=.*");
                if (!option.startsWith("-") && !variable || variable && (option.startsWith("AWS_")
                        || option.startsWith("JAVA_TOOL_OPTIONS="))) {
                    throw new IllegalArgumentException("-Dvariants: " + option + " in " + label + " is neither a JVM "
                            + "option nor an environment variable the harness leaves to the function");
                }
            }
            variants.put(label, options);
        }
        return variants;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }
}
