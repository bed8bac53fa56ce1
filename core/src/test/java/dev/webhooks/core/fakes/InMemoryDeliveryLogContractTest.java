package dev.webhooks.core.fakes;

import dev.webhooks.core.fakes.contract.DeliveryLogContract;
import dev.webhooks.core.port.DeliveryLogRepository;

/** The in-memory fake keeps the contract its DynamoDB adapter keeps (test-support runs the same on dynalite). */
class InMemoryDeliveryLogContractTest extends DeliveryLogContract {

    private final InMemoryDeliveryLog fake = new InMemoryDeliveryLog(new Faults());

    @Override
    protected DeliveryLogRepository log() {
        return fake;
    }

    @org.junit.jupiter.api.Test
    void theContractRunsOnTheFakeTheUnitTestsUse() {
        org.assertj.core.api.Assertions.assertThat(log()).isInstanceOf(InMemoryDeliveryLog.class);
    }
}
