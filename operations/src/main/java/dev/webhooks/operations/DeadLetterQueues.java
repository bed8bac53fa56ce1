package dev.webhooks.operations;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.webhooks.core.delivery.DirectedEvent;
import dev.webhooks.core.delivery.QueueMessageBodies;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What an operator does with the dead-letter queue: read it without consuming it, redrive what can be redriven, and
 * discard what a person has looked at.
 *
 * <ul>
 * <li>A delivery letter becomes a replay of its event to its config ({@code webhooks.directed}, as the API's replay
 * queues it): the dispatcher sends the body the event sent before, past the filter, as a new event whose
 * {@code replay_of} is the original. Its id is derived from the letter's (organization, config, event), so two
 * letters of one delivery, or a second redrive, make one replay: the delivery log records it once. The log must still
 * hold the event (four weeks; the queue keeps letters two).</li>
 * <li>A raw message (moved by SQS) goes back onto the event queue as it was.</li>
 * <li>An unprocessable letter stays: sending it again would fail again.</li>
 * </ul>
 * Letters are handled a page (ten) at a time, each within its read's hold; a message leaves the dead-letter queue only
 * after what replaces it is on the event queue, so a failure in between leaves a copy in both, never none. A letter
 * that fails is reported and left in the queue.
 */
final class DeadLetterQueues {

    /** How long a message read stays hidden from other readers while the command works on it. */
    static final Duration HOLD = Duration.ofSeconds(120);

    private final SqsClient sqs;
    private final String deadLetterUrl;
    private final String eventQueueUrl;
    private final ObjectMapper mapper = new ObjectMapper();
    private final QueueMessageBodies bodies = new QueueMessageBodies(mapper);

    DeadLetterQueues(SqsClient sqs, String deadLetterUrl, String eventQueueUrl) {
        this.sqs = sqs;
        this.deadLetterUrl = deadLetterUrl;
        this.eventQueueUrl = eventQueueUrl;
    }

    /** What a command did, or would do, with one letter. */
    record Outcome(Letter letter, String action, boolean done) {
    }

    /** What the command does with a letter it selected; {@code null} when it leaves it. */
    enum Action {
        REDRIVE, DISCARD
    }

    /**
     * Reads up to {@code max} letters and makes them visible again: for counting and showing. Each is hidden while
     * the read goes on, so none is counted twice.
     */
    List<Letter> read(int max) {
        List<Letter> letters = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (letters.size() < max) {
            List<Letter> page = page(Math.min(10, max - letters.size()), seen);
            if (page.isEmpty()) {
                break;
            }
            letters.addAll(page);
        }
        release(letters);
        return letters;
    }

    /**
     * Redrives or discards the letters {@code wanted} selects, a page at a time, up to {@code max} read: with
     * {@code apply} each is acted on at once; without it nothing changes and the outcomes say what would happen.
     * Letters left are visible again at the end.
     */
    List<Outcome> act(Action action, Predicate<Letter> wanted, boolean apply, int max) {
        List<Outcome> outcomes = new ArrayList<>();
        List<Letter> kept = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> replayed = new HashSet<>();
        int read = 0;
        while (read < max) {
            List<Letter> page = page(Math.min(10, max - read), seen);
            if (page.isEmpty()) {
                break;
            }
            read += page.size();
            for (Letter letter : page) {
                if (!wanted.test(letter)) {
                    kept.add(letter);
                    continue;
                }
                Outcome outcome = action == Action.DISCARD ? discard(letter, apply) : redrive(letter, apply, replayed);
                outcomes.add(outcome);
                if (!outcome.done()) {
                    kept.add(letter);
                }
            }
        }
        release(kept);
        return outcomes;
    }

    private Outcome redrive(Letter letter, boolean apply, Set<String> replayed) {
        String action = switch (letter.kind()) {
            case DELIVERY -> letter.organizationId() == null || letter.configId() == null || letter.eventId() == null
                    ? null : "replay event " + letter.eventId() + " to config " + letter.configId();
            case RAW -> "put back on the event queue";
            case UNPROCESSABLE -> null;
        };
        if (action == null) {
            return new Outcome(letter, "kept: it cannot be processed as it is", false);
        }
        if (!apply) {
            return new Outcome(letter, "would " + action, false);
        }
        try {
            boolean duplicate = letter.kind() == Letter.Kind.DELIVERY && !replayed.add(replayKey(letter));
            if (!duplicate) {
                send(letter);
            }
            delete(letter);
            return new Outcome(letter, duplicate ? "removed: a copy of a letter replayed in this run" : action, true);
        } catch (SdkException failed) {
            return new Outcome(letter, "failed, left in the queue: " + failed.getMessage(), false);
        }
    }

    private Outcome discard(Letter letter, boolean apply) {
        if (!apply) {
            return new Outcome(letter, "would discard it", false);
        }
        try {
            delete(letter);
            return new Outcome(letter, "discarded", true);
        } catch (SdkException failed) {
            return new Outcome(letter, "failed, left in the queue: " + failed.getMessage(), false);
        }
    }

    /** Up to {@code size} letters not seen before in this run, hidden for {@link #HOLD}. */
    private List<Letter> page(int size, Set<String> seen) {
        for (int empty = 0; empty < 3; empty++) {
            List<Message> received = sqs.receiveMessage(receive -> receive.queueUrl(deadLetterUrl)
                    .maxNumberOfMessages(size).visibilityTimeout((int) HOLD.toSeconds()).waitTimeSeconds(1)
                    .messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (received.isEmpty()) {
                return List.of();
            }
            List<Letter> page = new ArrayList<>();
            for (Message message : received) {
                if (seen.add(message.messageId())) {
                    page.add(Letter.of(message, mapper));
                }
            }
            if (!page.isEmpty()) {
                return page;
            }
        }
        return List.of();
    }

    /** Makes letters visible again at once; one whose hold ran out already is visible anyway. */
    private void release(List<Letter> letters) {
        for (Letter letter : letters) {
            try {
                sqs.changeMessageVisibility(change -> change.queueUrl(deadLetterUrl)
                        .receiptHandle(letter.message().receiptHandle()).visibilityTimeout(0));
            } catch (SdkException expired) {
                // The hold ended first: the letter is visible again without us.
            }
        }
    }

    private void delete(Letter letter) {
        sqs.deleteMessage(delete -> delete.queueUrl(deadLetterUrl).receiptHandle(letter.message().receiptHandle()));
    }

    private void send(Letter letter) {
        if (letter.kind() == Letter.Kind.DELIVERY) {
            DirectedEvent replay = DirectedEvent.replay(letter.organizationId(), letter.configId(),
                    "rpl_dl_" + replayKey(letter), letter.eventName() == null ? "unknown" : letter.eventName(),
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

    /** The same for every letter of one delivery: the replay of a delivery has one id, whoever redrives it. */
    static String replayKey(Letter letter) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((letter.organizationId() + "\n"
                    + letter.configId() + "\n" + letter.eventId()).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
