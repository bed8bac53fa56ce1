package dev.webhooks.local.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.core.adapter.dynamodb.Tables;
import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.core.adapter.sqs.SqsDeadLetterQueue;
import dev.webhooks.testing.EncryptionKeys;
import dev.webhooks.testing.AwsEmulators;
import dev.webhooks.testing.HttpApiGateway;
import dev.webhooks.testing.LocalQueuePoller;
import dev.webhooks.testing.PackagedFunction;
import dev.webhooks.testing.RepositoryRoot;
import dev.webhooks.testing.SampleEvents;
import dev.webhooks.testing.TokenIssuer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The reliability soak: the packaged functions on dynalite and ElasticMQ, fed thousands of events for organizations
 * whose endpoints misbehave on purpose, while the dispatcher is killed and DynamoDB frozen; then every (event, config)
 * pair is accounted for. {@code docs/reliability.md} describes it; {@code ./soak} runs the full plan, and
 * {@code ReducedSoakIT} a reduced one in every build.
 */
public final class Soak {

    static final String EVENT = "customer_request_created";
    /**
     * Both functions' JVM as the template runs them ({@code JAVA_TOOL_OPTIONS}), sized for the template's 512 MB:
     * 28 JVMs share this machine.
     */
    private static final List<String> FUNCTION_JVM = List.of("-XX:MaxRAM=512m", "-XX:MaxHeapSize=445644k",
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /** API instances at most (deployed, Lambda scales the API far wider; two cores here). */
    static final int API_INSTANCES = 8;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /**
     * The dispatcher's timeout as deployed; the queue's visibility timeout is six times it. Not shortened: a send
     * starts only with its whole budget left in the invocation ({@code webhooks.delivery.send-timeout}), so the
     * timeouts move together, and a killed instance's batch comes back after the visibility timeout, as deployed.
     */
    private static final Duration DISPATCHER_TIMEOUT = Duration.ofSeconds(Queues.DISPATCHER_TIMEOUT_SECONDS);
    private static final String FILTER_FIELD = "customer_request.status";
    private static final SecureRandom SECRETS = new SecureRandom();
    /** Every config's retry policy: {@code maxAttempts}, the retries after the first attempt (the schedule's five). */
    static final int MAX_RETRIES = 5;

    private final Path root;
    private final SoakPlan plan;
    private final PrintStream log;
    private final Random random;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final AtomicInteger redeliveredMessages = new AtomicInteger();
    private final AtomicInteger failedInvocations = new AtomicInteger();
    /**
     * What the dispatcher was given more than once, which can explain a duplicate delivery: event ids of published
     * events (for every config) and {@code <config id>/<event id>} of the service's own messages, in a batch whose
     * invocation failed (it comes back whole) or received again.
     */
    private final Set<String> inFailedInvocations = ConcurrentHashMap.newKeySet();
    private final Set<String> receivedAgain = ConcurrentHashMap.newKeySet();
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicInteger kills = new AtomicInteger();
    private final AtomicInteger killsInTheMiddleOfAnInvocation = new AtomicInteger();
    private final AtomicInteger freezes = new AtomicInteger();

    private Soak(Path root, SoakPlan plan, PrintStream log) {
        this.root = root;
        this.plan = plan;
        this.log = log;
        this.random = new Random(plan.seed());
    }

    /** {@code -Dsoak.plan=full|reduced} (full), {@code -Dsoak.seed=N}; writes {@code local/target/soak.json}. */
    public static void main(String[] args) throws Exception {
        long seed = Long.getLong("soak.seed", 1);
        SoakPlan plan = "reduced".equals(System.getProperty("soak.plan")) ? SoakPlan.reduced(seed)
                : SoakPlan.full(seed);
        Path root = RepositoryRoot.find();
        SoakReport report = run(root, plan, System.out);
        Path out = root.resolve("local/target/soak.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report.toJson()));
        System.out.println(report.summary());
        System.out.println("Written to " + out);
        System.exit(report.passed() ? 0 : 1);
    }

    /** Runs the plan and accounts for every pair. */
    public static SoakReport run(Path root, SoakPlan plan, PrintStream log) throws Exception {
        Soak soak = new Soak(root, plan, log);
        try {
            return soak.run();
        } finally {
            soak.close();
        }
    }

    private SoakReport run() throws Exception {
        Instant started = Instant.now();
        AwsEmulators emulators = closing(AwsEmulators.start());
        SqsClient sqs = closing(emulators.sqsClient());
        String eventsUrl = emulators.queueUrl(Queues.EVENTS_DEFAULT_NAME);
        String encryptionKey = EncryptionKeys.random();

        Destinations destinations = new Destinations();
        Receivers receivers = closing(Receivers.start(plan, random, destinations));
        Map<String, String> stores = new LinkedHashMap<>(emulators.quarkusConfig());
        stores.put("webhooks.encryption.key", encryptionKey);
        stores.put("webhooks.metrics.enabled", "false");
        stores.put("webhooks.delivery.allowed-address-ranges", "127.0.0.0/8");

        Map<String, String> apiConfig = new LinkedHashMap<>(stores);
        apiConfig.put("webhooks.auth.jwt.public-key", TokenIssuer.shared().publicKeyPem());
        apiConfig.put("webhooks.auth.jwt.issuer", TokenIssuer.ISSUER);
        apiConfig.put("webhooks.endpoints.allow-plain-http", "true");
        PackagedFunction api = closing(PackagedFunction.start(root.resolve("api/target/function.zip"),
                new PackagedFunction.Options("api", API_INSTANCES, FUNCTION_JVM,
                        PackagedFunction.environmentOf(apiConfig), Duration.ofSeconds(29),
                        PackagedFunction.Output.FILE)));
        HttpApiGateway gateway = closing(HttpApiGateway.start(0, api));
        SoakApi client = new SoakApi("http://127.0.0.1:" + gateway.port());

        List<SoakConfig> configs = createConfigs(client, receivers, destinations);
        log.printf("soak: %d organizations, %d configs%n", plan.organizations(), configs.size());

        Map<String, String> dispatcherConfig = new LinkedHashMap<>(stores);
        dispatcherConfig.put("webhooks.delivery.retry-schedule", plan.retrySchedule().stream()
                .map(delay -> delay.toSeconds() + "s").collect(Collectors.joining(",")));
        dispatcherConfig.put("webhooks.delivery.max-queue-delay", plan.maxQueueDelay().toSeconds() + "s");
        // The SQS trigger's maximum concurrency (the template's DispatcherMaxConcurrency, which TemplateTest pins).
        int concurrency = Queues.DISPATCHER_MAX_CONCURRENCY_DEFAULT;
        PackagedFunction dispatcher = closing(PackagedFunction.start(root.resolve("dispatcher/target/function.zip"),
                new PackagedFunction.Options("dispatcher", concurrency, FUNCTION_JVM,
                        PackagedFunction.environmentOf(dispatcherConfig),
                        DISPATCHER_TIMEOUT, PackagedFunction.Output.FILE)));
        closing(LocalQueuePoller.start(sqs, eventsUrl, sqsEvent -> {
            batches.incrementAndGet();
            List<String> addressed = new ArrayList<>();
            for (JsonNode record : MAPPER.readTree(sqsEvent).path("Records")) {
                String address = addressOf(MAPPER.readTree(record.path("body").asText()));
                addressed.add(address);
                if (record.path("attributes").path("ApproximateReceiveCount").asInt(1) > 1) {
                    redeliveredMessages.incrementAndGet();
                    receivedAgain.add(address);
                }
            }
            try {
                return dispatcher.invoke(sqsEvent);
            } catch (Exception e) {
                // The batch comes back after the visibility timeout, whatever of it was done.
                failedInvocations.incrementAndGet();
                inFailedInvocations.addAll(addressed);
                throw e;
            }
        }, concurrency));

        Map<String, SoakEvent> events = publishWithFaults(sqs, eventsUrl, emulators, dispatcher, receivers);
        Instant publishedAt = Instant.now();
        boolean quiet = awaitQuiet(sqs, eventsUrl);
        Duration quietAfter = Duration.between(publishedAt, Instant.now());
        log.printf("soak: %s after %d s%n", quiet ? "quiet" : "NOT QUIET", quietAfter.toSeconds());

        SoakReport.Faults faults = new SoakReport.Faults(kills.get(), killsInTheMiddleOfAnInvocation.get(),
                freezes.get(), receivers.downEndpointCameUp(), redeliveredMessages.get(), failedInvocations.get(),
                batches.get(), 0, receivers.answersByKind(), quiet, quietAfter);
        SoakReport.Deliveries deliveries = account(events, configs, emulators, sqs, receivers, client, faults);
        log.printf("soak: accounted: %s%n", deliveries.outcomes());
        SoakReport.ApiLoad apiLoad = new ApiLoadPhase(client, plan, log, () -> (int) api.instances().stream()
                .filter(ProcessHandle::isAlive).count()).run();
        SoakReport.Secrets secrets = checkSecrets(receivers, destinations, Map.of("api", api, "dispatcher",
                dispatcher));
        log.printf("soak: secrets: %s%n", secrets);
        return new SoakReport(plan, deliveries, secrets, apiLoad, Duration.between(started, Instant.now()));
    }

    /**
     * 1 to 3 configs per organization, of every auth kind, some filtered, some rate-limited, three special. Each
     * config's secrets (credentials, client secret, the signing secret the API answers) go to {@code destinations},
     * which checks every request against them.
     */
    private List<SoakConfig> createConfigs(SoakApi client, Receivers receivers, Destinations destinations)
            throws Exception {
        List<SoakConfig> configs = new ArrayList<>();
        String[] kinds = {"NONE", "BASIC", "API_KEY", "OAUTH_CLIENT_CREDENTIALS"};
        for (int organization = 0; organization < plan.organizations(); organization++) {
            String organizationId = organizationId(organization);
            int count = 1 + random.nextInt(3);
            for (int n = 0; n < count; n++) {
                int number = configs.size();
                String url = receivers.urlFor(organization, n, number);
                ObjectNode body = MAPPER.createObjectNode().put("eventName", EVENT).put("name", "soak " + number)
                        .put("url", url).put("httpMethod", "POST");
                String kind = kinds[number % kinds.length];
                ObjectNode auth = body.putObject("auth").put("authType", kind);
                String authHeader = null;
                String authValue = null;
                Set<String> credentials = Set.of();
                switch (kind) {
                    case "BASIC" -> {
                        String password = secret("basic-" + number);
                        auth.putObject("basicAuthConfig").put("username", "soak").put("password", password);
                        String encoded = Base64.getEncoder().encodeToString(("soak:" + password)
                                .getBytes(StandardCharsets.UTF_8));
                        authHeader = "authorization";
                        authValue = "Basic " + encoded;
                        credentials = Set.of(password, encoded);
                    }
                    case "API_KEY" -> {
                        String key = secret("key-" + number);
                        auth.putObject("apiKeyConfig").put("keyName", "x-api-key").put("keyValue", key);
                        authHeader = "x-api-key";
                        authValue = key;
                        credentials = Set.of(key);
                    }
                    case "OAUTH_CLIENT_CREDENTIALS" -> {
                        String clientSecret = secret("client-secret-" + number);
                        String token = secret("token-" + number);
                        String tokenUrl = receivers.tokenUrl(organization);
                        auth.putObject("oauthConfig").put("clientId", "soak").put("clientSecret", clientSecret)
                                .put("endpoint", tokenUrl).put("httpMethod", "POST");
                        destinations.issue(URI.create(tokenUrl).getPath(), clientSecret, token);
                        authHeader = "authorization";
                        authValue = "Bearer " + token;
                    }
                    default -> {
                    }
                }
                // The 5-second endpoint takes at most 0.4 deliveries a second (two sends at once, fleet-wide): all of
                // its organization's events would build a backlog that outlasts the soak's wait by far (see
                // docs/reliability.md, "Known limits"). Filtered, it gets half of them.
                boolean filtered = number % 3 == 1 || receivers.isSlow(url);
                if (filtered) {
                    body.putObject("filter").put("keyToFilter", FILTER_FIELD).putArray("supportedValues").add("open");
                }
                if (number % 5 == 2) {
                    body.put("rateLimitPerSecond", 5);
                }
                // Every step of the (shortened) schedule, so that retries outlast the down endpoint's minute.
                body.putObject("retryPolicy").put("enabled", true).put("maxAttempts", MAX_RETRIES);
                SoakApi.Response created = client.send("POST", "/v1/webhooks/configs", organizationId, body, null);
                if (created.status() != 201) {
                    throw new IllegalStateException("Creating a soak config answered " + created);
                }
                destinations.add(new Destinations.Webhook(URI.create(url).getPath(),
                        created.json().path("signingSecret").asText(), authHeader, authValue, credentials));
                configs.add(new SoakConfig(created.json().path("id").asText(), organizationId, url, filtered,
                        receivers.isGone(url)));
            }
        }
        return configs;
    }

    /** A secret for the soak to give the service: recognizable by its name, unguessable by its random part. */
    private static String secret(String name) {
        byte[] bytes = new byte[12];
        SECRETS.nextBytes(bytes);
        return name + "-" + HexFormat.of().formatHex(bytes);
    }

    /**
     * Every request the receivers read is checked against what its destination was given: each delivery signed with
     * its config's secret and carrying its config's credentials (checked as it arrived), no request carrying another
     * destination's secret; and no function's log holds any secret.
     */
    private static SoakReport.Secrets checkSecrets(Receivers receivers, Destinations destinations,
            Map<String, PackagedFunction> functions) {
        List<String> examples = new ArrayList<>();
        long deliveries = receivers.deliveries().count();
        List<String> unauthentic = receivers.unauthentic();
        unauthentic.forEach(problem -> example(examples, problem));
        Map<String, String> secrets = destinations.secretsByOwner();
        long foreign = 0;
        for (ChaosReceiver.Received request : receivers.requests().toList()) {
            List<String> found = destinations.foreignSecrets(request, secrets);
            if (!found.isEmpty()) {
                foreign++;
                example(examples, request.path() + " got " + found);
            }
        }
        Map<String, Long> linesRead = new TreeMap<>();
        long inLogs = 0;
        for (Map.Entry<String, PackagedFunction> function : functions.entrySet()) {
            linesRead.put(function.getKey(), 0L);
            for (String line : function.getValue().outputLines()) {
                linesRead.merge(function.getKey(), 1L, Long::sum);
                List<String> held = secrets.entrySet().stream().filter(secret -> line.contains(secret.getKey()))
                        .map(Map.Entry::getValue).toList();
                if (!held.isEmpty()) {
                    inLogs++;
                    example(examples, "a log line holds " + held);
                }
            }
        }
        return new SoakReport.Secrets(deliveries, unauthentic.size(), foreign, secrets.size(), linesRead, inLogs,
                examples);
    }

    private static void example(List<String> examples, String example) {
        if (examples.size() < 20) {
            examples.add(example);
        }
    }

    /** Publishes the events at the plan's rate, killing dispatcher instances and freezing DynamoDB on the way. */
    private Map<String, SoakEvent> publishWithFaults(SqsClient sqs, String eventsUrl, AwsEmulators emulators,
            PackagedFunction dispatcher, Receivers receivers) throws Exception {
        // One thread per fault, so that the freeze's sleep delays no other fault; each outcome is checked below.
        ScheduledExecutorService faults = Executors.newScheduledThreadPool(plan.kills() + 3, runnable -> {
            Thread thread = new Thread(runnable, "soak-faults");
            thread.setDaemon(true);
            return thread;
        });
        List<ScheduledFuture<?>> scheduled = new ArrayList<>();
        long publishingMillis = plan.publishing().toMillis();
        Random faultRandom = new Random(random.nextLong());
        for (int k = 1; k <= plan.kills(); k++) {
            scheduled.add(faults.schedule(() -> killOne(dispatcher, faultRandom),
                    publishingMillis * k / (plan.kills() + 1), TimeUnit.MILLISECONDS));
        }
        ProcessHandle dynamo = emulators.dynamoDbProcess()
                .orElseThrow(() -> new IllegalStateException("The soak needs its own dynalite to freeze"));
        scheduled.add(faults.schedule(() -> freeze(dynamo), publishingMillis * 2 / 5, TimeUnit.MILLISECONDS));
        scheduled.add(faults.schedule(receivers::downEndpointGoesDown, 2, TimeUnit.SECONDS));
        scheduled.add(faults.schedule(receivers::downEndpointComesUp, 2_000 + plan.endpointDowntime().toMillis(),
                TimeUnit.MILLISECONDS));
        try {
            Map<String, SoakEvent> events = publish(sqs, eventsUrl);
            for (ScheduledFuture<?> fault : scheduled) {
                fault.get();
            }
            return events;
        } finally {
            faults.shutdownNow();
        }
    }

    /** The events at the plan's rate, each to a random organization, half of them {@code open}. */
    private Map<String, SoakEvent> publish(SqsClient sqs, String eventsUrl) throws InterruptedException {
        Map<String, SoakEvent> events = new LinkedHashMap<>();
        long start = System.nanoTime();
        List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
        for (int i = 0; i < plan.events(); i++) {
            int organization = random.nextInt(plan.organizations());
            boolean open = random.nextBoolean();
            String eventId = "soak-" + i + "-" + Long.toHexString(random.nextLong());
            ObjectNode payload = SampleEvents.sample(EVENT, organizationId(organization));
            ((ObjectNode) payload.path("customer_request")).put("status", open ? "open" : "closed");
            events.put(eventId, new SoakEvent(eventId, organizationId(organization), open));
            batch.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(batch.size()))
                    .messageBody(SampleEvents.eventBridgeEnvelope(eventId, EVENT, payload)).build());
            if (batch.size() == 10 || i == plan.events() - 1) {
                List<SendMessageBatchRequestEntry> entries = List.copyOf(batch);
                SendMessageBatchResponse sent = sqs.sendMessageBatch(send -> send.queueUrl(eventsUrl)
                        .entries(entries));
                if (!sent.failed().isEmpty()) {
                    throw new IllegalStateException("The queue refused events: " + sent.failed());
                }
                batch.clear();
                long due = start + TimeUnit.SECONDS.toNanos(i + 1) / plan.publishRate();
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
        }
        log.printf("soak: published %d events in %d s%n", plan.events(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        return events;
    }

    /**
     * Kills a dispatcher instance in the middle of an invocation with SIGKILL, as a crash would; Lambda (here, the
     * harness) starts another when batches wait. The victim is one that holds a batch at that moment (the Runtime API
     * stand-in knows which instance took which; the kill waits up to 30 s for one), and the kill counts as one in the
     * middle of a batch only if the instance's exit then cut an invocation short.
     */
    private void killOne(PackagedFunction dispatcher, Random faultRandom) {
        List<ProcessHandle> holding = dispatcher.instancesInInvocation();
        for (int waited = 0; holding.isEmpty() && waited < 300; waited++) {
            sleep(Duration.ofMillis(100));
            holding = dispatcher.instancesInInvocation();
        }
        List<ProcessHandle> alive = dispatcher.instances();
        List<ProcessHandle> candidates = holding.isEmpty() ? alive : holding;
        if (candidates.isEmpty()) {
            log.printf("soak: no dispatcher instance to kill%n");
            return;
        }
        ProcessHandle victim = candidates.get(faultRandom.nextInt(candidates.size()));
        victim.destroyForcibly();
        kills.incrementAndGet();
        int cutShort;
        try {
            cutShort = dispatcher.invocationsCutShortBy(victim).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The killed instance " + victim.pid() + " did not exit", e);
        }
        if (cutShort > 0) {
            killsInTheMiddleOfAnInvocation.incrementAndGet();
        }
        log.printf("soak: killed dispatcher instance %d (SIGKILL): %d invocation(s) cut short; %d of %d instances "
                + "held a batch%n", victim.pid(), cutShort, holding.size(), alive.size());
    }

    /** Stops the DynamoDB server (SIGSTOP) for the plan's freeze, then lets it go on (SIGCONT). */
    private void freeze(ProcessHandle dynamo) {
        signal(dynamo, "STOP");
        try {
            log.printf("soak: froze DynamoDB (SIGSTOP) for %d s%n", plan.freeze().toSeconds());
            sleep(plan.freeze());
        } finally {
            signal(dynamo, "CONT");
            log.println("soak: DynamoDB resumed (SIGCONT)");
        }
        freezes.incrementAndGet();
    }

    private static void signal(ProcessHandle process, String signal) {
        try {
            int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start()
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " exited " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until the event queue has had nothing visible, in flight or delayed for 10 s in a row: every retry is
     * done. Gives up after 20 minutes and says so; the accounting then counts what is unfinished, and the run fails.
     */
    private boolean awaitQuiet(SqsClient sqs, String eventsUrl) {
        Instant start = Instant.now();
        int quietPolls = 0;
        while (quietPolls < 5) {
            if (Duration.between(start, Instant.now()).compareTo(Duration.ofMinutes(20)) > 0) {
                return false;
            }
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(get -> get.queueUrl(eventsUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
            boolean quiet = attributes.values().stream().allMatch("0"::equals);
            quietPolls = quiet ? quietPolls + 1 : 0;
            sleep(Duration.ofSeconds(2));
        }
        return true;
    }

    /** Every (event, config) pair: what the log, the receivers and the dead-letter queue say happened to it. */
    private SoakReport.Deliveries account(Map<String, SoakEvent> events, List<SoakConfig> configs,
            AwsEmulators emulators, SqsClient sqs, Receivers receivers, SoakApi client, SoakReport.Faults faults)
            throws Exception {
        Map<String, SoakAccounting.Record> records = new HashMap<>();
        try (DynamoDbClient dynamo = emulators.dynamoClient()) {
            dynamo.scanPaginator(scan -> scan.tableName(Tables.DELIVERIES_DEFAULT_NAME).consistentRead(true))
                    .items().forEach(item -> {
                        AttributeValue response = item.get("http_response");
                        String code = response == null || !response.m().containsKey("code") ? null
                                : response.m().get("code").s();
                        records.put(item.get("config_key").s().split("#", 2)[1] + "/" + item.get("event_id").s(),
                                new SoakAccounting.Record(item.get("status").s(), code));
                    });
        }
        Map<String, Integer> deadLetters = new HashMap<>();
        Map<SoakAccounting.FailureCause, Integer> deadLetterCauses = new HashMap<>();
        int redrivenBySqs = 0;
        String deadLetterUrl = emulators.queueUrl(Queues.DEAD_LETTER_DEFAULT_NAME);
        for (List<Message> page = receiveAll(sqs, deadLetterUrl); !page.isEmpty(); page = receiveAll(sqs,
                deadLetterUrl)) {
            for (Message letter : page) {
                if (!letter.messageAttributes().containsKey(SqsDeadLetterQueue.KIND_ATTRIBUTE)) {
                    redrivenBySqs++;
                    continue;
                }
                JsonNode body = MAPPER.readTree(letter.body());
                deadLetters.merge(body.path("webhook_config_id").asText() + "/" + body.path("event_id").asText(), 1,
                        Integer::sum);
                deadLetterCauses.merge(new SoakAccounting.FailureCause(body.path("failure_code").asText(null),
                        body.path("attempts").asInt()), 1, Integer::sum);
            }
        }
        Set<String> disabledByGone = new HashSet<>();
        for (SoakConfig config : configs) {
            JsonNode found = client.send("GET", "/v1/webhooks/configs/" + config.id(), config.organizationId(),
                    null, null).json();
            if ("endpoint_gone".equals(found.path("disabled_reason").asText())) {
                disabledByGone.add(config.id());
            }
        }
        SoakReport.Faults measured = new SoakReport.Faults(faults.kills(), faults.killsInTheMiddleOfAnInvocation(),
                faults.freezes(), faults.downEndpointCameUp(), faults.redeliveredMessages(),
                faults.failedInvocations(), faults.batches(), redrivenBySqs, faults.answers(), faults.quiet(),
                faults.quietAfter());
        return SoakAccounting.classify(events, configs, new SoakAccounting.Traces(records, deadLetters,
                receivers.successfulDeliveriesByWebhookId(), receivers.requestsByWebhookId(), disabledByGone,
                new SoakAccounting.Redeliveries(Set.copyOf(inFailedInvocations), Set.copyOf(receivedAgain)),
                deadLetterCauses),
                measured);
    }

    private static List<Message> receiveAll(SqsClient sqs, String queueUrl) {
        return sqs.receiveMessage(receive -> receive.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                .visibilityTimeout(600).messageAttributeNames("All")
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
    }

    /** The event id of a published event, or the pair key of one of the service's own messages (retries). */
    private static String addressOf(JsonNode body) {
        return body.has("event_id") ? body.path("webhook_config_id").asText() + "/" + body.path("event_id").asText()
                : body.path("id").asText();
    }

    static String organizationId(int organization) {
        return "soak-org-" + organization;
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        closeables.add(0, closeable);
        return closeable;
    }

    private void close() {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.println("soak: closing " + closeable + " failed: " + e);
            }
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A config the soak created. */
    record SoakConfig(String id, String organizationId, String url, boolean filtered, boolean answersGone) {
    }

    /** An event the soak published; {@code open} passes the filtered configs' filter. */
    record SoakEvent(String id, String organizationId, boolean open) {
    }
}
