package dev.webhooks.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Plays the Lambda SQS event source mapping on this machine: long-polls the event queue, hands each batch to the
 * dispatcher function as the SQS event Lambda would send, and deletes the messages the function did not report as
 * batch item failures. Those stay and come back after the visibility timeout, until the queue's redrive policy moves
 * them to the DLQ. Like the event source mapping's {@code MaximumConcurrency}, up to {@code concurrency} batches are
 * in the function at once, each polled and answered on its own.
 */
public final class LocalQueuePoller implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalQueuePoller.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Runs the function on one SQS event and answers its response (the batch item failures). */
    @FunctionalInterface
    public interface BatchFunction {
        String invoke(String sqsEvent) throws Exception;
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final BatchFunction function;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    private LocalQueuePoller(SqsClient sqs, String queueUrl, BatchFunction function, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.function = function;
        for (int i = 1; i <= concurrency; i++) {
            Thread thread = new Thread(this::loop, "local-sqs-poller-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    /**
     * Feeds {@code queueUrl} one batch at a time to the function whose Lambda mock event server (Quarkus dev and test
     * mode) is at {@code mockEventServer}: that server runs one invocation at a time.
     */
    public static LocalQueuePoller start(SqsClient sqs, String queueUrl, URI mockEventServer) {
        return start(sqs, queueUrl, mockEventServerFunction(mockEventServer), 1);
    }

    /** Feeds {@code queueUrl} to {@code function}, up to {@code concurrency} batches at once. */
    public static LocalQueuePoller start(SqsClient sqs, String queueUrl, BatchFunction function, int concurrency) {
        LocalQueuePoller poller = new LocalQueuePoller(sqs, queueUrl, function, concurrency);
        poller.threads.forEach(Thread::start);
        return poller;
    }

    private static BatchFunction mockEventServerFunction(URI mockEventServer) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return sqsEvent -> {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(mockEventServer)
                    .timeout(Duration.ofMinutes(15))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(sqsEvent))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("the function answered HTTP " + response.statusCode());
            }
            return response.body();
        };
    }

    private void loop() {
        while (running) {
            try {
                List<Message> messages = sqs.receiveMessage(receive -> receive.queueUrl(queueUrl)
                        .maxNumberOfMessages(10).waitTimeSeconds(1)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
                if (!messages.isEmpty()) {
                    LOG.debugf("Local queue poller: %d message(s)", messages.size());
                    deliver(messages);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (running) {
                    LOG.warnf("Local queue poller: %s; retrying", e.getMessage());
                    pause();
                }
            }
        }
    }

    private void deliver(List<Message> messages) throws IOException, InterruptedException {
        String response;
        try {
            response = function.invoke(sqsEvent(queueUrl, messages));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // As in Lambda: a failed invocation deletes nothing, so the whole batch comes back.
            LOG.warnf("The dispatcher failed a batch (%s); it comes back after the visibility timeout",
                    e.getMessage());
            return;
        }
        Set<String> failed = new HashSet<>();
        for (JsonNode failure : MAPPER.readTree(response).path("batchItemFailures")) {
            failed.add(failure.path("itemIdentifier").asText());
        }
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message message : messages) {
            if (!failed.contains(message.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(done.size()))
                        .receiptHandle(message.receiptHandle()).build());
            }
        }
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(delete -> delete.queueUrl(queueUrl).entries(done));
        }
    }

    /**
     * The SQS event Lambda builds for a batch of {@code queueUrl} (the fields the handler reads, and the usual ones
     * beside them).
     */
    public static String sqsEvent(String queueUrl, List<Message> messages) {
        ObjectNode event = MAPPER.createObjectNode();
        ArrayNode records = event.putArray("Records");
        String queueName = queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
        for (Message message : messages) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            record.put("md5OfBody", message.md5OfBody());
            ObjectNode attributes = record.putObject("attributes");
            message.attributesAsStrings().forEach(attributes::put);
            record.putObject("messageAttributes");
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", "arn:aws:sqs:" + AwsEmulators.REGION + ":000000000000:" + queueName);
            record.put("awsRegion", AwsEmulators.REGION);
        }
        return event.toString();
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops after the current round. The thread is not interrupted: a long poll abandoned mid-way would still take
     * messages on the server's side, which would then stay invisible for the queue's visibility timeout.
     */
    @Override
    public void close() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(20).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
