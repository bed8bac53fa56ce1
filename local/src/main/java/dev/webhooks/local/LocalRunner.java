package dev.webhooks.local;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

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

    static final String USAGE = """
            usage: ./run-local [--api-port N] [--inbox-port N] [--sqs-port N] [--token-port N]
                               [--dispatcher-concurrency N]
              --api-port N                the API and the portal (default 8080)
              --inbox-port N              the local inbox, a receiver that prints each webhook (default 8070)
              --sqs-port N                the SQS-compatible server (default 9324, ElasticMQ's customary port)
              --token-port N              the dev token server (default 8090)
              --dispatcher-concurrency N  dispatcher batches at once (default: the template's, %d)
            """.formatted(Queues.DISPATCHER_MAX_CONCURRENCY_DEFAULT);

    /** The ports and concurrency of a run: the command line, else the same-named system properties, else defaults. */
    record Options(int apiPort, int inboxPort, int sqsPort, int tokenPort, int concurrency) {

        static Options parse(String[] args) {
            int apiPort = Integer.getInteger("webhooks.local.api-port", 8080);
            int inboxPort = Integer.getInteger("webhooks.local.inbox-port", 8070);
            int sqsPort = Integer.getInteger("webhooks.local.sqs-port", 9324);
            int tokenPort = Integer.getInteger("webhooks.local.token-port", 8090);
            int concurrency = Integer.getInteger("webhooks.local.dispatcher-concurrency",
                    Queues.DISPATCHER_MAX_CONCURRENCY_DEFAULT);
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--help") || option.equals("-h")) {
                    throw new IllegalArgumentException("");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--api-port" -> apiPort = number(option, value, 65535);
                    case "--inbox-port" -> inboxPort = number(option, value, 65535);
                    case "--sqs-port" -> sqsPort = number(option, value, 65535);
                    case "--token-port" -> tokenPort = number(option, value, 65535);
                    case "--dispatcher-concurrency" -> concurrency = number(option, value, 1000);
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            return new Options(apiPort, inboxPort, sqsPort, tokenPort, concurrency);
        }

        private static int number(String option, String text, int max) {
            try {
                int value = Integer.parseInt(text);
                if (value > 0 && value <= max) {
                    return value;
                }
            } catch (NumberFormatException notANumber) {
                // said below
            }
            throw new IllegalArgumentException(option + " needs a number from 1 to " + max + ", not " + text);
        }
    }

    private LocalRunner() {
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException wrong) {
            if (!wrong.getMessage().isEmpty()) {
                System.err.println(wrong.getMessage());
            }
            System.err.print(USAGE);
            System.exit(wrong.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        Running running;
        try {
            running = start(RepositoryRoot.find(), options, PackagedFunction.Output.CONSOLE, System.out::println);
        } catch (UncheckedIOException portInUse) {
            System.err.println(portInUse.getMessage() + ": is another ./run-local running? Choose other ports:");
            System.err.print(USAGE);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "local-runner-shutdown"));
        printBanner(running, options.concurrency());
        // Until Ctrl-C: the functions' instances come and go as in Lambda.
        Thread.currentThread().join();
    }

    /** What {@code ./run-local} runs, started; closing it stops everything. */
    record Running(LocalStack stack, DevTokenServer tokens, LocalInbox inbox) implements AutoCloseable {
        @Override
        public void close() {
            inbox.close();
            tokens.close();
            stack.close();
        }
    }

    /**
     * Starts the system, the dev token server and the inbox on the options' ports (0: a free one).
     *
     * @param output where the functions' logs go
     * @param inboxOutput where the inbox prints each webhook it gets
     */
    static Running start(Path root, Options options, PackagedFunction.Output output, Consumer<String> inboxOutput) {
        // The small servers first: a busy port fails in a moment, before the functions start.
        AtomicReference<LocalStack> stack = new AtomicReference<>();
        DevTokenServer tokens = DevTokenServer.start(options.tokenPort(), TokenIssuer.shared());
        LocalInbox inbox;
        try {
            inbox = LocalInbox.start(options.inboxPort(), () -> stack.get().apiBase(), inboxOutput);
        } catch (RuntimeException portInUse) {
            tokens.close();
            throw portInUse;
        }
        try {
            stack.set(LocalStack.start(root, options.apiPort(), options.sqsPort(), options.concurrency(), output));
        } catch (RuntimeException failed) {
            inbox.close();
            tokens.close();
            throw failed;
        }
        return new Running(stack.get(), tokens, inbox);
    }

    private static void printBanner(Running running, int concurrency) {
        AwsEmulators emulators = running.stack().emulators();
        int apiPort = running.stack().apiPort();
        String token = "TOKEN=$(curl -s 'http://localhost:" + running.tokens().port() + "/token?organization=739224')";
        // Signed in as organization 739224 for the token's hour; the page asks for a new token after that.
        String portal = "http://localhost:" + apiPort + "/portal/index.html#token="
                + TokenIssuer.shared().tokenFor("739224");
        System.out.println("""

                ── Webhooks, running locally ──────────────────────────────────────────────
                  API (starting)     http://localhost:%d/v1/webhooks/configured-events
                  Portal             %s
                  API reference      http://localhost:%d/api-docs/index.html
                  Bearer token       %s
                                     curl -H "Authorization: Bearer $TOKEN" http://localhost:%d/v1/webhooks/configs
                  Inbox              http://localhost:%d/hook (any path): prints each webhook here, and checks its signatures
                  Publish an event   curl -s %s -d Action=SendMessage \\
                                       --data-urlencode MessageBody@core/src/main/resources/webhooks/events/samples/customer_request_created.json
                  Dispatcher         packaged function.zip, up to %d batches at once
                  Dead-letter queue  %s
                  DynamoDB endpoint  %s
                  SQS endpoint       %s
                  Stop               Ctrl-C
                ───────────────────────────────────────────────────────────────────────────
                """.formatted(apiPort, portal, apiPort, token, apiPort, running.inbox().port(),
                emulators.queueUrl(Queues.EVENTS_DEFAULT_NAME), concurrency,
                emulators.queueUrl(Queues.DEAD_LETTER_DEFAULT_NAME),
                emulators.dynamoEndpoint(), emulators.sqsEndpoint()));
    }
}
