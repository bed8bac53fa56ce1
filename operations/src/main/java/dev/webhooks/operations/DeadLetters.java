package dev.webhooks.operations;

import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.webhooks.core.adapter.sqs.Queues;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * {@code ./dead-letters}: lists, shows and redrives the dead-letter queue of a deployed stack (the AWS SDK's default
 * credentials and region) or of the local run. It runs dry unless {@code --apply} is given.
 *
 * <pre>
 * ./dead-letters --stack webhooks list                       # grouped by kind, organization, config and reason
 * ./dead-letters --stack webhooks show MESSAGE_ID
 * ./dead-letters --stack webhooks redrive --organization o1   # says what it would do
 * ./dead-letters --stack webhooks redrive --organization o1 --apply
 * ./dead-letters --stack webhooks discard --kind unprocessable --apply   # after looking at them
 * ./dead-letters --endpoint http://localhost:9324 list        # the local run's queues
 * </pre>
 */
public final class DeadLetters {

    static final String USAGE = """
            usage: ./dead-letters (--stack NAME | --endpoint URL | --dead-letter-queue URL --event-queue URL)
                                  [--region REGION] COMMAND [filters] [--apply]
              list                 count the dead letters by kind, organization, config and reason
              show MESSAGE_ID      print one dead letter
              redrive              send matching letters back: a failed delivery as a replay of its event to its
                                   config, a message SQS moved here onto the event queue; dry unless --apply
              discard              delete matching letters (those looked at and not to be sent); dry unless --apply
            filters: --kind delivery|raw|unprocessable  --organization ID  --config ID  --max N (default 1000)
            """;

    private DeadLetters() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; answers the exit status (0 done, 1 failed, 2 wrong usage). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException wrong) {
            err.println(wrong.getMessage());
            err.print(USAGE);
            return 2;
        }
        try (SqsClient sqs = sqs(options)) {
            DeadLetterQueues queues = queues(options, sqs);
            return switch (options.command) {
                case "list" -> list(queues.read(options.max), options, out);
                case "show" -> show(queues.read(options.max), options, out, err);
                case "discard" -> act(queues, DeadLetterQueues.Action.DISCARD, options, out);
                default -> act(queues, DeadLetterQueues.Action.REDRIVE, options, out);
            };
        } catch (RuntimeException failed) {
            err.println("dead-letters failed: " + failed.getMessage());
            return 1;
        }
    }

    private static int list(List<Letter> letters, Options options, PrintStream out) {
        List<Letter> selected = letters.stream().filter(options.filter()).toList();
        Map<List<String>, Long> groups = selected.stream().collect(Collectors.groupingBy(
                letter -> List.of(letter.kind().label(), blank(letter.organizationId()), blank(letter.configId()),
                        letter.reason()), LinkedHashMap::new, Collectors.counting()));
        out.printf("%d dead letter(s)%s%n", selected.size(), letters.size() >= options.max
                ? " (read at most " + options.max + "; --max reads more)" : "");
        out.printf("%-13s %-38s %-24s %6s  %s%n", "KIND", "ORGANIZATION", "CONFIG", "COUNT", "REASON");
        groups.entrySet().stream().sorted(Map.Entry.<List<String>, Long>comparingByValue(Comparator.reverseOrder()))
                .forEach(group -> out.printf("%-13s %-38s %-24s %6d  %s%n", group.getKey().get(0),
                        group.getKey().get(1), group.getKey().get(2), group.getValue(), group.getKey().get(3)));
        return 0;
    }

    private static int show(List<Letter> letters, Options options, PrintStream out, PrintStream err) {
        Letter letter = letters.stream().filter(found -> found.messageId().equals(options.messageId)).findFirst()
                .orElse(null);
        if (letter == null) {
            err.println("no dead letter " + options.messageId + " among the " + letters.size() + " read");
            return 1;
        }
        out.println("message id:   " + letter.messageId());
        out.println("kind:         " + letter.kind().label());
        out.println("organization: " + blank(letter.organizationId()));
        out.println("config:       " + blank(letter.configId()));
        out.println("event:        " + blank(letter.eventId()) + " (" + blank(letter.eventName()) + ")");
        out.println("reason:       " + letter.reason());
        letter.message().messageAttributes().forEach((name, value) ->
                out.println("attribute:    " + name + " = " + value.stringValue()));
        out.println("body:");
        out.println(letter.message().body());
        return 0;
    }

    private static int act(DeadLetterQueues queues, DeadLetterQueues.Action action, Options options,
            PrintStream out) {
        List<DeadLetterQueues.Outcome> outcomes = queues.act(action, options.filter(), options.apply, options.max);
        for (DeadLetterQueues.Outcome outcome : outcomes) {
            out.printf("%s %-13s %s: %s%n", outcome.letter().messageId(), outcome.letter().kind().label(),
                    blank(outcome.letter().organizationId()), outcome.action());
        }
        long done = outcomes.stream().filter(DeadLetterQueues.Outcome::done).count();
        long failed = outcomes.stream().filter(outcome -> outcome.action().startsWith("failed")).count();
        String verb = action == DeadLetterQueues.Action.DISCARD ? " discarded, " : " redriven, ";
        out.println(options.apply ? done + verb + (outcomes.size() - done) + " kept"
                : "dry run: nothing was changed; add --apply to act");
        return failed > 0 ? 1 : 0;
    }

    private static String blank(String value) {
        return value == null ? "-" : value;
    }

    private static SqsClient sqs(Options options) {
        SqsClientBuilder builder = SqsClient.builder().httpClient(UrlConnectionHttpClient.create());
        if (options.region != null) {
            builder.region(Region.of(options.region));
        }
        if (options.endpoint != null) {
            // The local run's SQS server accepts any credentials.
            builder.endpointOverride(URI.create(options.endpoint))
                    .region(Region.of(options.region != null ? options.region : "eu-central-1"))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local",
                            "local")));
        }
        return builder.build();
    }

    private static DeadLetterQueues queues(Options options, SqsClient sqs) {
        if (options.deadLetterQueue != null) {
            return new DeadLetterQueues(sqs, options.deadLetterQueue, options.eventQueue);
        }
        if (options.endpoint != null) {
            return new DeadLetterQueues(sqs,
                    sqs.getQueueUrl(get -> get.queueName(Queues.DEAD_LETTER_DEFAULT_NAME)).queueUrl(),
                    sqs.getQueueUrl(get -> get.queueName(Queues.EVENTS_DEFAULT_NAME)).queueUrl());
        }
        // CloudFormation names a stack's queues <stack>-<logical id>-<suffix>; the SDK's SQS client finds them.
        return new DeadLetterQueues(sqs, stackQueue(sqs, options.stack, "DeadLetterQueue"),
                stackQueue(sqs, options.stack, "EventQueue"));
    }

    private static String stackQueue(SqsClient sqs, String stack, String logicalId) {
        String prefix = stack + "-" + logicalId + "-";
        List<String> urls = sqs.listQueues(list -> list.queueNamePrefix(prefix)).queueUrls();
        if (urls.size() != 1) {
            throw new IllegalStateException(urls.isEmpty() ? "no queue named " + prefix + "...: is " + stack
                    + " this service's stack, in this region? Name the queues with --dead-letter-queue and"
                    + " --event-queue (the stack's outputs DeadLetterQueueUrl and EventQueueUrl)"
                    : "several queues named " + prefix + "...: name them with --dead-letter-queue and --event-queue");
        }
        return urls.get(0);
    }

    /** The command line, read once. */
    static final class Options {
        String stack;
        String endpoint;
        String deadLetterQueue;
        String eventQueue;
        String region;
        String command;
        String messageId;
        Letter.Kind kind;
        String organization;
        String config;
        int max = 1000;
        boolean apply;

        static Options parse(String[] args) {
            Options options = new Options();
            List<String> words = new ArrayList<>(List.of(args));
            for (int i = 0; i < words.size(); i++) {
                String word = words.get(i);
                switch (word) {
                    case "--stack" -> options.stack = value(words, ++i, word);
                    case "--endpoint" -> options.endpoint = value(words, ++i, word);
                    case "--dead-letter-queue" -> options.deadLetterQueue = value(words, ++i, word);
                    case "--event-queue" -> options.eventQueue = value(words, ++i, word);
                    case "--region" -> options.region = value(words, ++i, word);
                    case "--kind" -> options.kind = Letter.Kind.of(value(words, ++i, word));
                    case "--organization" -> options.organization = value(words, ++i, word);
                    case "--config" -> options.config = value(words, ++i, word);
                    case "--max" -> options.max = positive(value(words, ++i, word));
                    case "--apply" -> options.apply = true;
                    case "list", "redrive", "discard" -> options.command = command(options, word);
                    case "show" -> {
                        options.command = command(options, word);
                        options.messageId = value(words, ++i, word);
                    }
                    default -> throw new IllegalArgumentException("unknown argument: " + word);
                }
            }
            int targets = (options.stack != null ? 1 : 0) + (options.endpoint != null ? 1 : 0)
                    + (options.deadLetterQueue != null ? 1 : 0);
            if (targets != 1) {
                throw new IllegalArgumentException("name the queues once: --stack, --endpoint, or --dead-letter-queue"
                        + " with --event-queue");
            }
            if (options.deadLetterQueue != null && options.eventQueue == null) {
                throw new IllegalArgumentException("--dead-letter-queue needs --event-queue (where redrives go)");
            }
            if (options.command == null) {
                options.command = "list";
            }
            if (options.apply && !options.command.equals("redrive") && !options.command.equals("discard")) {
                throw new IllegalArgumentException("--apply goes with redrive or discard");
            }
            return options;
        }

        Predicate<Letter> filter() {
            return letter -> (kind == null || letter.kind() == kind)
                    && (organization == null || organization.equals(letter.organizationId()))
                    && (config == null || config.equals(letter.configId()));
        }

        private static String command(Options options, String word) {
            if (options.command != null) {
                throw new IllegalArgumentException("one command at a time: " + options.command + " and " + word);
            }
            return word;
        }

        private static String value(List<String> words, int index, String option) {
            if (index >= words.size() || words.get(index).startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return words.get(index);
        }

        private static int positive(String text) {
            try {
                int value = Integer.parseInt(text);
                if (value > 0) {
                    return value;
                }
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            throw new IllegalArgumentException("--max must be a positive number, was " + text);
        }
    }
}
