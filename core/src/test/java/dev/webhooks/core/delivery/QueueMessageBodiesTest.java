package dev.webhooks.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/** What the service writes on its queue, it reads back as the same message. */
class QueueMessageBodiesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final QueueMessageBodies BODIES = new QueueMessageBodies(MAPPER);
    private static final InboundEventParser PARSER = new InboundEventParser(MAPPER);
    private static final Instant DUE = Instant.parse("2026-11-30T10:00:05Z");

    static Stream<RetryMessage> retries() {
        return Stream.of(
                new RetryMessage("org-1", "cfg-1", "evt-1", 1, DUE, DeliveryOrigin.FAN_OUT, false),
                new RetryMessage("org-1", "cfg-1", "evt-1", 0, DUE, DeliveryOrigin.directed("evt-0"), true),
                new RetryMessage("org-1", "cfg-1", "trg_1", 3, DUE, DeliveryOrigin.directed(null), false));
    }

    @ParameterizedTest
    @MethodSource("retries")
    void aRetryIsReadBackAsWritten(RetryMessage retry) {
        assertThat(PARSER.read(BODIES.retry(retry), "msg-1")).isEqualTo(retry);
    }

    @Test
    void aDirectedEventIsReadBackAsWritten() {
        DirectedEvent replay = new DirectedEvent("org-1", "cfg-1", "evt-2", "customer_request_created", null, "evt-1",
                "evt-1", false);
        DirectedEvent trigger = new DirectedEvent("org-1", "cfg-1", "trg_2", "customer_request_created",
                "{\"metadata\":{\"organization_id\":\"org-1\"}}", null, null, true);

        assertThat(PARSER.read(BODIES.directed(replay), "msg-1")).isEqualTo(replay);
        assertThat(PARSER.read(BODIES.directed(trigger), "msg-2")).isEqualTo(trigger);
    }

    @Test
    void aReplayFromBeforeTransformsExistedResendsTheBodySent() {
        String old = "{\"kind\":\"webhooks.directed\",\"organization_id\":\"org-1\",\"webhook_config_id\":\"cfg-1\","
                + "\"event_id\":\"rpl_1\",\"event_name\":\"customer_request_created\",\"source_event_id\":\"evt-1\","
                + "\"replay_of\":\"evt-1\"}";

        DirectedEvent replay = (DirectedEvent) PARSER.read(old, "msg-1");

        assertThat(replay.reapplyTransform()).isFalse();
        assertThat(replay.sourceEventId()).isEqualTo("evt-1");
    }

    @Test
    void anEventLargerThanTheDeliveryLogCanKeepCannotBeProcessed() {
        String large = "{\"metadata\":{\"event_name\":\"customer_request_created\",\"organization_id\":\"org-1\","
                + "\"event_id\":\"evt-1\"},\"blob\":\"" + "x".repeat(InboundEvent.MAX_PAYLOAD_BYTES) + "\"}";

        assertThatThrownBy(() -> PARSER.read(large, "msg-1")).isInstanceOf(UnprocessableMessageException.class)
                .hasMessageContaining("the most an event may be is " + InboundEvent.MAX_PAYLOAD_BYTES);
    }

    @Test
    void aRetryFromBeforeOriginsExistedIsAFanOut() {
        String old = "{\"kind\":\"webhooks.retry\",\"organization_id\":\"org-1\",\"webhook_config_id\":\"cfg-1\","
                + "\"event_id\":\"evt-1\",\"attempt\":1,\"due_at\":\"2026-11-30T10:00:05Z\"}";

        assertThat(PARSER.read(old, "msg-1")).isEqualTo(new RetryMessage("org-1", "cfg-1", "evt-1", 1, DUE,
                DeliveryOrigin.FAN_OUT, false));
    }

    @Test
    void aRetryWithAnUnknownOriginCannotBeProcessed() {
        String odd = BODIES.retry(new RetryMessage("org-1", "cfg-1", "evt-1", 1, DUE, DeliveryOrigin.FAN_OUT,
                false))
                .replace("\"fan_out\"", "\"sideways\"");

        assertThatThrownBy(() -> PARSER.read(odd, "msg-1")).isInstanceOf(UnprocessableMessageException.class)
                .hasMessageContaining("origin");
    }

    @Test
    void aFanOutRetryCannotClaimToReplay() {
        String odd = BODIES.retry(new RetryMessage("org-1", "cfg-1", "evt-1", 1, DUE, DeliveryOrigin.FAN_OUT,
                false))
                .replace("}", ",\"replay_of\":\"evt-0\"}");

        assertThatThrownBy(() -> PARSER.read(odd, "msg-1")).isInstanceOf(UnprocessableMessageException.class);
    }
}
