package dev.webhooks.core.fakes;

import dev.webhooks.core.fakes.contract.DeliveryStatisticsContract;
import dev.webhooks.core.port.DeliveryStatistics;

/** The in-memory fake keeps the contract its DynamoDB adapter keeps (test-support runs the same on dynalite). */
class InMemoryDeliveryStatisticsContractTest extends DeliveryStatisticsContract {

    private final InMemoryDeliveryStatistics fake = new InMemoryDeliveryStatistics();

    @Override
    protected DeliveryStatistics statistics() {
        return fake;
    }

    @org.junit.jupiter.api.Test
    void theContractRunsOnTheFakeTheUnitTestsUse() {
        org.assertj.core.api.Assertions.assertThat(statistics()).isInstanceOf(InMemoryDeliveryStatistics.class);
    }
}
