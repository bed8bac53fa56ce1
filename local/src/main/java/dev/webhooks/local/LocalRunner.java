package dev.webhooks.local;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.testing.AwsEmulators;
import dev.webhooks.testing.HttpApiGateway;
import dev.webhooks.testing.LocalQueuePoller;
import dev.webhooks.testing.PackagedFunction;
import dev.webhooks.testing.RepositoryRoot;
import dev.webhooks.testing.TokenIssuer;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Runs the whole system on a developer's machine with one command ({@code ./run-local}): the DynamoDB- and
 * SQS-compatible servers with every table and queue, the dev token server, the packaged API function behind an HTTP
 * API stand-in on http://127.0.0.1:8080, and the packaged dispatcher function fed from the local event queue the way
 * Lambda's SQS trigger feeds it. Everything listens on 127.0.0.1 only, and stops together on Ctrl-C.
 *
 * <p>The dispatcher runs as Lambda runs it, not in dev mode: Quarkus's mock event server takes one invocation at a
 * time, while Lambda runs up to the event source's {@code MaximumConcurrency} batches at once, each in its own
 * instance. So the dispatcher's {@code function.zip} runs under the Runtime Interface Client, starting instances as
 * batches need them, up to the template's {@code DispatcherMaxConcurrency}.
 */
public final class LocalRunner {

    private static final int API_PORT = Integer.getInteger("webhooks.local.api-port", 8080);
    /** API function instances at most: enough for a person and a browser (the portal) at once. */
    private static final int API_INSTANCES = 4;
    private static final int TOKEN_PORT = Integer.getInteger("webhooks.local.token-port", 8090);
    /** ElasticMQ's customary port: the README's one-line publish command names it. */
    private static final int SQS_PORT = Integer.getInteger("webhooks.local.sqs-port", 9324);

    private LocalRunner() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path root = RepositoryRoot.find();
        AwsEmulators emulators = AwsEmulators.start(SQS_PORT);
        TokenIssuer issuer = TokenIssuer.shared();
        DevTokenServer tokens = DevTokenServer.start(TOKEN_PORT, issuer);

        Map<String, String> config = new LinkedHashMap<>(emulators.quarkusConfig());
        // A fresh key each run: the emulators keep nothing between runs either.
        config.put("webhooks.encryption.key", randomKey());
        config.put("webhooks.auth.jwt.public-key", issuer.publicKeyPem());
        config.put("webhooks.auth.jwt.issuer", TokenIssuer.ISSUER);

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
                        PackagedFunction.environmentOf(apiConfig), Duration.ofSeconds(29),
                        PackagedFunction.Output.CONSOLE));
        HttpApiGateway gateway = HttpApiGateway.start(API_PORT, api);
        int concurrency = Integer.getInteger("webhooks.local.dispatcher-concurrency",
                Queues.DISPATCHER_MAX_CONCURRENCY_DEFAULT);
        PackagedFunction dispatcher = PackagedFunction.start(root.resolve("dispatcher/target/function.zip"),
                new PackagedFunction.Options("dispatcher", concurrency, List.of("-XX:+UseSerialGC"),
                        PackagedFunction.environmentOf(dispatcherConfig),
                        Duration.ofSeconds(Queues.DISPATCHER_TIMEOUT_SECONDS), PackagedFunction.Output.CONSOLE));
        SqsClient sqs = emulators.sqsClient();
        // Plays Lambda's SQS trigger: up to `concurrency` batches in the dispatcher at once.
        LocalQueuePoller poller = LocalQueuePoller.start(sqs, emulators.queueUrl(Queues.EVENTS_DEFAULT_NAME),
                dispatcher::invoke, concurrency);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            poller.close();
            gateway.close();
            api.close();
            dispatcher.close();
            sqs.close();
            tokens.close();
            emulators.close();
        }, "local-runner-shutdown"));

        printBanner(emulators, tokens.port(), concurrency);
        // Until Ctrl-C: the functions' instances come and go as in Lambda.
        Thread.currentThread().join();
    }

    private static void printBanner(AwsEmulators emulators, int tokenPort, int concurrency) {
        String token = "TOKEN=$(curl -s 'http://localhost:" + tokenPort + "/token?organization=739224')";
        System.out.println("""

                ── Webhooks, running locally ──────────────────────────────────────────────
                  API (starting)     http://localhost:%d/v1/webhooks/configured-events
                  Bearer token       %s
                                     curl -H "Authorization: Bearer $TOKEN" http://localhost:%d/v1/webhooks/configs
                  Publish an event   curl -s %s -d Action=SendMessage \\
                                       --data-urlencode MessageBody@core/src/main/resources/webhooks/events/samples/customer_request_created.json
                  Dispatcher         packaged function.zip, up to %d batches at once
                  Dead-letter queue  %s
                  DynamoDB endpoint  %s
                  SQS endpoint       %s
                  Stop               Ctrl-C
                ───────────────────────────────────────────────────────────────────────────
                """.formatted(API_PORT, token, API_PORT,
                emulators.queueUrl(Queues.EVENTS_DEFAULT_NAME), concurrency,
                emulators.queueUrl(Queues.DEAD_LETTER_DEFAULT_NAME),
                emulators.dynamoEndpoint(), emulators.sqsEndpoint()));
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
