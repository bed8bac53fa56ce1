package dev.webhooks.local.soak;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.WebhookSignature;
import dev.webhooks.local.soak.Soak.SoakConfig;
import dev.webhooks.local.soak.Soak.SoakEvent;
import dev.webhooks.local.soak.SoakReport.Outcome;

/**
 * Decides what became of each (event, config) pair from the evidence alone: the delivery log, what the receivers
 * saw and answered, the dead letters, and why a config ended disabled. A pair is lost unless every piece of evidence
 * agrees on one outcome, and evidence that belongs to no pair is counted too; that is the soak's verdict, so it is
 * kept apart from the running system and tested alone.
 */
final class SoakAccounting {

    /** At most this many lost pairs are described one by one in the report. */
    private static final int LOST_EXAMPLES = 20;

    private SoakAccounting() {
    }

    /** What is known of one pair. */
    record Evidence(String status, String failureCode, long answeredSuccess, long requests, int deadLetters,
            boolean configDisabledByGone) {
    }

    /**
     * What the running system left behind, keyed by {@code <config id>/<event id>} or by {@code webhook-id}, and the
     * dead letters' causes.
     */
    record Traces(Map<String, Record> records, Map<String, Integer> deadLetters, Map<String, Long> successes,
            Map<String, Long> requests, Set<String> configsDisabledByGone, Redeliveries redeliveries,
            Map<FailureCause, Integer> deadLetterCauses) {
    }

    /**
     * The messages the dispatcher was given more than once, by event id (a published event, for every config) or by
     * pair key (one of the service's own messages, a retry).
     *
     * @param inFailedInvocations in a batch whose invocation failed (a killed instance's): the whole batch comes back
     * @param receivedAgain received again for any other reason (receive count over 1)
     */
    record Redeliveries(Set<String> inFailedInvocations, Set<String> receivedAgain) {

        static final Redeliveries NONE = new Redeliveries(Set.of(), Set.of());

        /** What explains a second delivery of a pair: its messages given again after a failed invocation, or at all. */
        String cause(String eventId, String pairKey) {
            if (inFailedInvocations.contains(eventId) || inFailedInvocations.contains(pairKey)) {
                return "a failed invocation";
            }
            if (receivedAgain.contains(eventId) || receivedAgain.contains(pairKey)) {
                return "a redelivery";
            }
            return UNEXPLAINED;
        }
    }

    /** Why a dead letter was written: its final failure code and the attempts made. */
    record FailureCause(String code, int attempts) {

        /**
         * Whether the soak's receivers explain it: the 410 endpoint's one answer, or every attempt of the retry
         * policy failed ({@code maxAttempts} counts the retries after the first attempt).
         */
        boolean expected() {
            return FailureCode.Gone.name().equals(code) && attempts == 1 || attempts == Soak.MAX_RETRIES + 1;
        }

        @Override
        public String toString() {
            return code + " after " + attempts + " attempt(s)";
        }
    }

    /** The cause of a duplicate that no message given again explains. */
    static final String UNEXPLAINED = "nothing";

    /** The parts of a delivery-log item the verdict reads. */
    record Record(String status, String failureCode) {
    }

    static SoakReport.Deliveries classify(Map<String, SoakEvent> events, List<SoakConfig> configs, Traces traces,
            SoakReport.Faults faults) {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        List<String> lostExamples = new ArrayList<>();
        Map<String, Integer> lostByState = new TreeMap<>();
        Map<String, Long> duplicatesByCause = new TreeMap<>();
        Map<String, Integer> deliveredByConfig = new HashMap<>();
        Set<String> pairKeys = new HashSet<>();
        Set<String> webhookIds = new HashSet<>();
        for (SoakEvent event : events.values()) {
            for (SoakConfig config : configs) {
                if (!config.organizationId().equals(event.organizationId())) {
                    continue;
                }
                String key = config.id() + "/" + event.id();
                String webhookId = WebhookSignature.messageId(event.id(), config.id());
                pairKeys.add(key);
                webhookIds.add(webhookId);
                Record record = traces.records().get(key);
                Evidence evidence = new Evidence(record == null ? null : record.status(),
                        record == null ? null : record.failureCode(), traces.successes().getOrDefault(webhookId, 0L),
                        traces.requests().getOrDefault(webhookId, 0L), traces.deadLetters().getOrDefault(key, 0),
                        traces.configsDisabledByGone().contains(config.id()));
                Outcome outcome = outcome(config, event, evidence);
                if (evidence.answeredSuccess() > 1) {
                    duplicatesByCause.merge(traces.redeliveries().cause(event.id(), key), 1L, Long::sum);
                }
                counts.merge(outcome, 1, Integer::sum);
                if (outcome == Outcome.DELIVERED) {
                    deliveredByConfig.merge(config.id(), 1, Integer::sum);
                }
                if (outcome == Outcome.LOST) {
                    lostByState.merge("config " + config.id() + ": " + (evidence.status() == null ? "no record"
                            : evidence.status() + "/" + evidence.failureCode()), 1, Integer::sum);
                }
                if (outcome == Outcome.LOST && lostExamples.size() < LOST_EXAMPLES) {
                    lostExamples.add(key + ": " + evidence + ", filtered " + config.filtered() + ", open "
                            + event.open());
                }
            }
        }
        // Evidence of pairs that should not exist: another organization's event, a config of no event.
        long strayEvidence = traces.records().keySet().stream().filter(key -> !pairKeys.contains(key)).count()
                + traces.deadLetters().keySet().stream().filter(key -> !pairKeys.contains(key)).count()
                + traces.requests().keySet().stream().filter(id -> !webhookIds.contains(id)).count();
        long duplicateIds = traces.successes().values().stream().filter(count -> count > 1).count();
        long extraDeliveries = traces.successes().values().stream().mapToLong(count -> Math.max(0, count - 1)).sum();
        long extraDeadLetters = traces.deadLetters().values().stream().mapToLong(count -> Math.max(0, count - 1))
                .sum();
        List<String> neverDelivered = configs.stream()
                .filter(config -> !config.answersGone() && !deliveredByConfig.containsKey(config.id()))
                .map(SoakConfig::id).toList();
        Map<String, Integer> failuresByCause = new TreeMap<>();
        traces.deadLetterCauses().forEach((cause, count) -> failuresByCause.put(cause.toString(), count));
        int unexpectedFailures = traces.deadLetterCauses().entrySet().stream()
                .filter(cause -> !cause.getKey().expected()).mapToInt(Map.Entry::getValue).sum();
        return new SoakReport.Deliveries(events.size(), configs.size(), pairKeys.size(), counts, lostExamples,
                lostByState, neverDelivered, failuresByCause, unexpectedFailures, strayEvidence, duplicateIds,
                extraDeliveries, duplicatesByCause, extraDeadLetters, faults);
    }

    /** One pair's outcome: each requires every piece of evidence it names, and no evidence against it. */
    static Outcome outcome(SoakConfig config, SoakEvent event, Evidence evidence) {
        boolean passesFilter = !config.filtered() || event.open();
        if (!passesFilter) {
            return "skipped".equals(evidence.status()) && evidence.requests() == 0 && evidence.deadLetters() == 0
                    ? Outcome.SKIPPED : Outcome.LOST;
        }
        if ("succeeded".equals(evidence.status()) && evidence.answeredSuccess() > 0 && evidence.deadLetters() == 0) {
            return Outcome.DELIVERED;
        }
        if ("failed".equals(evidence.status()) && evidence.deadLetters() > 0) {
            return Outcome.FAILED;
        }
        // An endpoint that answered 410 Gone disables its config: the events after that are not sent, by design.
        // Either nothing of the pair exists at all (it came after the disabling), or a retry found the config
        // disabled and recorded why (RetryDropped); a pair that reached the endpoint is no dropped pair.
        boolean dropped = config.answersGone() && evidence.configDisabledByGone() && evidence.deadLetters() == 0
                && (evidence.status() == null && evidence.requests() == 0
                        || "failed".equals(evidence.status())
                                && FailureCode.RetryDropped.name().equals(evidence.failureCode()));
        return dropped ? Outcome.DROPPED_CONFIG_DISABLED : Outcome.LOST;
    }
}
