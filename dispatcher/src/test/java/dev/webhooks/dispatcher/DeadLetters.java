package dev.webhooks.dispatcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.testing.AwsEmulators;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Reads the dead-letter queue of the emulators without taking other tests' letters away. */
final class DeadLetters {

    private DeadLetters() {
    }

    /** The dead letters whose body contains {@code marker} (an organization or message id), waiting up to 5 s. */
    static List<JsonNode> containing(AwsEmulators emulators, String marker) throws Exception {
        String url = emulators.queueUrl(Queues.DEAD_LETTER_DEFAULT_NAME);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        try (SqsClient sqs = emulators.sqsClient()) {
            while (System.nanoTime() < deadline) {
                List<JsonNode> found = new ArrayList<>();
                // Visibility 0: letters stay visible to the other tests that look for theirs.
                for (int round = 0; round < 5; round++) {
                    for (Message message : sqs.receiveMessage(receive -> receive.queueUrl(url)
                            .maxNumberOfMessages(10).visibilityTimeout(0).waitTimeSeconds(0)).messages()) {
                        if (message.body().contains(marker)) {
                            JsonNode letter = DispatcherFixtures.MAPPER.readTree(message.body());
                            if (found.stream().noneMatch(existing -> existing.equals(letter))) {
                                found.add(letter);
                            }
                        }
                    }
                }
                if (!found.isEmpty()) {
                    return found;
                }
                Thread.sleep(100);
            }
            return List.of();
        }
    }
}
