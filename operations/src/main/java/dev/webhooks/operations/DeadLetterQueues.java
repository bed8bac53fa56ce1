package dev.webhooks.operations;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.delivery.DirectedEvent;
import dev.webhooks.core.delivery.QueueMessageBodies;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What an operator does with the dead-letter queue: read it without consuming it, and redrive what can be redriven.
 *
 * <ul>
 * <li>A delivery letter becomes a replay of its event to its config ({@code webhooks.directed}, as the API's replay
 * queues it): the dispatcher sends the body the event sent before, past the filter, as a new event whose
 * {@code replay_of} is the original. The delivery log must still hold the event (four weeks; the queue keeps letters
 * two).</li>
 * <li>A raw message (moved by SQS) goes back onto the event queue as it was.</li>
 * <li>An unprocessable letter stays: sending it again would fail again.</li>
 * </ul>
 * A message leaves the dead-letter queue only after what replaces it is on the event queue: a failure in between
 * leaves a copy in both, never none.
 */
final class DeadLetterQueues {

    /** How long a message read stays hidden from other readers while the command looks at it. */
    private static final Duration HOLD = Duration.ofSeconds(60);

    private final SqsClient sqs;
    private final String deadLetterUrl;
    private final String eventQueueUrl;
    private final ObjectMapper mapper = new ObjectMapper();
    private final QueueMessageBodies bodies = new QueueMessageBodies(mapper);
    private final ConfigIds ids = new ConfigIds(new SecureRandom());

    DeadLetterQueues(SqsClient sqs, String deadLetterUrl, String eventQueueUrl) {
        this.sqs = sqs;
        this.deadLetterUrl = deadLetterUrl;
        this.eventQueueUrl = eventQueueUrl;
    }

    /** What a redrive did, or would do, with one letter. */
    record Outcome(Letter letter, String action, boolean done) {
    }

    /**
     * Reads up to {@code max} letters, hiding each for {@link #HOLD} while it is read. The caller {@link #release}s
     * those it does not act on, so they are visible again at once.
     */
    List<Letter> read(int max) {
        Set<String> seen = new LinkedHashSet<>();
        List<Letter> letters = new ArrayList<>();
        while (letters.size() < max) {
            List<Message> received = sqs.receiveMessage(receive -> receive.queueUrl(deadLetterUrl)
                    .maxNumberOfMessages(Math.min(10, max - letters.size()))
                    .visibilityTimeout((int) HOLD.toSeconds()).waitTimeSeconds(1)
                    .messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (received.isEmpty()) {
                break;
            }
            for (Message message : received) {
                if (seen.add(message.messageId())) {
                    letters.add(Letter.of(message, mapper));
                }
            }
        }
        return letters;
    }

    /** Makes letters read but not acted on visible again at once. */
    void release(List<Letter> letters) {
        for (Letter letter : letters) {
            sqs.changeMessageVisibility(change -> change.queueUrl(deadLetterUrl)
                    .receiptHandle(letter.message().receiptHandle()).visibilityTimeout(0));
        }
    }

    /**
     * Redrives the letters {@code wanted} selects among those read: with {@code apply}, each is sent back and then
     * deleted; without it, nothing changes and the outcomes say what would happen. Every letter read is released,
     * unless it was deleted.
     */
    List<Outcome> redrive(List<Letter> letters, Predicate<Letter> wanted, boolean apply) {
        List<Outcome> outcomes = new ArrayList<>();
        List<Letter> kept = new ArrayList<>();
        for (Letter letter : letters) {
            if (!wanted.test(letter)) {
                kept.add(letter);
                continue;
            }
            String action = switch (letter.kind()) {
                case DELIVERY -> "replay event " + letter.eventId() + " to config " + letter.configId();
                case RAW -> "put back on the event queue";
                case UNPROCESSABLE -> null;
            };
            if (action == null || (letter.kind() == Letter.Kind.DELIVERY
                    && (letter.organizationId() == null || letter.configId() == null || letter.eventId() == null))) {
                outcomes.add(new Outcome(letter, "kept: it cannot be processed as it is", false));
                kept.add(letter);
                continue;
            }
            if (!apply) {
                outcomes.add(new Outcome(letter, "would " + action, false));
                kept.add(letter);
                continue;
            }
            send(letter);
            sqs.deleteMessage(delete -> delete.queueUrl(deadLetterUrl)
                    .receiptHandle(letter.message().receiptHandle()));
            outcomes.add(new Outcome(letter, action, true));
        }
        release(kept);
        return outcomes;
    }

    private void send(Letter letter) {
        if (letter.kind() == Letter.Kind.DELIVERY) {
            DirectedEvent replay = DirectedEvent.replay(letter.organizationId(), letter.configId(),
                    "rpl_" + ids.newConfigId(), letter.eventName() == null ? "unknown" : letter.eventName(),
                    letter.eventId(), false);
            String body = bodies.directed(replay);
            sqs.sendMessage(send -> send.queueUrl(eventQueueUrl).messageBody(body));
            return;
        }
        Map<String, MessageAttributeValue> attributes = letter.message().messageAttributes() == null ? Map.of()
                : new HashMap<>(letter.message().messageAttributes());
        sqs.sendMessage(send -> send.queueUrl(eventQueueUrl).messageBody(letter.message().body())
                .messageAttributes(attributes));
    }
}
