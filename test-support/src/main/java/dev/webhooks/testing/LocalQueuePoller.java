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
 * dispatcher function as the SQS event Lambda would send (through the function's Lambda mock event server, so the
 * same handler code runs), and deletes the messages the function did not report as batch item failures. Those stay
 * and come back after the visibility timeout, until the queue's redrive policy moves them to the DLQ.
 */
public final class LocalQueuePoller implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalQueuePoller.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueUrl;
    private final URI function;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread thread;
    private volatile boolean running = true;

    private LocalQueuePoller(SqsClient sqs, String queueUrl, URI function) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.function = function;
        this.thread = new Thread(this::loop, "local-sqs-poller");
        this.thread.setDaemon(true);
    }

    /** Starts polling {@code queueUrl} and invoking the function whose mock event server is at {@code function}. */
    public static LocalQueuePoller start(SqsClient sqs, String queueUrl, URI function) {
        LocalQueuePoller poller = new LocalQueuePoller(sqs, queueUrl, function);
        poller.thread.start();
        return poller;
    }

    private void loop() {
        while (running) {
            try {
                List<Message> messages = sqs.receiveMessage(receive -> receive.queueUrl(queueUrl)
                        .maxNumberOfMessages(10).waitTimeSeconds(1)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
                if (!messages.isEmpty()) {
                    LOG.debugf("Local queue poller: %d message(s) for %s", messages.size(), function);
                    deliver(messages);
                }
            } catch (RuntimeException | IOException e) {
                if (running) {
                    LOG.warnf("Local queue poller: %s; retrying", e.getMessage());
                    pause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void deliver(List<Message> messages) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(function)
                .timeout(Duration.ofMinutes(15))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(sqsEvent(messages)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            LOG.warnf("Dispatcher answered HTTP %d; the batch comes back after the visibility timeout",
                    response.statusCode());
            return;
        }
        Set<String> failed = new HashSet<>();
        for (JsonNode failure : MAPPER.readTree(response.body()).path("batchItemFailures")) {
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

    /** The SQS event Lambda builds for a batch (the fields the handler reads, and the usual ones beside them). */
    private String sqsEvent(List<Message> messages) {
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
        try {
            thread.join(Duration.ofSeconds(20).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
