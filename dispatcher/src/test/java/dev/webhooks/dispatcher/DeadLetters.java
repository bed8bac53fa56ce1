package dev.webhooks.dispatcher;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.testing.AwsEmulators;

/** Reads the dead-letter queue of the emulators without taking other tests' letters away. */
final class DeadLetters {

    /** How long a test watches for a dead letter that must not come. */
    private static final Duration QUIET = Duration.ofSeconds(5);

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

    /** Holds while, for 5 s, no dead letter whose body contains {@code marker} is on the queue. */
    static void assertNone(AwsEmulators emulators, String marker) {
        await("no dead letter containing " + marker).during(QUIET).atMost(QUIET.plusSeconds(5))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> emulators.peek(Queues.DEAD_LETTER_DEFAULT_NAME, text -> text.contains(marker)).isEmpty());
    }
}
