package dev.webhooks.local;

import java.nio.file.Path;


import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.testing.AwsEmulators;
import dev.webhooks.testing.PackagedFunction;
import dev.webhooks.testing.RepositoryRoot;
import dev.webhooks.testing.TokenIssuer;

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
    private static final int TOKEN_PORT = Integer.getInteger("webhooks.local.token-port", 8090);
    /** ElasticMQ's customary port: the README's one-line publish command names it. */
    private static final int SQS_PORT = Integer.getInteger("webhooks.local.sqs-port", 9324);

    private LocalRunner() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path root = RepositoryRoot.find();
        int concurrency = Integer.getInteger("webhooks.local.dispatcher-concurrency",
                Queues.DISPATCHER_MAX_CONCURRENCY_DEFAULT);
        LocalStack stack = LocalStack.start(root, API_PORT, SQS_PORT, concurrency, PackagedFunction.Output.CONSOLE);
        DevTokenServer tokens = DevTokenServer.start(TOKEN_PORT, TokenIssuer.shared());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            tokens.close();
            stack.close();
        }, "local-runner-shutdown"));

        printBanner(stack.emulators(), tokens.port(), concurrency);
        // Until Ctrl-C: the functions' instances come and go as in Lambda.
        Thread.currentThread().join();
    }

    private static void printBanner(AwsEmulators emulators, int tokenPort, int concurrency) {
        String token = "TOKEN=$(curl -s 'http://localhost:" + tokenPort + "/token?organization=739224')";
        // Signed in as organization 739224 for the token's hour; the page asks for a new token after that.
        String portal = "http://localhost:" + API_PORT + "/portal/index.html#token="
                + TokenIssuer.shared().tokenFor("739224");
        System.out.println("""

                ── Webhooks, running locally ──────────────────────────────────────────────
                  API (starting)     http://localhost:%d/v1/webhooks/configured-events
                  Portal             %s
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
                """.formatted(API_PORT, portal, token, API_PORT,
                emulators.queueUrl(Queues.EVENTS_DEFAULT_NAME), concurrency,
                emulators.queueUrl(Queues.DEAD_LETTER_DEFAULT_NAME),
                emulators.dynamoEndpoint(), emulators.sqsEndpoint()));
    }
}
