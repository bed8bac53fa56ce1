package dev.webhooks.local.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.webhooks.local.soak.SoakReport.Outcome;

/**
 * The reliability soak's reduced plan in every build (about 1,000 events, one dispatcher kill, one DynamoDB freeze,
 * 50 API clients for 15 s): not one (event, config) pair may be lost, every delivery must be signed and
 * authenticated as its config's with no secret going elsewhere or into a log, no API request may fail with a 5xx,
 * and no accepted update may be lost. {@code ./soak} runs the full plan ({@code docs/reliability.md}).
 */
class ReducedSoakIT {

    @Test
    void nothingIsLostUnderFaultsAndCrashes() throws Exception {
        Path root = Path.of(System.getProperty("webhooks.repository.root", ".."));
        SoakReport report = Soak.run(root, SoakPlan.reduced(Long.getLong("soak.seed", 7)), System.out);
        System.out.println(report.summary());
        Path out = root.resolve("local/target/soak-reduced.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report.toJson()));

        SoakReport.Deliveries deliveries = report.deliveries();
        assertThat(deliveries.lostExamples()).isEmpty();
        assertThat(report.lost()).isZero();
        assertThat(deliveries.strayEvidence()).isZero();
        assertThat(deliveries.configsNeverDelivered()).isEmpty();
        assertThat(deliveries.unexpectedFailures()).as(deliveries.failuresByCause().toString()).isZero();
        assertThat(deliveries.unexplainedDuplicates()).isZero();
        assertThat(deliveries.count(Outcome.DELIVERED) + deliveries.count(Outcome.SKIPPED)
                + deliveries.count(Outcome.FAILED) + deliveries.count(Outcome.DROPPED_CONFIG_DISABLED))
                .isEqualTo(deliveries.pairs());
        // Each outcome happened, so that the verdict covers all of them.
        assertThat(deliveries.count(Outcome.DELIVERED)).isPositive();
        assertThat(deliveries.count(Outcome.SKIPPED)).isPositive();
        assertThat(deliveries.count(Outcome.DROPPED_CONFIG_DISABLED)).isPositive();
        // The faults happened, as measured: the kill, the freeze, the endpoint back up, every kind of answer.
        SoakReport.Faults faults = deliveries.faults();
        assertThat(faults.quiet()).isTrue();
        assertThat(faults.kills()).isEqualTo(1);
        assertThat(faults.killsInTheMiddleOfAnInvocation()).isEqualTo(1);
        assertThat(faults.failedInvocations()).isPositive();
        assertThat(faults.freezes()).isEqualTo(1);
        assertThat(faults.downEndpointCameUp()).isTrue();
        assertThat(faults.answers()).containsKeys("200", "5xx", "no answer", "reset", "429", "410", "slow 200");

        // Every delivery was signed and authenticated as its config's, no secret went anywhere else or into a log.
        SoakReport.Secrets secrets = report.secrets();
        assertThat(secrets.examples()).isEmpty();
        assertThat(secrets.deliveries()).isPositive();
        assertThat(secrets.unauthentic()).isZero();
        assertThat(secrets.foreignSecrets()).isZero();
        assertThat(secrets.secretsInLogs()).isZero();

        assertThat(report.api().requests()).isPositive();
        assertThat(report.api().serverErrors()).isZero();
        assertThat(report.api().lostUpdates()).isZero();
        assertThat(report.api().unexpected()).isZero();
        assertThat(report.api().conflicts()).as("concurrent updates of a shared config were refused").isPositive();
        assertThat(report.passed()).isTrue();
    }
}
