package dev.webhooks.dispatcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.testing.AwsEmulators;

/** Reads the dead-letter queue of the emulators without taking other tests' letters away. */
final class DeadLetters {

    private DeadLetters() {
    }

    /** The dead letters whose body contains {@code marker} (an organization or message id), waiting up to 5 s. */
    static List<JsonNode> containing(AwsEmulators emulators, String marker) throws Exception {
        List<JsonNode> letters = new ArrayList<>();
        for (String body : emulators.peek(Queues.DEAD_LETTER_DEFAULT_NAME, text -> text.contains(marker),
                Duration.ofSeconds(5))) {
            letters.add(DispatcherFixtures.MAPPER.readTree(body));
        }
        return letters;
    }
}
