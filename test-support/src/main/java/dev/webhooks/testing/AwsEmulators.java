package dev.webhooks.testing;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.awaitility.core.ConditionTimeoutException;

import dev.webhooks.core.adapter.dynamodb.Tables;
import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.core.settings.TableSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The AWS services the functions use, on this machine: a DynamoDB-compatible and an SQS-compatible server with every
 * table and queue created from the definitions the code uses ({@link Tables}, {@link Queues}). Tests and the local
 * runner share it, so both see the same names and key schemas as the deployed functions.
 */
public final class AwsEmulators implements AutoCloseable {

    public static final String REGION = "eu-central-1";
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local";

    private final AutoCloseable dynamoServer;
    private final AutoCloseable sqsServer;
    private final String dynamoEndpoint;
    private final String sqsEndpoint;
    private final Map<String, String> queueUrls = new LinkedHashMap<>();

    private AwsEmulators(AutoCloseable dynamoServer, String dynamoEndpoint, AutoCloseable sqsServer,
            String sqsEndpoint) {
        this.dynamoServer = dynamoServer;
        this.dynamoEndpoint = dynamoEndpoint;
        this.sqsServer = sqsServer;
        this.sqsEndpoint = sqsEndpoint;
    }

    /** Starts dynalite and ElasticMQ on free ports and creates the tables and queues. */
    public static AwsEmulators start() {
        return start(FreePorts.find());
    }

    /** The same, with ElasticMQ on a given port (the local runner's is fixed, so queue URLs stay the same). */
    public static AwsEmulators start(int sqsPort) {
        Dynalite dynalite = Dynalite.start();
        ElasticMq elasticMq;
        try {
            elasticMq = ElasticMq.start(sqsPort);
        } catch (RuntimeException e) {
            dynalite.close();
            throw e;
        }
        return create(new AwsEmulators(dynalite, dynalite.endpoint(), elasticMq, elasticMq.endpoint()));
    }

    /** Uses servers started elsewhere (LocalStack), creating the same tables and queues. */
    public static AwsEmulators attach(AutoCloseable server, String dynamoEndpoint, String sqsEndpoint) {
        return create(new AwsEmulators(server, dynamoEndpoint, () -> {
        }, sqsEndpoint));
    }

    private static AwsEmulators create(AwsEmulators emulators) {
        try (DynamoDbClient dynamo = emulators.dynamoClient(); SqsClient sqs = emulators.sqsClient()) {
            Tables.all().forEach(dynamo::createTable);
            String deadLetterUrl = sqs.createQueue(create -> create.queueName(Queues.DEAD_LETTER_DEFAULT_NAME)
                    .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                            Integer.toString(Queues.DEAD_LETTER_RETENTION_SECONDS)))).queueUrl();
            String deadLetterArn = sqs.getQueueAttributes(get -> get.queueUrl(deadLetterUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            String eventsUrl = sqs.createQueue(create -> create.queueName(Queues.EVENTS_DEFAULT_NAME)
                    .attributes(Map.of(
                            QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(Queues.VISIBILITY_TIMEOUT_SECONDS),
                            QueueAttributeName.MAXIMUM_MESSAGE_SIZE, Integer.toString(Queues.MAX_MESSAGE_BYTES),
                            QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + deadLetterArn
                                    + "\",\"maxReceiveCount\":\"" + Queues.MAX_RECEIVE_COUNT + "\"}")))
                    .queueUrl();
            emulators.queueUrls.put(Queues.DEAD_LETTER_DEFAULT_NAME, deadLetterUrl);
            emulators.queueUrls.put(Queues.EVENTS_DEFAULT_NAME, eventsUrl);
        } catch (RuntimeException e) {
            emulators.close();
            throw e;
        }
        return emulators;
    }

    /** The DynamoDB server's process, when these emulators started it (dynalite), for fault injection. */
    public Optional<ProcessHandle> dynamoDbProcess() {
        return dynamoServer instanceof Dynalite dynalite ? Optional.of(dynalite.process())
                : Optional.empty();
    }

    public String dynamoEndpoint() {
        return dynamoEndpoint;
    }

    public String sqsEndpoint() {
        return sqsEndpoint;
    }

    public String queueUrl(String queueName) {
        return queueUrls.get(queueName);
    }

    /** Quarkus configuration that points both AWS clients of a function at these servers. */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        for (String service : new String[] { "dynamodb", "sqs" }) {
            String prefix = "quarkus." + service + ".";
            config.put(prefix + "endpoint-override", service.equals("dynamodb") ? dynamoEndpoint : sqsEndpoint);
            config.put(prefix + "aws.region", REGION);
            config.put(prefix + "aws.credentials.type", "static");
            config.put(prefix + "aws.credentials.static-provider.access-key-id", ACCESS_KEY);
            config.put(prefix + "aws.credentials.static-provider.secret-access-key", SECRET_KEY);
        }
        config.put("webhooks.queues.events-url", queueUrl(Queues.EVENTS_DEFAULT_NAME));
        config.put("webhooks.queues.dead-letter-url", queueUrl(Queues.DEAD_LETTER_DEFAULT_NAME));
        return config;
    }

    /**
     * The bodies of the messages on a queue that {@code wanted} accepts, waiting up to {@code patience} for at least
     * one (none when none came). Messages are read with visibility timeout 0, so they stay for every other reader
     * (tests share the queues).
     */
    public List<String> peek(String queueName, Predicate<String> wanted, Duration patience) {
        try {
            return await("a message on " + queueName).atMost(patience).pollDelay(Duration.ZERO)
                    .until(() -> peek(queueName, wanted), found -> !found.isEmpty());
        } catch (ConditionTimeoutException none) {
            return List.of();
        }
    }

    /** The bodies of the messages on a queue that {@code wanted} accepts, now, without waiting (see above). */
    public List<String> peek(String queueName, Predicate<String> wanted) {
        String url = queueUrl(queueName);
        Set<String> found = new LinkedHashSet<>();
        try (SqsClient sqs = sqsClient()) {
            // Several rounds: one receive returns at most 10 messages, chosen at random.
            for (int round = 0; round < 5; round++) {
                sqs.receiveMessage(receive -> receive.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(0)
                        .waitTimeSeconds(0)).messages().stream()
                        .map(Message::body).filter(wanted).forEach(found::add);
            }
        }
        return new ArrayList<>(found);
    }

    /** A client of the DynamoDB-compatible server, for tests that read raw items. */
    /** The tables as the emulators create them, under their default names, for code built outside Quarkus. */
    public static TableSettings defaultTables() {
        return new TableSettings() {
            @Override
            public String configs() {
                return Tables.CONFIGS_DEFAULT_NAME;
            }

            @Override
            public String deliveries() {
                return Tables.DELIVERIES_DEFAULT_NAME;
            }

            @Override
            public String rateLimits() {
                return Tables.RATE_LIMITS_DEFAULT_NAME;
            }

            @Override
            public String signingKeys() {
                return Tables.SIGNING_KEYS_DEFAULT_NAME;
            }

            @Override
            public String statistics() {
                return Tables.STATISTICS_DEFAULT_NAME;
            }
        };
    }

    public DynamoDbClient dynamoClient() {
        return local(DynamoDbClient.builder(), dynamoEndpoint);
    }

    /** A client of the SQS-compatible server. */
    public SqsClient sqsClient() {
        return local(SqsClient.builder(), sqsEndpoint);
    }

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C local(B builder,
            String endpoint) {
        return builder.endpointOverride(URI.create(endpoint))
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Override
    public void close() {
        for (AutoCloseable server : new AutoCloseable[] { sqsServer, dynamoServer }) {
            try {
                server.close();
            } catch (Exception e) {
                // Best effort on shutdown; the process ends anyway.
            }
        }
    }
}
