package dev.webhooks.core.fakes;

import dev.webhooks.core.fakes.contract.DeliveryStatisticsContract;
import dev.webhooks.core.port.DeliveryStatistics;

class InMemoryDeliveryStatisticsContractTest extends DeliveryStatisticsContract {

    private final InMemoryDeliveryStatistics fake = new InMemoryDeliveryStatistics();

    @Override
    protected DeliveryStatistics statistics() {
        return fake;
    }
}
