package dev.webhooks.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.testing.EncryptionKeys;
import dev.webhooks.testing.AwsEmulators;
import dev.webhooks.testing.HttpApiGateway;
import dev.webhooks.testing.LocalQueuePoller;
import dev.webhooks.testing.PackagedFunction;
import dev.webhooks.testing.TokenIssuer;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole system on this machine, as {@code ./run-local} runs it and as the portal's browser tests use it: the
 * DynamoDB- and SQS-compatible servers with every table and queue, the packaged API function behind an HTTP API
 * stand-in on 127.0.0.1, and the packaged dispatcher fed from the event queue the way Lambda's SQS trigger feeds it.
 * One definition, so what the tests exercise is what a developer runs.
 *
 * @param apiPort the API's port on 127.0.0.1 (0: any free one)
 * @param sqsPort the SQS server's port (0: any free one)
 */
public final class LocalStack implements AutoCloseable {

    /** API function instances at most: enough for a person and a browser (the portal) at once. */
    static final int API_INSTANCES = 4;

    private final AwsEmulators emulators;
    private final PackagedFunction api;
    private final HttpApiGateway gateway;
    private final PackagedFunction dispatcher;
    private final SqsClient sqs;
    private final LocalQueuePoller poller;
    private final int dispatcherConcurrency;

    private LocalStack(AwsEmulators emulators, PackagedFunction api, HttpApiGateway gateway,
            PackagedFunction dispatcher, SqsClient sqs, LocalQueuePoller poller, int dispatcherConcurrency) {
        this.emulators = emulators;
        this.api = api;
        this.gateway = gateway;
        this.dispatcher = dispatcher;
        this.sqs = sqs;
        this.poller = poller;
        this.dispatcherConcurrency = dispatcherConcurrency;
    }

    /**
     * Starts everything; tokens of {@link TokenIssuer#shared()} are accepted.
     *
     * @param output where the functions' logs go: the console for a person, files for tests
     */
    public static LocalStack start(Path root, int apiPort, int sqsPort, int dispatcherConcurrency,
            PackagedFunction.Output output) {
        AwsEmulators emulators = sqsPort == 0 ? AwsEmulators.start() : AwsEmulators.start(sqsPort);
        TokenIssuer issuer = TokenIssuer.shared();

        Map<String, String> config = new LinkedHashMap<>(emulators.quarkusConfig());
        // A fresh key each run: the emulators keep nothing between runs either.
        config.put("webhooks.encryption.key", EncryptionKeys.random());
        config.put("webhooks.auth.jwt.public-key", issuer.publicKeyPem());
        config.put("webhooks.auth.jwt.issuer", TokenIssuer.ISSUER);
        // A person reads these logs: text lines, and no metric documents among them (deployed: JSON and EMF).
        config.put("quarkus.log.console.json.enabled", "false");
        config.put("webhooks.metrics.enabled", "false");

        Map<String, String> apiConfig = new LinkedHashMap<>(config);
        // A local receiver may be plain http and on this machine (deployed: https, and public addresses only).
        apiConfig.put("webhooks.endpoints.allow-plain-http", "true");
        apiConfig.put("webhooks.delivery.allowed-address-ranges", "127.0.0.0/8,::1/128");
        Map<String, String> dispatcherConfig = new LinkedHashMap<>(config);
        // Receivers on this machine (the dispatcher runs in its deployed profile, which allows none).
        dispatcherConfig.put("webhooks.delivery.allowed-address-ranges", "127.0.0.0/8,::1/128");
        // A config made a moment ago gets the next event, as someone trying the service expects (deployed: 30 s).
        dispatcherConfig.put("webhooks.delivery.config-cache-ttl", "2s");

        // The API as deployed: its packaged function behind an HTTP API stand-in on 127.0.0.1, so no raw-event path
        // (dev mode's /_lambda_, on every interface) exists.
        PackagedFunction api = PackagedFunction.start(root.resolve("api/target/function.zip"),
                new PackagedFunction.Options("api", API_INSTANCES, List.of("-XX:+UseSerialGC"),
                        PackagedFunction.environmentOf(apiConfig), Duration.ofSeconds(29), output));
        HttpApiGateway gateway = HttpApiGateway.start(apiPort, api);
        PackagedFunction dispatcher = PackagedFunction.start(root.resolve("dispatcher/target/function.zip"),
                new PackagedFunction.Options("dispatcher", dispatcherConcurrency, List.of("-XX:+UseSerialGC"),
                        PackagedFunction.environmentOf(dispatcherConfig),
                        Duration.ofSeconds(Queues.DISPATCHER_TIMEOUT_SECONDS), output));
        SqsClient sqs = emulators.sqsClient();
        // Plays Lambda's SQS trigger: up to `concurrency` batches in the dispatcher at once.
        LocalQueuePoller poller = LocalQueuePoller.start(sqs, emulators.queueUrl(Queues.EVENTS_DEFAULT_NAME),
                dispatcher::invoke, dispatcherConcurrency);
        return new LocalStack(emulators, api, gateway, dispatcher, sqs, poller, dispatcherConcurrency);
    }

    public AwsEmulators emulators() {
        return emulators;
    }

    /** The API's base address, such as {@code http://127.0.0.1:8080}. */
    public String apiBase() {
        return "http://127.0.0.1:" + gateway.port();
    }

    public int apiPort() {
        return gateway.port();
    }

    /** Puts {@code messageBody} on the event queue, as a producer does. */
    public void publish(String messageBody) {
        sqs.sendMessage(send -> send.queueUrl(emulators.queueUrl(Queues.EVENTS_DEFAULT_NAME)).messageBody(messageBody));
    }

    public int dispatcherConcurrency() {
        return dispatcherConcurrency;
    }

    @Override
    public void close() {
        poller.close();
        gateway.close();
        api.close();
        dispatcher.close();
        sqs.close();
        emulators.close();
    }
}
