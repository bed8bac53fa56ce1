package dev.webhooks.local.soak;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the soak found: the pairs' outcomes, the faults' consequences, and the API phase. */
public record SoakReport(SoakPlan plan, Deliveries deliveries, Secrets secrets, ApiLoad api, Duration wallTime) {

    /** What became of an (event, config) pair. */
    public enum Outcome {
        /** The receiver answered it 2xx and the log says {@code succeeded}. */
        DELIVERED,
        /** Its config's filter does not match, and the log says {@code skipped}. */
        SKIPPED,
        /** The log says {@code failed} and a dead letter exists. */
        FAILED,
        /** Not sent because its endpoint answered 410 Gone earlier, which disabled the config. */
        DROPPED_CONFIG_DISABLED,
        /** None of the above: the evidence does not agree on any outcome. */
        LOST
    }

    /**
     * The delivery side.
     *
     * @param configsNeverDelivered configs (but the one whose endpoint answers 410) that delivered no pair at all:
     *        an auth kind or endpoint that never works would otherwise pass as failures
     * @param failuresByCause dead letters by final failure code and attempts made
     * @param unexpectedFailures dead letters the receivers do not explain: neither the 410 endpoint's one answer nor
     *        every attempt of the retry policy failed
     * @param lostByState lost pairs counted by config and the state their record was left in (status/last code)
     * @param strayEvidence records, dead letters or requests that belong to no expected pair
     * @param duplicateIds {@code webhook-id}s answered 2xx more than once
     * @param extraDeliveries 2xx answers beyond the first per {@code webhook-id}
     * @param duplicatesByCause duplicated pairs by what explains them: their messages in a failed invocation's
     *        batch, received again otherwise, or {@value SoakAccounting#UNEXPLAINED} (the dispatcher got them once)
     * @param extraDeadLetters dead letters beyond the first per pair
     */
    public record Deliveries(int events, int configs, int pairs, Map<Outcome, Integer> outcomes,
            List<String> lostExamples, Map<String, Integer> lostByState, List<String> configsNeverDelivered,
            Map<String, Integer> failuresByCause, int unexpectedFailures, long strayEvidence, long duplicateIds,
            long extraDeliveries, Map<String, Long> duplicatesByCause, long extraDeadLetters, Faults faults) {

        public int count(Outcome outcome) {
            return outcomes.getOrDefault(outcome, 0);
        }

        public long unexplainedDuplicates() {
            return duplicatesByCause.getOrDefault(SoakAccounting.UNEXPLAINED, 0L);
        }
    }

    /**
     * What the faults did, as measured, not as planned.
     *
     * @param kills dispatcher instances killed with SIGKILL
     * @param killsInTheMiddleOfAnInvocation of those, kills of an instance that held a batch at that moment
     * @param redeliveredMessages messages the event source gave the dispatcher again (receive count over 1)
     * @param failedInvocations dispatcher invocations that ended without an answer
     * @param redrivenBySqs messages SQS itself moved to the dead-letter queue after too many receives
     * @param answers the receivers' answers by kind (2xx, 5xx, hang, reset, 429, 410, slow)
     * @param quiet whether the queue went quiet before the wait's limit (if not, the accounting ran on anyway)
     */
    public record Faults(int kills, int killsInTheMiddleOfAnInvocation, int freezes, boolean downEndpointCameUp,
            int redeliveredMessages, int failedInvocations, int batches, int redrivenBySqs, Map<String, Long> answers,
            boolean quiet, Duration quietAfter) {
    }

    /**
     * What the receivers and the functions' logs show of the secrets the soak gave the service.
     *
     * @param deliveries delivery requests the receivers read, each checked
     * @param unauthentic deliveries not signed with their config's signing secret (within the tolerance of when they
     *        arrived) or without their config's credentials
     * @param foreignSecrets requests that carried a secret given for another destination, or a signing secret
     * @param secretsKnown secrets looked for: signing secrets and keys, credentials, client secrets, issued tokens
     * @param logLines lines of each function's output (the api's, the dispatcher's) read for them
     * @param secretsInLogs of those, lines that hold any of them
     * @param examples the first findings, each naming whose secret it is, never quoting it
     */
    public record Secrets(long deliveries, long unauthentic, long foreignSecrets, int secretsKnown,
            Map<String, Long> logLines, long secretsInLogs, List<String> examples) {
    }

    /**
     * The API phase: requests by outcome, latencies, and whether an update was lost.
     *
     * @param lostUpdates updates answered 200 whose effect a later read does not show, two accepted updates of the
     *        same version, an accepted update that did not make the next version, and shared configs whose final
     *        version is not one more than the updates they accepted
     * @param unexpected answers no client should get (an own config's update refused, a request that failed)
     */
    public record ApiLoad(int clients, Duration duration, int requests, int serverErrors, int conflicts,
            int lostUpdates, int unexpected, Duration p50, Duration p99, Map<String, Integer> byStatus) {
    }

    public int lost() {
        return deliveries.count(Outcome.LOST);
    }

    /** Whether the run proves what it should: nothing lost, no stray evidence, the faults done, the API sound. */
    public boolean passed() {
        Faults faults = deliveries.faults();
        boolean accounted = lost() == 0 && deliveries.strayEvidence() == 0
                && deliveries.unexplainedDuplicates() == 0 && deliveries.configsNeverDelivered().isEmpty()
                && deliveries.unexpectedFailures() == 0;
        boolean everyLogRead = !secrets.logLines().isEmpty()
                && secrets.logLines().values().stream().allMatch(lines -> lines > 0);
        boolean secretsKept = secrets.unauthentic() == 0 && secrets.foreignSecrets() == 0 && everyLogRead
                && secrets.secretsInLogs() == 0;
        return accounted && secretsKept && faults.quiet() && faults.kills() == plan.kills()
                && faults.killsInTheMiddleOfAnInvocation() == plan.kills()
                && faults.freezes() == 1 && faults.downEndpointCameUp() && api.serverErrors() == 0
                && api.lostUpdates() == 0 && api.unexpected() == 0;
    }

    public String summary() {
        Faults faults = deliveries.faults();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "events %d, configs %d, pairs %d: delivered %d, skipped %d, failed %d, "
                + "dropped (config disabled by 410) %d, LOST %d; stray evidence %d%n", deliveries.events(),
                deliveries.configs(), deliveries.pairs(), deliveries.count(Outcome.DELIVERED),
                deliveries.count(Outcome.SKIPPED), deliveries.count(Outcome.FAILED),
                deliveries.count(Outcome.DROPPED_CONFIG_DISABLED), lost(), deliveries.strayEvidence()));
        out.append(String.format(Locale.ROOT, "duplicates: %d webhook-ids answered 2xx more than once (%d extra "
                + "deliveries; explained by %s), %d extra dead letters; causes: %d kills (%d in "
                + "the middle of a batch), %d failed invocations, %d redelivered messages of %d batches; %d moved to "
                + "the DLQ by SQS%n",
                deliveries.duplicateIds(), deliveries.extraDeliveries(), deliveries.duplicatesByCause(),
                deliveries.extraDeadLetters(), faults.kills(),
                faults.killsInTheMiddleOfAnInvocation(), faults.failedInvocations(), faults.redeliveredMessages(),
                faults.batches(), faults.redrivenBySqs()));
        out.append(String.format(Locale.ROOT, "faults: DynamoDB frozen %d time(s), the down endpoint came back: %s, "
                + "receivers' answers %s; quiet: %s after %d s%n", faults.freezes(), faults.downEndpointCameUp(),
                faults.answers(), faults.quiet(), faults.quietAfter().toSeconds()));
        out.append(String.format(Locale.ROOT, "failures by cause %s; %d not explained by the receivers%n",
                deliveries.failuresByCause(), deliveries.unexpectedFailures()));
        deliveries.configsNeverDelivered().forEach(config -> out.append("  never delivered: config ")
                .append(config).append('\n'));
        deliveries.lostByState().forEach((state, count) -> out.append("  lost by state: ").append(state)
                .append(": ").append(count).append('\n'));
        deliveries.lostExamples().forEach(example -> out.append("  lost: ").append(example).append('\n'));
        out.append(String.format(Locale.ROOT, "secrets: %d deliveries checked, %d not signed or authenticated as "
                + "their config's (or token requests refused), %d requests with another destination's secret, "
                + "%d of the log lines %s with any of %d secrets%n", secrets.deliveries(), secrets.unauthentic(),
                secrets.foreignSecrets(), secrets.secretsInLogs(), secrets.logLines(), secrets.secretsKnown()));
        secrets.examples().forEach(example -> out.append("  secret: ").append(example).append('\n'));
        out.append(String.format(Locale.ROOT, "API: %d clients for %d s, %d requests, 5xx %d, conflicts %d, lost "
                + "updates %d, unexpected %d, p50 %d ms, p99 %d ms, by status %s%n", api.clients(),
                api.duration().toSeconds(), api.requests(), api.serverErrors(), api.conflicts(), api.lostUpdates(),
                api.unexpected(), api.p50().toMillis(), api.p99().toMillis(), api.byStatus()));
        out.append(String.format(Locale.ROOT, "wall time %d s; %s%n", wallTime.toSeconds(),
                passed() ? "PASSED" : "FAILED"));
        return out.toString();
    }

    public ObjectNode toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = mapper.createObjectNode();
        json.set("plan", mapper.valueToTree(Map.of("events", plan.events(), "organizations", plan.organizations(),
                "kills", plan.kills(), "freezeSeconds", plan.freeze().toSeconds(), "seed", plan.seed(),
                "apiClients", plan.apiClients(), "apiSeconds", plan.apiDuration().toSeconds())));
        ObjectNode pairs = json.putObject("deliveries").put("events", deliveries.events())
                .put("configs", deliveries.configs()).put("pairs", deliveries.pairs());
        for (Outcome outcome : Outcome.values()) {
            pairs.put(outcome.name().toLowerCase(Locale.ROOT), deliveries.count(outcome));
        }
        Faults faults = deliveries.faults();
        pairs.put("strayEvidence", deliveries.strayEvidence()).put("duplicateWebhookIds", deliveries.duplicateIds())
                .put("extraDeliveries", deliveries.extraDeliveries())
                .put("unexplainedDuplicates", deliveries.unexplainedDuplicates())
                .put("unexpectedFailures", deliveries.unexpectedFailures())
                .put("extraDeadLetters", deliveries.extraDeadLetters());
        pairs.set("lostExamples", mapper.valueToTree(deliveries.lostExamples()));
        pairs.set("lostByState", mapper.valueToTree(deliveries.lostByState()));
        pairs.set("configsNeverDelivered", mapper.valueToTree(deliveries.configsNeverDelivered()));
        pairs.set("duplicatesByCause", mapper.valueToTree(deliveries.duplicatesByCause()));
        pairs.set("failuresByCause", mapper.valueToTree(deliveries.failuresByCause()));
        json.putObject("faults").put("kills", faults.kills())
                .put("killsInTheMiddleOfAnInvocation", faults.killsInTheMiddleOfAnInvocation())
                .put("freezes", faults.freezes()).put("downEndpointCameUp", faults.downEndpointCameUp())
                .put("redeliveredMessages", faults.redeliveredMessages())
                .put("failedInvocations", faults.failedInvocations()).put("batches", faults.batches())
                .put("movedToDlqBySqs", faults.redrivenBySqs()).put("quiet", faults.quiet())
                .put("quietAfterSeconds", faults.quietAfter().toSeconds())
                .set("answers", mapper.valueToTree(faults.answers()));
        json.putObject("secrets").put("deliveriesChecked", secrets.deliveries())
                .put("unauthentic", secrets.unauthentic()).put("foreignSecrets", secrets.foreignSecrets())
                .put("secretsKnown", secrets.secretsKnown()).putPOJO("logLines", secrets.logLines())
                .put("secretsInLogs", secrets.secretsInLogs())
                .set("examples", mapper.valueToTree(secrets.examples()));
        json.putObject("api").put("clients", api.clients()).put("seconds", api.duration().toSeconds())
                .put("requests", api.requests()).put("serverErrors", api.serverErrors())
                .put("conflicts", api.conflicts()).put("lostUpdates", api.lostUpdates())
                .put("unexpected", api.unexpected())
                .put("p50Ms", api.p50().toMillis()).put("p99Ms", api.p99().toMillis())
                .set("byStatus", mapper.valueToTree(api.byStatus()));
        json.put("wallTimeSeconds", wallTime.toSeconds()).put("passed", passed());
        return json;
    }
}
