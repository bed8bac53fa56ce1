package dev.webhooks.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.webhooks.core.adapter.crypto.AesGcmSecretCipher;
import dev.webhooks.core.adapter.dynamodb.DynamoDbWebhookConfigRepository;
import dev.webhooks.core.adapter.dynamodb.Tables;
import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.config.HttpMethod;
import dev.webhooks.core.config.RetryPolicy;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.settings.TableSettings;
import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.testing.AwsEmulators;
import dev.webhooks.testing.EncryptionKeys;
import dev.webhooks.testing.HttpApiGateway;
import dev.webhooks.testing.LocalQueuePoller;
import dev.webhooks.testing.LoopbackServers;
import dev.webhooks.testing.PackagedFunction;
import dev.webhooks.testing.SampleEvents;
import dev.webhooks.testing.TokenIssuer;
import dev.webhooks.testing.RecordingReceiver;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The packaged functions run as deployed: each module's JVM {@code function.zip} is unpacked and started under AWS's
 * Lambda Runtime Interface Client with the handler the SAM template names, against a Runtime API stand-in, and fed the
 * sample events of {@code events/} (the ones {@code sam local invoke} uses). The API answers a create and a get; the
 * dispatcher delivers the configured events to a real receiver. This proves the artifacts, not dev mode.
 */
class PackagedFunctionsIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Path root;
    private static AwsEmulators emulators;
    private static String encryptionKey;
    private static final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void startEmulators() {
        root = Path.of(System.getProperty("webhooks.repository.root", ".."));
        emulators = AwsEmulators.start();
        encryptionKey = EncryptionKeys.random();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        emulators.close();
    }

    @Test
    void theApiFunctionAnswersACreateAndAGet() throws Exception {
        PackagedFunction runtime = start("api");

        JsonNode created = MAPPER.readTree(runtime.invoke(read("events/api-create-config.json")));
        assertThat(created.path("statusCode").asInt()).as(created.toString()).isEqualTo(201);
        JsonNode config = MAPPER.readTree(created.path("body").asText());
        assertThat(config.path("signingSecret").asText()).startsWith("whsec_");

        String get = read("events/api-get-config.json").replace("REPLACE_WITH_CONFIG_ID", config.path("id").asText());
        JsonNode read = MAPPER.readTree(runtime.invoke(get));
        assertThat(read.path("statusCode").asInt()).isEqualTo(200);
        assertThat(MAPPER.readTree(read.path("body").asText()).path("url").asText())
                .isEqualTo("https://partner.example.com/webhooks");

        JsonNode listed = MAPPER.readTree(runtime.invoke(read("events/api-list-configs.json")));
        assertThat(listed.path("statusCode").asInt()).isEqualTo(200);
    }

    /**
     * Where init runs ahead of the requests ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}; the Runtime API
     * stand-in answers the runtime client's {@code restore/next} at once), the function sends DynamoDB its first query
     * in init. A DynamoDB that accepts connections and never answers costs init at most the query's 2 s, says so in a
     * warning, and the function still answers; an on-demand start does not send the query at all.
     */
    @Test
    void aSnapStartInitPrimesDynamoDbWithinItsTimeAndAnOnDemandOneDoesNot() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepted, never read or answered
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "silent-dynamodb");
            acceptor.setDaemon(true);
            acceptor.start();
            Map<String, String> silentDynamo = Map.of("QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE",
                    "http://127.0.0.1:" + silent.getLocalPort());
            Map<String, String> snapStart = new LinkedHashMap<>(silentDynamo);
            snapStart.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
            Map<String, String> onDemand = new LinkedHashMap<>(silentDynamo);
            onDemand.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
            ObjectNode documents = (ObjectNode) MAPPER.readTree(read("events/api-list-configs.json"));
            documents.put("rawPath", "/v1/webhooks/configured-events");
            ((ObjectNode) documents.path("requestContext").path("http")).put("path", "/v1/webhooks/configured-events");

            PackagedFunction primed = start("api", 1, snapStart);
            PackagedFunction unprimed = start("api", 1, onDemand);

            assertThat(MAPPER.readTree(primed.invoke(documents.toString())).path("statusCode").asInt()).isEqualTo(200);
            assertThat(MAPPER.readTree(unprimed.invoke(documents.toString())).path("statusCode").asInt())
                    .isEqualTo(200);
            assertThat(primed.outputLines()).anyMatch(line -> line.contains("first query in the init phase failed"));
            assertThat(unprimed.outputLines()).noneMatch(line -> line.contains("init phase"));
            held.forEach(socket -> {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a socket nobody uses
                }
            });
        }
    }

    /**
     * The {@code sam local start-api} recipe: SAM emulates no JWT authorizer, so requests reach the function without
     * verified claims. With the template's {@code WEBHOOKS_AUTH_JWT_PUBLIC_KEY} set (SAM's --env-vars), the function
     * verifies the bearer token itself; as deployed (empty), such a request is refused.
     */
    @Test
    void underSamLocalTheApiVerifiesBearerTokensWithTheKeyItIsGiven() throws Exception {
        ObjectNode event = (ObjectNode) MAPPER.readTree(read("events/api-list-configs.json"));
        ((ObjectNode) event.path("requestContext")).remove("authorizer");
        ((ObjectNode) event.path("headers")).put("authorization", "Bearer "
                + TokenIssuer.shared().tokenFor("739224"));
        PackagedFunction local = start("api", 1, Map.of("WEBHOOKS_AUTH_JWT_PUBLIC_KEY",
                TokenIssuer.shared().publicKeyPem()));
        PackagedFunction deployed = start("api", 1, Map.of("WEBHOOKS_AUTH_JWT_PUBLIC_KEY", ""));

        assertThat(MAPPER.readTree(local.invoke(event.toString())).path("statusCode").asInt()).isEqualTo(200);
        assertThat(MAPPER.readTree(deployed.invoke(event.toString())).path("statusCode").asInt()).isEqualTo(401);
        ((ObjectNode) event.path("headers")).put("authorization", "Bearer not-a-token");
        assertThat(MAPPER.readTree(local.invoke(event.toString())).path("statusCode").asInt()).isEqualTo(401);
    }

    @Test
    void theDispatcherFunctionDeliversTheSampleBatch() throws Exception {
        RecordingReceiver receiver = RecordingReceiver.start();
        closeables.add(receiver);
        storeConfig("customer_request_created", receiver.url("/packaged"));
        PackagedFunction runtime = start("dispatcher");

        JsonNode response = MAPPER.readTree(runtime.invoke(read("events/sqs-configured-events.json")));

        assertThat(response.path("batchItemFailures").isArray()).as(response.toString()).isTrue();
        assertThat(response.path("batchItemFailures")).isEmpty();
        assertThat(receiver.received("/packaged")).hasSize(1);
        assertThat(receiver.received("/packaged").get(0).header("webhook-signature")).contains("v1,").contains("v1a,");

        // As deployed: JSON log lines with the delivery's context, and an EMF document for the delivery.
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.outputLines().stream()
                .anyMatch(line -> line.contains("\"_aws\"")));
        List<JsonNode> json = new ArrayList<>();
        for (String line : runtime.outputLines()) {
            if (line.startsWith("{")) {
                json.add(MAPPER.readTree(line));
            }
        }
        JsonNode attempt = json.stream().filter(line -> line.path("message").asText()
                .startsWith("Delivery attempt 1: delivered")).findFirst().orElseThrow(() -> new AssertionError(
                        "no JSON line of the attempt in " + runtime.outputLines()));
        assertThat(attempt.path("level").asText()).isEqualTo("INFO");
        for (String field : List.of("organization_id", "config_id", "event_id", "webhook_id", "attempt",
                "lambda_request_id", "outcome", "status_code", "duration_ms")) {
            assertThat(attempt.path("mdc").path(field).asText()).as(field).isNotEmpty();
        }
        JsonNode metric = json.stream().filter(line -> line.has("_aws")).findFirst().orElseThrow();
        assertThat(metric.path("Function").asText()).isEqualTo("dispatcher");
        assertThat(metric.path("Delivered").asInt()).isEqualTo(1);
        assertThat(metric.path("DeliveryLatency").isNumber()).isTrue();
    }

    /**
     * The local runner's setup: the queue poller hands up to three batches at once to the dispatcher, which starts a
     * second and third instance for them, as Lambda scales a function up to the event source's maximum concurrency.
     * The receiver holds every request until three batches are running at once, so the test does not depend on how
     * fast instances start; then every event is delivered once.
     */
    @Test
    void theDispatcherRunsSeveralBatchesAtOnceInSeveralInstances() throws Exception {
        int events = 30;
        CountDownLatch threeBatchesRunning = new CountDownLatch(1);
        Set<String> webhookIds = ConcurrentHashMap.newKeySet();
        AtomicInteger requests = new AtomicInteger();
        HttpServer receiver = LoopbackServers.start(InetAddress.getLoopbackAddress(), 0, "holding-receiver",
                exchange -> {
                    exchange.getRequestBody().readAllBytes();
                    requests.incrementAndGet();
                    webhookIds.add(exchange.getRequestHeaders().getFirst("webhook-id"));
                    try {
                        threeBatchesRunning.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.sendResponseHeaders(204, -1);
                    exchange.close();
                });
        closeables.add(() -> receiver.stop(0));
        String organization = "org-concurrency";
        storeConfig(organization, "customer_request_created",
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/held");
        // The held sends must outlast the other instances' cold starts, however slow the machine: up to the two
        // minutes the test waits for three batches, within an invocation long enough to start them (a send that
        // timed out, or an invocation that did, would be sent again, which this test must not mistake for a fault).
        PackagedFunction dispatcher = start("dispatcher", 3, Map.of("WEBHOOKS_DELIVERY_TOTAL_TIMEOUT", "150s",
                "WEBHOOKS_DELIVERY_SEND_TIMEOUT", "155s"), Duration.ofMinutes(4));
        SqsClient sqs = emulators.sqsClient();
        closeables.add(sqs);
        String queueUrl = emulators.queueUrl(Queues.EVENTS_DEFAULT_NAME);
        for (int i = 0; i < events; i++) {
            String body = SampleEvents.eventBridgeEnvelope("evt-concurrency-" + i, "customer_request_created",
                    SampleEvents.sample("customer_request_created", organization));
            sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody(body));
        }

        try (LocalQueuePoller poller = LocalQueuePoller.start(sqs, queueUrl, dispatcher::invoke, 3)) {
            await("three batches running at once").atMost(Duration.ofMinutes(2))
                    .until(() -> dispatcher.invocationsRunning() == 3);
            threeBatchesRunning.countDown();
            await("every event delivered").atMost(Duration.ofMinutes(1)).until(() -> webhookIds.size() == events);
        }

        assertThat(dispatcher.instances()).hasSize(3);
        assertThat(requests.get()).as("one request per event: no failure, so no second send").isEqualTo(events);
        // Instances that start together once unpacked the runtime client's library over each other (PackagedFunction):
        // one could not open it, another crashed in the dynamic loader as the file was rewritten.
        assertThat(dispatcher.outputLines()).noneMatch(line -> line.contains("Failed to load the native runtime")
                || line.contains("A fatal error has been detected by the Java Runtime Environment"));
    }

    /**
     * Each instance polls the Runtime API stand-in on a port of its own, so the soak can tell which instance holds an
     * invocation and kill one in the middle of it; the killed instance's invocation then fails at once, as Lambda
     * fails an invocation whose runtime exits, instead of at its deadline.
     */
    @Test
    void aKilledInstanceFailsTheInvocationItHeldAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer receiver = LoopbackServers.start(InetAddress.getLoopbackAddress(), 0, "never-answering-receiver",
                exchange -> {
                    exchange.getRequestBody().readAllBytes();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.close();
                });
        closeables.add(() -> {
            release.countDown();
            receiver.stop(0);
        });
        String organization = "org-killed";
        storeConfig(organization, "customer_request_created",
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/held");
        PackagedFunction dispatcher = start("dispatcher", 1, Map.of(), Duration.ofMinutes(4));
        String event = sqsEvent("evt-killed", organization);
        CompletableFuture<String> invocation = CompletableFuture.supplyAsync(() -> {
            try {
                return dispatcher.invoke(event);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });

        // The receiver never answers, so the instance holds the invocation until it dies.
        List<ProcessHandle> holding = await("the instance holds the invocation").atMost(Duration.ofMinutes(2))
                .until(dispatcher::instancesInInvocation, instances -> instances.size() == 1);
        ProcessHandle victim = holding.get(0);
        victim.destroyForcibly();

        // Not at the invocation's deadline, four minutes away (plus the minute the caller allows for a cold start).
        assertThatThrownBy(() -> invocation.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("The runtime exited during the invocation");
        assertThat(dispatcher.invocationsCutShortBy(victim).get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(dispatcher.instancesInInvocation()).isEmpty();
        assertThat(dispatcher.invocationsRunning()).isZero();
    }

    /**
     * An instance killed between invocations cuts nothing short, and the next invocation goes to a new instance,
     * not to the dead one's request still waiting in the Runtime API stand-in.
     */
    @Test
    void anInstanceKilledBetweenInvocationsCutsNothingShortAndTheNextGoesToANewOne() throws Exception {
        RecordingReceiver receiver = RecordingReceiver.start();
        closeables.add(receiver);
        String organization = "org-killed-idle";
        storeConfig(organization, "customer_request_created", receiver.url("/idle"));
        PackagedFunction dispatcher = start("dispatcher", 1, Map.of(), Duration.ofMinutes(1));
        JsonNode first = MAPPER.readTree(dispatcher.invoke(sqsEvent("evt-before-kill", organization)));
        assertThat(first.path("batchItemFailures")).isEmpty();
        ProcessHandle idle = dispatcher.instances().get(0);

        idle.destroyForcibly();
        assertThat(dispatcher.invocationsCutShortBy(idle).get(30, TimeUnit.SECONDS)).isZero();
        JsonNode second = MAPPER.readTree(dispatcher.invoke(sqsEvent("evt-after-kill", organization)));

        assertThat(second.path("batchItemFailures")).isEmpty();
        assertThat(receiver.received("/idle")).hasSize(2);
        assertThat(dispatcher.instances()).hasSize(1).doesNotContain(idle);
    }

    private static String sqsEvent(String eventId, String organization) {
        return LocalQueuePoller.sqsEvent(emulators.queueUrl(Queues.EVENTS_DEFAULT_NAME), List.of(Message.builder()
                .messageId("msg-" + eventId).receiptHandle("handle-" + eventId)
                .body(SampleEvents.eventBridgeEnvelope(eventId, "customer_request_created",
                        SampleEvents.sample("customer_request_created", organization)))
                .build()));
    }

    /**
     * The local run's API: the packaged function behind the HTTP API stand-in, on a loopback address only. It serves
     * the API's routes with a token, and no path takes a raw Lambda event (dev mode's {@code /_lambda_}).
     */
    @Test
    void theLocalApiIsThePackagedFunctionOnLoopbackWithNoRawEventPath() throws Exception {
        // No JWT authorizer in front of it: the function verifies tokens itself, as in the local run.
        PackagedFunction api = start("api", 1, Map.of("WEBHOOKS_AUTH_JWT_PUBLIC_KEY",
                TokenIssuer.shared().publicKeyPem(), "WEBHOOKS_AUTH_JWT_ISSUER", TokenIssuer.ISSUER));
        try (HttpApiGateway gateway = HttpApiGateway.start(0, api)) {
            assertThat(gateway.address().isLoopbackAddress()).isTrue();
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + gateway.port();
            java.net.http.HttpResponse<String> events = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + "/v1/webhooks/configured-events"))
                    .header("Authorization", "Bearer " + TokenIssuer.shared().tokenFor("org-gateway")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
            assertThat(events.body()).contains("customer_request_created");

            String rawEvent = read("events/api-list-configs.json");
            java.net.http.HttpResponse<String> raw = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + "/_lambda_")).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(rawEvent)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(raw.statusCode()).as("a raw event is no request of the API").isIn(401, 404);
        }
    }

    /** The packaged functions carry no mock event server: the raw-event paths exist only in dev mode and tests. */
    @Test
    void thePackagedFunctionsCarryNoMockEventServer() throws IOException {
        for (String module : List.of("api", "dispatcher")) {
            List<String> entries = new ArrayList<>();
            try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(
                    Files.newInputStream(root.resolve(module + "/target/function.zip")))) {
                for (java.util.zip.ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    entries.add(entry.getName());
                }
            }
            assertThat(entries).as(module).isNotEmpty().noneMatch(name -> name.contains("event-server"));
        }
    }

    /** Starts {@code <module>/target/function.zip} as Lambda would, one instance. */
    private static PackagedFunction start(String module) {
        return start(module, 1, Map.of());
    }

    /** Starts {@code <module>/target/function.zip} as Lambda would, up to {@code instances} instances. */
    private static PackagedFunction start(String module, int instances, Map<String, String> settings) {
        return start(module, instances, settings, Duration.ofMinutes(1));
    }

    /** ... with an invocation timeout of {@code timeout}. */
    private static PackagedFunction start(String module, int instances, Map<String, String> settings,
            Duration timeout) {
        Map<String, String> environment = new LinkedHashMap<>(environment());
        environment.putAll(settings);
        PackagedFunction function = PackagedFunction.start(root.resolve(module + "/target/function.zip"),
                new PackagedFunction.Options(module, instances, List.of(), environment, timeout,
                        PackagedFunction.Output.FILE));
        closeables.add(function);
        return function;
    }

    /** What the SAM template sets, pointed at the emulators (plus the AWS clients' endpoints and credentials). */
    private static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>(PackagedFunction.environmentOf(emulators.quarkusConfig()));
        env.put("WEBHOOKS_TABLES_CONFIGS", Tables.CONFIGS_DEFAULT_NAME);
        env.put("WEBHOOKS_TABLES_DELIVERIES", Tables.DELIVERIES_DEFAULT_NAME);
        env.put("WEBHOOKS_TABLES_RATE_LIMITS", Tables.RATE_LIMITS_DEFAULT_NAME);
        env.put("WEBHOOKS_TABLES_SIGNING_KEYS", Tables.SIGNING_KEYS_DEFAULT_NAME);
        env.put("WEBHOOKS_TABLES_STATISTICS", Tables.STATISTICS_DEFAULT_NAME);
        // KMS cannot run here: the configured-key cipher stands in for it.
        env.put("WEBHOOKS_ENCRYPTION_PROVIDER", "aes");
        env.put("WEBHOOKS_ENCRYPTION_KEY", encryptionKey);
        // The receiver listens on loopback, which only tests may call.
        env.put("WEBHOOKS_DELIVERY_ALLOWED_ADDRESS_RANGES", "127.0.0.0/8");
        return env;
    }

    private static void storeConfig(String eventName, String url) {
        storeConfig("739224", eventName, url);
    }

    private static void storeConfig(String organizationId, String eventName, String url) {
        TableSettings tables = AwsEmulators.defaultTables();
        ConfigIds ids = new ConfigIds(new SecureRandom());
        Instant now = Instant.now();
        DynamoDbClient dynamo = emulators.dynamoClient();
        closeables.add(dynamo);
        new DynamoDbWebhookConfigRepository(dynamo, new AesGcmSecretCipher(encryptionKey), tables)
                .insert(new WebhookConfig(ids.newConfigId(), organizationId, "packaged", eventName, url,
                        HttpMethod.POST,
                        true, Auth.NONE, null, null, RetryPolicy.DEFAULT, JsonNodeFactory.instance.objectNode(),
                        ids.newSigningSecret(), now, now, 1, null, null, null, null, null, null));
    }

    private static String read(String file) throws IOException {
        return Files.readString(root.resolve(file));
    }
}
