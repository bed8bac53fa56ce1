package dev.webhooks.core.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.webhooks.core.fakes.contract.SendLeasesContract;
import dev.webhooks.core.port.SendLeases;

/** The in-memory fake keeps the contract its DynamoDB adapter keeps (test-support runs the same on dynalite). */
class InMemorySendLeasesContractTest extends SendLeasesContract {

    private final InMemorySendLeases fake = new InMemorySendLeases(new Faults());

    @Override
    protected SendLeases leases() {
        return fake;
    }

    @Test
    void theContractRunsOnTheFakeTheUnitTestsUse() {
        assertThat(leases()).isInstanceOf(InMemorySendLeases.class);
    }
}
