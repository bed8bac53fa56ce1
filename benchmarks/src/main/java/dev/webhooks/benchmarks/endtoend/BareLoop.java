package dev.webhooks.benchmarks.endtoend;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.webhooks.core.adapter.dynamodb.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The baseline of the throughput benchmark: the least work one delivery can be, done by {@code threads} threads in a
 * plain loop. Per delivery, one conditional write of the payload to the same DynamoDB-compatible server (what
 * recording the outcome needs at the least) and one keep-alive POST of the payload to the same receiver.
 */
final class BareLoop {

    private final DynamoDbClient dynamo;
    private final HttpClient http = HttpClient.newHttpClient();

    BareLoop(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    /** Deliveries per second: {@code count} of them, each a conditional write (if {@code write}) and a POST. */
    double run(String run, int count, int threads, boolean write, URI receiver, String payload)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    String eventId = run + "-" + i;
                    String body = payload.replace(Receiver.EVENT_ID_FIELD + "\":\"",
                            Receiver.EVENT_ID_FIELD + "\":\"" + eventId);
                    if (write) {
                        record(run, eventId, body);
                    }
                    post(receiver, body);
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return count / ((System.nanoTime() - started) / 1e9);
    }

    private void record(String run, String eventId, String body) {
        dynamo.putItem(put -> put.tableName(Tables.DELIVERIES_DEFAULT_NAME)
                .item(Map.of(Tables.Deliveries.CONFIG_KEY, AttributeValue.fromS("bare#" + run),
                        Tables.Deliveries.EVENT_ID, AttributeValue.fromS(eventId),
                        "status", AttributeValue.fromS("succeeded"),
                        "payload", AttributeValue.fromS(body)))
                .conditionExpression("attribute_not_exists(#event)")
                .expressionAttributeNames(Map.of("#event", Tables.Deliveries.EVENT_ID)));
    }

    private void post(URI receiver, String body) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(receiver)
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("The receiver answered " + response.statusCode());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
