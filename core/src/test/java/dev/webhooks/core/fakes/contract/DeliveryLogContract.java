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
    void theFirstClaimCreatesAnInProgressRecordWithNoAttempts() {
        DeliveryRecord claimed = log().claim(start("evt-1", T0), 0).orElseThrow();

        assertThat(claimed.status()).isEqualTo(DeliveryStatus.IN_PROGRESS);
        assertThat(claimed.attempts()).isZero();
        assertThat(claimed.createdAt()).isEqualTo(T0);
        assertThat(log().find(org, "cfg-1", "evt-1")).contains(claimed);
    }

    @Test
    void anAttemptCanBeClaimedAgainUntilItIsRecorded() {
        log().claim(start("evt-1", T0), 0).orElseThrow();

        DeliveryRecord again = log().claim(start("evt-1", T0.plusSeconds(9)), 0).orElseThrow();

        assertThat(again.createdAt()).as("the first creation time stays").isEqualTo(T0);
    }

    @Test
    void aRecordedAttemptCannotBeClaimedAgainButTheNextCan() {
        DeliveryRecord claimed = log().claim(start("evt-1", T0), 0).orElseThrow();
        assertThat(log().save(claimed.retrying(failed(T0), T0.plusSeconds(5)), 0)).isTrue();

        assertThat(log().claim(start("evt-1", T0), 0)).isEmpty();
        DeliveryRecord retry = log().claim(start("evt-1", T0.plusSeconds(5)), 1).orElseThrow();
        assertThat(retry.attempts()).isEqualTo(1);
        assertThat(retry.outcome().statusCode()).as("the claim keeps the last outcome").isEqualTo(503);
    }

    @Test
    void aFinalRecordCannotBeClaimed() {
        DeliveryRecord claimed = log().claim(start("evt-1", T0), 0).orElseThrow();
        log().save(claimed.finished(delivered(T0)), 0);

        assertThat(log().claim(start("evt-1", T0), 1)).isEmpty();
        assertThat(log().claim(start("evt-1", T0), 0)).isEmpty();
    }

    @Test
    void theFirstOfTwoWorkersToRecordWins() {
        DeliveryRecord byA = log().claim(start("evt-1", T0), 0).orElseThrow();
        DeliveryRecord byB = log().claim(start("evt-1", T0), 0).orElseThrow();

        assertThat(log().save(byA.finished(delivered(T0)), 0)).isTrue();
        assertThat(log().save(byB.retrying(failed(T0), T0.plusSeconds(5)), 0)).isFalse();
        assertThat(log().find(org, "cfg-1", "evt-1").orElseThrow().status()).isEqualTo(DeliveryStatus.SUCCEEDED);
    }

    @Test
    void aRecordThatWasNeverClaimedIsNotSaved() {
        assertThat(log().save(start("evt-1", T0).finished(delivered(T0)), 0)).isFalse();
        assertThat(log().find(org, "cfg-1", "evt-1")).isEmpty();
    }

    @Test
    void aReplaySaysSoWhileItIsInProgress() {
        log().claim(start("evt-1", T0).replaying("evt-0"), 0).orElseThrow();

        assertThat(log().find(org, "cfg-1", "evt-1").orElseThrow().replayOf()).isEqualTo("evt-0");
        assertThat(log().claim(start("evt-1", T0), 0).orElseThrow().replayOf()).as("kept by a later claim")
                .isEqualTo("evt-0");
    }

    @Test
    void replayOfAndThePendingDisablingSurviveTheRoundTrip() {
        DeliveryRecord claimed = log().claim(start("evt-1", T0), 0).orElseThrow();
        DeliveryRecord recorded = claimed.replaying("evt-0").finished(failed(T0)).disabling(7);

        log().save(recorded, 0);

        DeliveryRecord stored = log().find(org, "cfg-1", "evt-1").orElseThrow();
        assertThat(stored.replayOf()).isEqualTo("evt-0");
        assertThat(stored.disablesConfigVersion()).isEqualTo(7L);
        assertThat(stored.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(stored.attempts()).isEqualTo(1);
    }
}
