package dev.webhooks.core.fakes.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.webhooks.core.port.SendLeases;
import dev.webhooks.core.port.SendLeases.Lease;

/**
 * What every {@link SendLeases} must do, run against the in-memory one (core) and the DynamoDB one (test-support, on
 * dynalite).
 */
public abstract class SendLeasesContract {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final String ENDPOINT = "https://slow.example.com:443";

    protected abstract SendLeases leases();

    private final String org = "org-" + UUID.randomUUID();

    private Optional<Lease> take(String organization, Instant now) {
        return leases().acquire(organization, ENDPOINT, 2, now, now.plusSeconds(22));
    }

    @Test
    void noMoreLeasesThanSlotsAreHeldAtOnce() {
        Optional<Lease> first = take(org, T0);
        Optional<Lease> second = take(org, T0);

        assertThat(first).isPresent();
        assertThat(second).isPresent();
        assertThat(first.get().slot()).isNotEqualTo(second.get().slot());
        assertThat(take(org, T0.plusSeconds(1))).isEmpty();
    }

    @Test
    void aReleasedSlotCanBeTakenAgain() {
        Lease first = take(org, T0).orElseThrow();
        take(org, T0).orElseThrow();

        leases().release(first);

        assertThat(take(org, T0.plusSeconds(1))).isPresent();
    }

    @Test
    void aLeaseOfACrashedHolderRunsOut() {
        take(org, T0).orElseThrow();
        take(org, T0).orElseThrow();

        assertThat(take(org, T0.plusSeconds(23))).as("both leases ran out after 22 s").isPresent();
    }

    @Test
    void aLeaseThatRanOutAndWasTakenOverStaysWithItsNewHolder() {
        Lease stale = leases().acquire(org, ENDPOINT, 1, T0, T0.plusSeconds(22)).orElseThrow();
        leases().acquire(org, ENDPOINT, 1, T0.plusSeconds(23), T0.plusSeconds(45)).orElseThrow();

        leases().release(stale);

        assertThat(leases().acquire(org, ENDPOINT, 1, T0.plusSeconds(24), T0.plusSeconds(46)))
                .as("the new holder keeps its slot").isEmpty();
    }

    @Test
    void organizationsAndEndpointsHaveTheirOwnSlots() {
        take(org, T0).orElseThrow();
        take(org, T0).orElseThrow();

        assertThat(take("other-" + org, T0)).isPresent();
        assertThat(leases().acquire(org, "https://other.example.com:443", 2, T0, T0.plusSeconds(22))).isPresent();
    }
}
