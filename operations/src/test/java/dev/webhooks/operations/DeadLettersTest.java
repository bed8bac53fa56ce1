package dev.webhooks.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.core.adapter.sqs.SqsDeadLetterQueue;
import dev.webhooks.core.delivery.DeadLetter;
import dev.webhooks.core.delivery.DeliveryOutcome;
import dev.webhooks.core.delivery.DirectedEvent;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.InboundEvent;
import dev.webhooks.core.delivery.InboundEventParser;
import dev.webhooks.core.delivery.QueueContent;
import dev.webhooks.core.settings.QueueSettings;
import dev.webhooks.testing.AwsEmulators;
import dev.webhooks.testing.SampleEvents;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code ./dead-letters} against the local SQS server, with the three kinds of message the dead-letter queue holds:
 * the dispatcher's letter for a failed delivery and for an unprocessable message (written by the dispatcher's own
 * adapter), and an event-queue message as SQS moves it after too many receives (no attribute of ours).
 */
class DeadLettersTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static AwsEmulators emulators;
    private static SqsClient sqs;

    private final String organization = "org-" + UUID.randomUUID();
    private String rawEvent;

    @BeforeAll
    static void startTheServers() {
        emulators = AwsEmulators.start();
        sqs = emulators.sqsClient();
    }

    @AfterAll
    static void stopTheServers() {
        sqs.close();
        emulators.close();
    }

    @BeforeEach
    void fillTheDeadLetterQueue() {
        for (String queue : List.of(Queues.DEAD_LETTER_DEFAULT_NAME, Queues.EVENTS_DEFAULT_NAME)) {
            sqs.purgeQueue(purge -> purge.queueUrl(emulators.queueUrl(queue)));
        }
        SqsDeadLetterQueue dispatcherLetters = new SqsDeadLetterQueue(sqs, MAPPER, new QueueSettings() {
            @Override
            public String eventsUrl() {
                return emulators.queueUrl(Queues.EVENTS_DEFAULT_NAME);
            }

            @Override
            public String deadLetterUrl() {
                return emulators.queueUrl(Queues.DEAD_LETTER_DEFAULT_NAME);
            }
        });
        Instant now = Instant.now();
        InboundEvent failed = new InboundEvent("evt-failed", organization, "customer_request_created",
                MAPPER.createObjectNode(), "{\"n\":1}");
        for (String config : List.of("cfg-a", "cfg-a", "cfg-b")) {
            dispatcherLetters.send(DeadLetter.undeliverable(failed, config, new DeliveryOutcome(503,
                    FailureCode.HttpError, "Endpoint answered HTTP 503", "", null, now, now), 3));
        }
        dispatcherLetters.send(DeadLetter.unprocessable("msg-garbled", "not json", "Message body is not JSON"));
        rawEvent = SampleEvents.eventBridgeEnvelope("evt-raw", "customer_request_created",
                SampleEvents.sample("customer_request_created", organization));
        sqs.sendMessage(send -> send.queueUrl(emulators.queueUrl(Queues.DEAD_LETTER_DEFAULT_NAME))
                .messageBody(rawEvent));
    }

    @Test
    void listGroupsTheLettersByKindOrganizationConfigAndReasonWithoutConsumingThem() {
        Run list = run("--endpoint", emulators.sqsEndpoint(), "list");

        assertThat(list.status).isZero();
        assertThat(list.out).contains("5 dead letter(s)");
        assertThat(line(list.out, "cfg-a")).contains("delivery").contains(organization).contains(" 2 ")
                .contains("HttpError");
        assertThat(line(list.out, "cfg-b")).contains(" 1 ");
        assertThat(line(list.out, "raw")).contains(organization).contains("moved by SQS");
        assertThat(line(list.out, "unprocessable")).contains("Message body is not JSON");
        assertThat(deadLetters()).as("nothing consumed").hasSize(5);
    }

    @Test
    void showPrintsOneLetter() {
        String id = deadLetters().stream().filter(message -> message.body().contains("evt-raw")).findFirst()
                .orElseThrow().messageId();

        Run show = run("--endpoint", emulators.sqsEndpoint(), "show", id);

        assertThat(show.status).isZero();
        assertThat(show.out).contains("kind:         raw").contains("event:        evt-raw").contains(rawEvent);
    }

    @Test
    void aRedriveIsDryUntilApplied() {
        Run dry = run("--endpoint", emulators.sqsEndpoint(), "redrive", "--organization", organization);

        assertThat(dry.status).isZero();
        assertThat(dry.out).contains("would replay event evt-failed to config cfg-a")
                .contains("would put back on the event queue").contains("dry run: nothing was changed");
        assertThat(deadLetters()).hasSize(5);
        assertThat(events()).isEmpty();
    }

    @Test
    void aRedriveReplaysEachFailedDeliveryOncePutsMovedMessagesBackAndKeepsTheUnprocessable() {
        Run applied = run("--endpoint", emulators.sqsEndpoint(), "redrive", "--apply");

        assertThat(applied.status).isZero();
        assertThat(applied.out).contains("4 redriven, 1 kept")
                .contains("removed: a copy of a letter replayed in this run");
        List<QueueContent> sent = events().stream()
                .map(message -> new InboundEventParser(MAPPER).read(message.body(), message.messageId())).toList();
        List<DirectedEvent> replays = sent.stream().filter(DirectedEvent.class::isInstance)
                .map(DirectedEvent.class::cast).toList();
        assertThat(replays).as("the two letters of evt-failed to cfg-a make one replay").hasSize(2)
                .allSatisfy(replay -> {
                    assertThat(replay.sourceEventId()).isEqualTo("evt-failed");
                    assertThat(replay.replayOf()).isEqualTo("evt-failed");
                    assertThat(replay.organizationId()).isEqualTo(organization);
                    assertThat(replay.reapplyTransform()).as("the body sent before").isFalse();
                    assertThat(replay.eventId()).startsWith("rpl_dl_");
                })
                .extracting(DirectedEvent::configId).containsExactlyInAnyOrder("cfg-a", "cfg-b");
        assertThat(sent).filteredOn(InboundEvent.class::isInstance).singleElement()
                .satisfies(event -> assertThat(((InboundEvent) event).eventId()).isEqualTo("evt-raw"));
        assertThat(deadLetters()).singleElement()
                .satisfies(kept -> assertThat(kept.body()).contains("not json"));
    }

    @Test
    void aSecondRedriveOfTheSameDeliveryIsTheSameReplay() {
        run("--endpoint", emulators.sqsEndpoint(), "redrive", "--config", "cfg-b", "--apply");
        List<String> first = replayIds();
        fillTheDeadLetterQueue();
        run("--endpoint", emulators.sqsEndpoint(), "redrive", "--config", "cfg-b", "--apply");

        assertThat(first).hasSize(1);
        assertThat(replayIds()).as("the delivery log records one replay of them").containsExactlyElementsOf(first);
    }

    private List<String> replayIds() {
        return events().stream()
                .map(message -> new InboundEventParser(MAPPER).read(message.body(), message.messageId()))
                .filter(DirectedEvent.class::isInstance).map(content -> ((DirectedEvent) content).eventId())
                .toList();
    }

    @Test
    void aLetterFromBeforeLettersHadAKindIsToldByItsReason() {
        sqs.purgeQueue(purge -> purge.queueUrl(emulators.queueUrl(Queues.DEAD_LETTER_DEFAULT_NAME)));
        String old = "{\"reason\":\"delivery failed\",\"organization_id\":\"" + organization + "\","
                + "\"event_id\":\"evt-old\",\"event_name\":\"customer_request_created\",\"webhook_config_id\":"
                + "\"cfg-old\",\"last_error\":\"Timeout: no answer\",\"attempts\":4,\"event\":{}}";
        sqs.sendMessage(send -> send.queueUrl(emulators.queueUrl(Queues.DEAD_LETTER_DEFAULT_NAME)).messageBody(old)
                .messageAttributes(java.util.Map.of("reason", software.amazon.awssdk.services.sqs.model
                        .MessageAttributeValue.builder().dataType("String").stringValue("delivery failed").build())));

        Run list = run("--endpoint", emulators.sqsEndpoint(), "list");

        assertThat(line(list.out, "cfg-old")).contains("delivery").contains("Timeout");
    }

    @Test
    void discardDeletesWhatAPersonLookedAtAndOnlyWithApply() {
        Run dry = run("--endpoint", emulators.sqsEndpoint(), "discard", "--kind", "unprocessable");
        assertThat(dry.out).contains("would discard it");
        assertThat(deadLetters()).hasSize(5);

        Run applied = run("--endpoint", emulators.sqsEndpoint(), "discard", "--kind", "unprocessable", "--apply");

        assertThat(applied.out).contains("1 discarded, 0 kept");
        assertThat(deadLetters()).hasSize(4).noneSatisfy(kept -> assertThat(kept.body()).contains("not json"));
    }

    @Test
    void aRedriveCanBeNarrowedToOneConfigOrKind() {
        Run oneConfig = run("--endpoint", emulators.sqsEndpoint(), "redrive", "--config", "cfg-b", "--apply");

        assertThat(oneConfig.out).contains("1 redriven, 0 kept");
        assertThat(deadLetters()).hasSize(4);

        Run raw = run("--endpoint", emulators.sqsEndpoint(), "redrive", "--kind", "raw", "--apply");

        assertThat(raw.out).contains("1 redriven, 0 kept");
        assertThat(deadLetters()).hasSize(3);
    }

    @Test
    void aWrongCommandLineSaysHowToUseIt() {
        assertThat(run("list").status).as("no queues named").isEqualTo(2);
        assertThat(run("--endpoint", emulators.sqsEndpoint(), "list", "--apply").err).contains("--apply goes with");
        assertThat(run("--endpoint", emulators.sqsEndpoint(), "redrive", "discard").err).contains("one command");
        assertThat(run("--endpoint", emulators.sqsEndpoint(), "--kind", "odd").err).contains("unknown kind odd");
        assertThat(run("--endpoint", emulators.sqsEndpoint(), "show").status).isEqualTo(2);
    }

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DeadLetters.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String line(String text, String containing) {
        return text.lines().filter(line -> line.contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + containing + " in:\n" + text));
    }

    private static List<Message> deadLetters() {
        return peek(Queues.DEAD_LETTER_DEFAULT_NAME);
    }

    private static List<Message> events() {
        return peek(Queues.EVENTS_DEFAULT_NAME);
    }

    /** Every message on the queue, read and made visible again. */
    private static List<Message> peek(String queue) {
        String url = emulators.queueUrl(queue);
        java.util.Map<String, Message> found = new java.util.LinkedHashMap<>();
        for (int round = 0; round < 5; round++) {
            List<Message> received = sqs.receiveMessage(receive -> receive.queueUrl(url).maxNumberOfMessages(10)
                    .visibilityTimeout(30).waitTimeSeconds(0)).messages();
            received.forEach(message -> found.putIfAbsent(message.messageId(), message));
            received.forEach(message -> sqs.changeMessageVisibility(change -> change.queueUrl(url)
                    .receiptHandle(message.receiptHandle()).visibilityTimeout(0)));
            if (received.isEmpty()) {
                break;
            }
        }
        return List.copyOf(found.values());
    }
}
