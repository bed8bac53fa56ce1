package dev.webhooks.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.testing.AwsEmulators;
import dev.webhooks.testing.LocalQueuePoller;
import dev.webhooks.testing.RepositoryRoot;
import dev.webhooks.testing.TokenIssuer;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Runs the whole system on a developer's machine with one command ({@code ./run-local}): the DynamoDB- and
 * SQS-compatible servers with every table and queue, the dev token server, the API function in Quarkus dev mode on
 * http://localhost:8080, and the dispatcher function in dev mode fed from the local event queue the way Lambda's SQS
 * trigger feeds it. Everything stops together on Ctrl-C.
 */
public final class LocalRunner {

    private static final int API_PORT = Integer.getInteger("webhooks.local.api-port", 8080);
    private static final int DISPATCHER_PORT = Integer.getInteger("webhooks.local.dispatcher-port", 8081);
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
        apiConfig.put("quarkus.lambda.mock-event-server.dev-port", Integer.toString(API_PORT));
        Map<String, String> dispatcherConfig = new LinkedHashMap<>(config);
        dispatcherConfig.put("quarkus.lambda.mock-event-server.dev-port", Integer.toString(DISPATCHER_PORT));

        Process api = startDevMode(root, "api", apiConfig);
        Process dispatcher = startDevMode(root, "dispatcher", dispatcherConfig);
        SqsClient sqs = emulators.sqsClient();
        // Plays Lambda's SQS trigger: the dispatcher's own handler receives every batch.
        LocalQueuePoller poller = LocalQueuePoller.start(sqs, emulators.queueUrl(Queues.EVENTS_DEFAULT_NAME),
                URI.create("http://localhost:" + DISPATCHER_PORT + "/"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            poller.close();
            stop(api);
            stop(dispatcher);
            sqs.close();
            tokens.close();
            emulators.close();
        }, "local-runner-shutdown"));

        printBanner(emulators, tokens.port());
        // Either function ending ends the run.
        while (api.isAlive() && dispatcher.isAlive()) {
            Thread.sleep(500);
        }
        System.exit(api.isAlive() ? dispatcher.exitValue() : api.exitValue());
    }

    /** Quarkus dev mode of one function module, configured by system properties, its output on this console. */
    private static Process startDevMode(Path root, String module, Map<String, String> config) {
        List<String> command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-q", "-B", "-pl", module,
                "quarkus:dev", "-Ddebug=false", "-Dquarkus.console.enabled=false",
                "-Dquarkus.analytics.disabled=true"));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        try {
            return new ProcessBuilder(command).directory(root.toFile()).inheritIO().start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Quarkus dev mode for " + module, e);
        }
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }

    private static void printBanner(AwsEmulators emulators, int tokenPort) {
        String token = "TOKEN=$(curl -s 'http://localhost:" + tokenPort + "/token?organization=739224')";
        System.out.println("""

                ── Webhooks, running locally ──────────────────────────────────────────────
                  API (starting)     http://localhost:%d/v1/webhooks/configured-events
                  Bearer token       %s
                                     curl -H "Authorization: Bearer $TOKEN" http://localhost:%d/v1/webhooks/configs
                  Publish an event   curl -s %s -d Action=SendMessage \\
                                       --data-urlencode MessageBody@core/src/main/resources/webhooks/events/samples/customer_request_created.json
                  Dead-letter queue  %s
                  DynamoDB endpoint  %s
                  SQS endpoint       %s
                  Stop               Ctrl-C
                ───────────────────────────────────────────────────────────────────────────
                """.formatted(API_PORT, token, API_PORT,
                emulators.queueUrl(Queues.EVENTS_DEFAULT_NAME), emulators.queueUrl(Queues.DEAD_LETTER_DEFAULT_NAME),
                emulators.dynamoEndpoint(), emulators.sqsEndpoint()));
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
