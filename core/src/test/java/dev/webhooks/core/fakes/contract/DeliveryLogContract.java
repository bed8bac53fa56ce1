package dev.webhooks.core.fakes.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.webhooks.core.config.HttpMethod;
import dev.webhooks.core.delivery.DeliveryOutcome;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.InboundEvent;
import dev.webhooks.core.filter.TransformResult;
import dev.webhooks.core.port.DeliveryLogRepository;

/**
 * What every {@link DeliveryLogRepository} must do, run against the in-memory one (core) and the DynamoDB one
 * (test-support, on dynalite), so the unit tests' fake cannot drift from the adapter it stands in for.
 */
public abstract class DeliveryLogContract {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    protected abstract DeliveryLogRepository log();

    private final String org = "org-" + UUID.randomUUID();

    private DeliveryRecord start(String eventId, Instant at) {
        InboundEvent event = new InboundEvent(eventId, org, "customer_request_created",
                JsonNodeFactory.instance.objectNode(), "{\"n\":1}");
        return DeliveryRecord.start(event, "cfg-1", "https://hooks.example.com/in", HttpMethod.POST, at);
    }

    private static DeliveryOutcome failed(Instant at) {
        return new DeliveryOutcome(503, FailureCode.HttpError, "HTTP 503", "", null, at, at);
    }

    private static DeliveryOutcome delivered(Instant at) {
        return new DeliveryOutcome(200, null, "Delivered", "", null, at, at);
    }

    @Test
    void theFirstAttemptsRecordIsWrittenWhenThePairIsAbsent() {
        DeliveryRecord delivered = start("evt-1", T0).finished(delivered(T0));

        assertThat(log().save(delivered, 0)).isTrue();

        assertThat(log().find(org, "cfg-1", "evt-1")).contains(delivered);
    }

    @Test
    void aRecordAwaitingTheAttemptIsWrittenOverAndKeepsItsCreationTime() {
        DeliveryRecord deferred = start("evt-1", T0).deferred(T0.plusSeconds(30), "slow", T0);
        assertThat(log().save(deferred, 0)).isTrue();

        DeliveryRecord stored = log().find(org, "cfg-1", "evt-1").orElseThrow();
        assertThat(stored.awaits(0)).isTrue();
        DeliveryRecord resumed = stored.continuedAs(start("evt-1", T0.plusSeconds(40)));
        assertThat(log().save(resumed.finished(delivered(T0.plusSeconds(40))), stored.attempts())).isTrue();

        DeliveryRecord finished = log().find(org, "cfg-1", "evt-1").orElseThrow();
        assertThat(finished.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(finished.createdAt()).as("the first creation time stays").isEqualTo(T0);
    }

    @Test
    void aRecordedAttemptIsNotWrittenAgainButTheNextIs() {
        assertThat(log().save(start("evt-1", T0).retrying(failed(T0), T0.plusSeconds(5)), 0)).isTrue();

        assertThat(log().save(start("evt-1", T0).finished(delivered(T0)), 0)).as("attempt 1 again").isFalse();
        DeliveryRecord stored = log().find(org, "cfg-1", "evt-1").orElseThrow();
        assertThat(stored.awaits(0)).isFalse();
        assertThat(stored.awaits(1)).isTrue();
        assertThat(stored.outcome().statusCode()).as("the last outcome is kept").isEqualTo(503);
        assertThat(log().save(stored.finished(delivered(T0.plusSeconds(5))), 1)).as("attempt 2").isTrue();
        assertThat(log().find(org, "cfg-1", "evt-1").orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void aFinalRecordIsNeverWrittenOver() {
        assertThat(log().save(start("evt-1", T0).finished(delivered(T0)), 0)).isTrue();

        assertThat(log().save(start("evt-1", T0).finished(failed(T0)), 0)).isFalse();
        assertThat(log().save(start("evt-1", T0).finished(failed(T0)), 1)).isFalse();
        assertThat(log().find(org, "cfg-1", "evt-1").orElseThrow().status()).isEqualTo(DeliveryStatus.SUCCEEDED);
    }

    @Test
    void theFirstOfTwoWorkersToRecordWins() {
        DeliveryRecord seenByA = start("evt-1", T0);
        DeliveryRecord seenByB = start("evt-1", T0);

        assertThat(log().save(seenByA.finished(delivered(T0)), 0)).isTrue();
        assertThat(log().save(seenByB.retrying(failed(T0), T0.plusSeconds(5)), 0)).isFalse();
        assertThat(log().find(org, "cfg-1", "evt-1").orElseThrow().status()).isEqualTo(DeliveryStatus.SUCCEEDED);
    }

    @Test
    void onlyAnAttemptThatSawNoRecordCreatesOne() {
        assertThat(log().save(start("evt-1", T0).finished(delivered(T0)), 3)).as("attempt 4 of an absent pair")
                .isFalse();
        assertThat(log().find(org, "cfg-1", "evt-1")).isEmpty();

        assertThat(log().save(start("evt-1", T0).waiting(T0), 0)).isTrue();
        assertThat(log().save(start("evt-1", T0).finished(delivered(T0)), 3)).as("attempt 4 of a pair awaiting 1")
                .isFalse();
        assertThat(log().find(org, "cfg-1", "evt-1").orElseThrow().status()).isEqualTo(DeliveryStatus.IN_PROGRESS);
    }

    @Test
    void replayOfAndThePendingDisablingSurviveTheRoundTrip() {
        DeliveryRecord recorded = start("evt-1", T0).replaying("evt-0").finished(failed(T0)).disabling(7);

        log().save(recorded, 0);

        DeliveryRecord stored = log().find(org, "cfg-1", "evt-1").orElseThrow();
        assertThat(stored.replayOf()).isEqualTo("evt-0");
        assertThat(stored.disablesConfigVersion()).isEqualTo(7L);
        assertThat(stored.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(stored.attempts()).isEqualTo(1);
    }

    @Test
    void theBodyDecidedForThePairSurvivesTheRoundTripBesideTheOriginal() {
        DeliveryRecord transformed = start("evt-1", T0).sending("{\"title\":\"x\"}").retrying(failed(T0),
                T0.plusSeconds(5));
        DeliveryRecord asIs = start("evt-2", T0).sending("{\"n\":1}").waiting(T0.plusSeconds(1));
        DeliveryRecord undecided = start("evt-3", T0).deferred(T0.plusSeconds(1), "busy", T0);

        log().save(transformed, 0);
        log().save(asIs, 0);
        log().save(undecided, 0);

        DeliveryRecord first = log().find(org, "cfg-1", "evt-1").orElseThrow();
        assertThat(first.payload()).isEqualTo("{\"n\":1}");
        assertThat(first.sentPayload()).isEqualTo("{\"title\":\"x\"}");
        assertThat(first.transformed()).isTrue();
        assertThat(first.decidedBody()).contains("{\"title\":\"x\"}");
        DeliveryRecord second = log().find(org, "cfg-1", "evt-2").orElseThrow();
        assertThat(second.transformed()).isFalse();
        assertThat(second.decidedBody()).as("decided: the event as it came").contains("{\"n\":1}");
        assertThat(log().find(org, "cfg-1", "evt-3").orElseThrow().decidedBody()).as("not decided yet").isEmpty();
    }

    /**
     * The largest record the service writes fits in one item: the largest event, the largest transformed body and
     * the longest response excerpt (4 KiB of characters that each take three bytes), on a long url.
     */
    @Test
    void theLargestRecordFitsInOneItem() {
        String payload = "{\"blob\":\"" + "x".repeat(InboundEvent.MAX_PAYLOAD_BYTES - 12) + "\"}";
        String body = "{\"blob\":\"" + "y".repeat(TransformResult.MAX_BODY_BYTES - 12) + "\"}";
        InboundEvent event = new InboundEvent("evt-large", org, "customer_request_created",
                JsonNodeFactory.instance.objectNode(), payload);
        DeliveryRecord record = DeliveryRecord.start(event, "cfg-1", "https://hooks.example.com/" + "p".repeat(2000),
                HttpMethod.POST, T0).sending(body).finished(new DeliveryOutcome(503, FailureCode.HttpError,
                        "HTTP 503", "€".repeat(4096), null, T0, T0));

        assertThat(log().save(record, 0)).isTrue();

        DeliveryRecord stored = log().find(org, "cfg-1", "evt-large").orElseThrow();
        assertThat(stored.payload()).hasSize(payload.length());
        assertThat(stored.sentPayload()).hasSize(body.length());
    }
}
