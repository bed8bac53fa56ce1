package dev.webhooks.dispatcher;

import static dev.webhooks.testing.SampleEvents.eventBridgeEnvelope;
import static dev.webhooks.dispatcher.DispatcherFixtures.invoke;
import static dev.webhooks.dispatcher.DispatcherFixtures.newId;
import static dev.webhooks.testing.SampleEvents.sample;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.webhooks.testing.FreePorts;

/**
 * When DynamoDB and SQS cannot be reached, no message is acknowledged: every one is reported in
 * {@code batchItemFailures}, so SQS delivers it again (and, after {@code maxReceiveCount}, moves it to the DLQ).
 */
@QuarkusTest
@WithTestResource(StorageOutageTest.UnreachableAws.class)
class StorageOutageTest {

    /** Points both AWS clients at a loopback port where nothing listens. */
    public static class UnreachableAws implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            String nowhere = "http://127.0.0.1:" + FreePorts.find();
            Map<String, String> config = new HashMap<>();
            for (String service : List.of("dynamodb", "sqs")) {
                config.put("quarkus." + service + ".endpoint-override", nowhere);
                config.put("quarkus." + service + ".aws.region", "eu-central-1");
                config.put("quarkus." + service + ".aws.credentials.type", "static");
                config.put("quarkus." + service + ".aws.credentials.static-provider.access-key-id", "x");
                config.put("quarkus." + service + ".aws.credentials.static-provider.secret-access-key", "x");
            }
            config.put("webhooks.queues.events-url", nowhere + "/000000000000/webhooks-events");
            config.put("webhooks.queues.dead-letter-url", nowhere + "/000000000000/webhooks-dead-letter");
            // Everything else works: the only fault is the unreachable storage and queue.
            config.put("webhooks.encryption.key", java.util.Base64.getEncoder().encodeToString(new byte[32]));
            return config;
        }

        @Override
        public void stop() {
        }
    }

    @Test
    void everyMessageIsHandedBackForRedelivery() {
        String org = newId("org");
        String batch = DispatcherFixtures.sqsBatch(List.of(
                eventBridgeEnvelope(newId("evt"), "customer_request_created",
                        sample("customer_request_created", org)),
                "not json: would go to the DLQ, which is unreachable too"));

        invoke(batch)
                .body("batchItemFailures", hasSize(2))
                .body("batchItemFailures[0].itemIdentifier", startsWith("m-0"))
                .body("batchItemFailures[1].itemIdentifier", startsWith("m-1"));
    }
}
