package dev.webhooks.local.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.webhooks.core.delivery.WebhookSignature;
import dev.webhooks.local.soak.Soak.SoakConfig;
import dev.webhooks.local.soak.Soak.SoakEvent;
import dev.webhooks.local.soak.SoakAccounting.Evidence;
import dev.webhooks.local.soak.SoakReport.Outcome;

/** The soak's verdict on one pair: every outcome needs all of its evidence and none against it; else it is lost. */
class SoakAccountingTest {

    private static final SoakConfig PLAIN = new SoakConfig("c1", "org", "http://127.0.1.1/hooks/1", false, false);
    private static final SoakConfig FILTERED = new SoakConfig("c2", "org", "http://127.0.1.1/hooks/2", true, false);
    private static final SoakConfig GONE = new SoakConfig("c3", "org", "http://127.0.2.1/gone/3", false, true);
    private static final SoakEvent OPEN = new SoakEvent("e1", "org", true);
    private static final SoakEvent CLOSED = new SoakEvent("e2", "org", false);
    private static final SoakReport.Faults FAULTS = new SoakReport.Faults(0, 0, 0, false, 0, 0, 0, 0, Map.of(), true,
            Duration.ZERO);

    private static Outcome outcome(SoakConfig config, SoakEvent event, String status, long received, long requests,
            int deadLetters, boolean disabledByGone) {
        return SoakAccounting.outcome(config, event, new Evidence(status, null, received, requests, deadLetters,
                disabledByGone));
    }

    @Test
    void aDeliveryNeedsBothTheReceiversAnswerAndTheLog() {
        assertThat(outcome(PLAIN, OPEN, "succeeded", 1, 1, 0, false)).isEqualTo(Outcome.DELIVERED);
        assertThat(outcome(PLAIN, OPEN, "succeeded", 0, 1, 0, false)).isEqualTo(Outcome.LOST);
        assertThat(outcome(PLAIN, OPEN, "succeeded", 1, 1, 1, false)).as("also dead-lettered").isEqualTo(Outcome.LOST);
        assertThat(outcome(PLAIN, OPEN, "in_progress", 1, 1, 0, false)).isEqualTo(Outcome.LOST);
        assertThat(outcome(PLAIN, OPEN, null, 0, 0, 0, false)).isEqualTo(Outcome.LOST);
    }

    @Test
    void aFailureNeedsTheLogAndADeadLetter() {
        assertThat(outcome(PLAIN, OPEN, "failed", 0, 6, 1, false)).isEqualTo(Outcome.FAILED);
        assertThat(outcome(PLAIN, OPEN, "failed", 0, 6, 0, false)).isEqualTo(Outcome.LOST);
    }

    @Test
    void aSkipIsRightOnlyWhereTheFilterDoesNotMatchAndNothingWasSent() {
        assertThat(outcome(FILTERED, CLOSED, "skipped", 0, 0, 0, false)).isEqualTo(Outcome.SKIPPED);
        assertThat(outcome(FILTERED, CLOSED, "skipped", 0, 1, 0, false)).as("sent anyway").isEqualTo(Outcome.LOST);
        assertThat(outcome(FILTERED, CLOSED, "succeeded", 1, 1, 0, false)).isEqualTo(Outcome.LOST);
        assertThat(outcome(FILTERED, OPEN, "skipped", 0, 0, 0, false)).isEqualTo(Outcome.LOST);
        assertThat(outcome(PLAIN, CLOSED, "skipped", 0, 0, 0, false)).isEqualTo(Outcome.LOST);
    }

    @Test
    void onlyAConfigDisabledByGoneMayHaveUnsentPairsAndOnlyIfNothingOfThemWasSent() {
        assertThat(outcome(GONE, OPEN, null, 0, 0, 0, true)).isEqualTo(Outcome.DROPPED_CONFIG_DISABLED);
        assertThat(outcome(GONE, OPEN, null, 0, 0, 0, false)).as("not disabled").isEqualTo(Outcome.LOST);
        assertThat(outcome(GONE, OPEN, null, 0, 1, 0, true)).as("it reached the endpoint").isEqualTo(Outcome.LOST);
        assertThat(outcome(GONE, OPEN, null, 0, 0, 1, true)).as("dead-lettered").isEqualTo(Outcome.LOST);
        assertThat(outcome(PLAIN, OPEN, null, 0, 0, 0, true)).isEqualTo(Outcome.LOST);
        assertThat(outcome(GONE, OPEN, "failed", 0, 1, 1, true)).isEqualTo(Outcome.FAILED);
        // A retry that found its config disabled records why, and sends no dead letter.
        assertThat(SoakAccounting.outcome(GONE, OPEN, new Evidence("failed", "RetryDropped", 0, 1, 0, true)))
                .isEqualTo(Outcome.DROPPED_CONFIG_DISABLED);
        assertThat(SoakAccounting.outcome(GONE, OPEN, new Evidence("failed", "HttpError", 0, 1, 0, true)))
                .isEqualTo(Outcome.LOST);
    }

    @Test
    void evidenceOfAPairThatShouldNotExistIsCountedAndDuplicatesAreReported() {
        Map<String, SoakEvent> events = new LinkedHashMap<>(Map.of(OPEN.id(), OPEN));
        String id = WebhookSignature.messageId(OPEN.id(), PLAIN.id());
        SoakAccounting.Traces traces = new SoakAccounting.Traces(
                Map.of(PLAIN.id() + "/" + OPEN.id(), new SoakAccounting.Record("succeeded", null),
                        "other-config/" + OPEN.id(), new SoakAccounting.Record("succeeded", null)),
                Map.of(), Map.of(id, 2L), Map.of(id, 3L), Set.of(), SoakAccounting.Redeliveries.NONE, Map.of());
        SoakReport.Deliveries deliveries = SoakAccounting.classify(events, List.of(PLAIN), traces, FAULTS);
        assertThat(deliveries.count(Outcome.DELIVERED)).isEqualTo(1);
        assertThat(deliveries.strayEvidence()).isEqualTo(1);
        assertThat(deliveries.duplicateIds()).isEqualTo(1);
        assertThat(deliveries.extraDeliveries()).isEqualTo(1);
        assertThat(deliveries.unexplainedDuplicates()).as("its messages came once").isEqualTo(1);
        assertThat(deliveries.configsNeverDelivered()).isEmpty();
    }

    @Test
    void aDuplicateIsExplainedOnlyByItsEventOrItsPairGivenToTheDispatcherAgain() {
        String pair = PLAIN.id() + "/" + OPEN.id();
        assertThat(duplicateCauses(new SoakAccounting.Redeliveries(Set.of(OPEN.id()), Set.of(OPEN.id()))))
                .containsExactly(Map.entry("a failed invocation", 1L));
        assertThat(duplicateCauses(new SoakAccounting.Redeliveries(Set.of(), Set.of(pair))))
                .containsExactly(Map.entry("a redelivery", 1L));
        assertThat(duplicateCauses(new SoakAccounting.Redeliveries(Set.of("other-config/" + OPEN.id()),
                Set.of("other-event")))).containsExactly(Map.entry(SoakAccounting.UNEXPLAINED, 1L));
    }

    private static Map<String, Long> duplicateCauses(SoakAccounting.Redeliveries redeliveries) {
        String id = WebhookSignature.messageId(OPEN.id(), PLAIN.id());
        SoakAccounting.Traces traces = new SoakAccounting.Traces(Map.of(PLAIN.id() + "/" + OPEN.id(),
                new SoakAccounting.Record("succeeded", null)), Map.of(), Map.of(id, 2L), Map.of(id, 2L), Set.of(),
                redeliveries, Map.of());
        return SoakAccounting.classify(new LinkedHashMap<>(Map.of(OPEN.id(), OPEN)), List.of(PLAIN), traces, FAULTS)
                .duplicatesByCause();
    }

    @Test
    void aFailureIsExplainedByTheGoneEndpointsAnswerOrByEveryAttemptOfTheRetryPolicyFailing() {
        Map<SoakAccounting.FailureCause, Integer> causes = Map.of(
                new SoakAccounting.FailureCause("Gone", 1), 8,
                new SoakAccounting.FailureCause("HttpError", Soak.MAX_RETRIES + 1), 20,
                new SoakAccounting.FailureCause("Timeout", Soak.MAX_RETRIES + 1), 9,
                new SoakAccounting.FailureCause("HttpError", 2), 1,
                new SoakAccounting.FailureCause("OAuthTokenExchangeError", 1), 3);
        SoakReport.Deliveries deliveries = SoakAccounting.classify(Map.of(), List.of(), new SoakAccounting.Traces(
                Map.of(), Map.of(), Map.of(), Map.of(), Set.of(), SoakAccounting.Redeliveries.NONE, causes), FAULTS);
        assertThat(deliveries.unexpectedFailures()).isEqualTo(4);
        assertThat(deliveries.failuresByCause()).containsEntry("Gone after 1 attempt(s)", 8)
                .containsEntry("OAuthTokenExchangeError after 1 attempt(s)", 3).hasSize(5);
    }

    @Test
    void aConfigThatDeliveredNothingIsNamedUnlessItsEndpointAnswersGone() {
        Map<String, SoakEvent> events = new LinkedHashMap<>(Map.of(OPEN.id(), OPEN));
        SoakAccounting.Traces traces = new SoakAccounting.Traces(Map.of(PLAIN.id() + "/" + OPEN.id(),
                new SoakAccounting.Record("failed", "HttpError")), Map.of(PLAIN.id() + "/" + OPEN.id(), 1),
                Map.of(), Map.of(), Set.of(), SoakAccounting.Redeliveries.NONE, Map.of());
        SoakReport.Deliveries deliveries = SoakAccounting.classify(events, List.of(PLAIN, GONE), traces, FAULTS);
        assertThat(deliveries.count(Outcome.FAILED)).isEqualTo(1);
        assertThat(deliveries.configsNeverDelivered()).containsExactly(PLAIN.id());
    }

    @Test
    void lostPairsAreCountedByConfigAndTheStateTheirRecordWasLeftIn() {
        Map<String, SoakEvent> events = new LinkedHashMap<>(Map.of(OPEN.id(), OPEN, CLOSED.id(), CLOSED));
        SoakAccounting.Traces traces = new SoakAccounting.Traces(
                Map.of(PLAIN.id() + "/" + OPEN.id(), new SoakAccounting.Record("in_progress", "Deferred")),
                Map.of(), Map.of(), Map.of(), Set.of(), SoakAccounting.Redeliveries.NONE, Map.of());
        SoakReport.Deliveries deliveries = SoakAccounting.classify(events, List.of(PLAIN), traces, FAULTS);
        assertThat(deliveries.count(Outcome.LOST)).isEqualTo(2);
        assertThat(deliveries.lostByState()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "config " + PLAIN.id() + ": in_progress/Deferred", 1, "config " + PLAIN.id() + ": no record", 1));
    }
}
