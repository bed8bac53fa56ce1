package dev.webhooks.core.fakes;

import dev.webhooks.core.fakes.contract.ConfigHealthContract;
import dev.webhooks.core.port.WebhookConfigRepository;

/** The in-memory fake keeps the contract its DynamoDB adapter keeps (test-support runs the same on dynalite). */
class InMemoryConfigHealthContractTest extends ConfigHealthContract {

    private final InMemoryWebhookConfigRepository fake = new InMemoryWebhookConfigRepository(new Faults());

    @Override
    protected WebhookConfigRepository configs() {
        return fake;
    }

    @org.junit.jupiter.api.Test
    void theContractRunsOnTheFakeTheUnitTestsUse() {
        org.assertj.core.api.Assertions.assertThat(configs()).isInstanceOf(InMemoryWebhookConfigRepository.class);
    }
}
