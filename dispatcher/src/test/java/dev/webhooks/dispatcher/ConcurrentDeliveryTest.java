package dev.webhooks.dispatcher;

import static dev.webhooks.dispatcher.DispatcherFixtures.config;
import static dev.webhooks.dispatcher.DispatcherFixtures.invoke;
import static dev.webhooks.dispatcher.DispatcherFixtures.newId;
import static dev.webhooks.dispatcher.DispatcherFixtures.sqsBatch;
import static dev.webhooks.testing.SampleEvents.eventBridgeEnvelope;
import static dev.webhooks.testing.SampleEvents.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.port.DeliveryLogRepository;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.testing.AwsEmulatorsResource;
import dev.webhooks.testing.LoopbackServers;

/**
 * The deliveries of a batch run concurrently through the real handler, DynamoDB- and SQS-compatible servers and HTTP
 * receivers: every (event, config) pair is sent and recorded once, and one organization's failing endpoint pauses only
 * that organization's deliveries, even on a host and port it shares with another.
 */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class ConcurrentDeliveryTest {

    private static final String EVENT = "customer_request_created";

    @Inject
    WebhookConfigRepository configs;

    @Inject
    DeliveryLogRepository log;

    /** A receiver answering each path's status, counting requests and webhook ids per path. */
    private static final class PathReceiver implements AutoCloseable {
        final Map<String, Integer> statusByPath = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
        final Map<String, List<String>> webhookIds = new ConcurrentHashMap<>();
        final HttpServer server;

        PathReceiver(String address) throws UnknownHostException {
            server = LoopbackServers.start(InetAddress.getByName(address), 0, "path-receiver", exchange -> {
                exchange.getRequestBody().readAllBytes();
                String path = exchange.getRequestURI().getPath();
                requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                webhookIds.computeIfAbsent(path, p -> Collections.synchronizedList(new ArrayList<>()))
                        .add(exchange.getRequestHeaders().getFirst("webhook-id"));
                exchange.sendResponseHeaders(statusByPath.getOrDefault(path, 204), -1);
                exchange.close();
            });
        }

        String url(String path, int status) {
            statusByPath.put(path, status);
            return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + path;
        }

        int requests(String path) {
            AtomicInteger count = requests.get(path);
            return count == null ? 0 : count.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private List<String> events(String organization, int count, List<String> bodies) {
        List<String> eventIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String eventId = newId("evt");
            eventIds.add(eventId);
            bodies.add(eventBridgeEnvelope(eventId, EVENT, sample(EVENT, organization)));
        }
        return eventIds;
    }

    @Test
    void everyPairOfABatchIsSentAndRecordedOnce() throws Exception {
        String org = newId("org");
        try (PathReceiver receiver = new PathReceiver("127.0.0.1")) {
            List<WebhookConfig> subscribers = new ArrayList<>();
            for (String path : List.of("/one", "/two", "/three")) {
                WebhookConfig config = config(org, EVENT, receiver.url(path, 204), Auth.NONE, null);
                configs.insert(config);
                subscribers.add(config);
            }
            List<String> bodies = new ArrayList<>();
            List<String> eventIds = events(org, 10, bodies);

            invoke(sqsBatch(bodies)).body("batchItemFailures.size()", is(0));

            for (WebhookConfig config : subscribers) {
                String path = java.net.URI.create(config.url()).getPath();
                assertThat(receiver.requests(path)).as("requests to %s", path).isEqualTo(10);
                assertThat(receiver.webhookIds.get(path)).doesNotHaveDuplicates();
                for (String eventId : eventIds) {
                    DeliveryRecord record = log.find(org, config.id(), eventId).orElseThrow();
                    assertThat(record.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
                    assertThat(record.attempts()).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void aFailingEndpointPausesOnlyItsOwnOrganizationOnASharedHostAndPort() throws Exception {
        String failingOrg = newId("org");
        String healthyOrg = newId("org");
        // A host of its own (127.0.0.3): the other tests' receivers keep their breakers closed.
        try (PathReceiver shared = new PathReceiver("127.0.0.3")) {
            WebhookConfig failing = config(failingOrg, EVENT, shared.url("/failing", 500), Auth.NONE, null);
            WebhookConfig healthy = config(healthyOrg, EVENT, shared.url("/healthy", 204), Auth.NONE, null);
            configs.insert(failing);
            configs.insert(healthy);
            List<String> bodies = new ArrayList<>();
            List<String> failingEvents = events(failingOrg, 30, bodies);
            List<String> healthyEvents = events(healthyOrg, 10, bodies);

            invoke(sqsBatch(bodies)).body("batchItemFailures.size()", is(0));

            // The breaker opens after 10 failed calls with at most 8 of the organization's in flight.
            assertThat(shared.requests("/failing")).isLessThanOrEqualTo(18);
            List<DeliveryRecord> deferred = failingEvents.stream()
                    .map(eventId -> log.find(failingOrg, failing.id(), eventId).orElseThrow())
                    .filter(record -> record.outcome().code() == FailureCode.Deferred).toList();
            assertThat(deferred).as("deferred while the circuit is open").isNotEmpty()
                    .allSatisfy(record -> {
                        assertThat(record.status()).isEqualTo(DeliveryStatus.IN_PROGRESS);
                        assertThat(record.attempts()).as("a deferral is no attempt").isZero();
                        assertThat(record.nextAttemptAt()).isNotNull();
                    });
            assertThat(shared.requests("/healthy")).as("the other organization's breaker stays closed")
                    .isEqualTo(10);
            for (String eventId : healthyEvents) {
                assertThat(log.find(healthyOrg, healthy.id(), eventId).orElseThrow().status())
                        .isEqualTo(DeliveryStatus.SUCCEEDED);
            }
        }
    }
}
