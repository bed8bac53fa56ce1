package dev.webhooks.core.fakes;

import dev.webhooks.core.fakes.contract.RateLimiterContract;
import dev.webhooks.core.port.RateLimiter;

/** The in-memory fake keeps the contract its DynamoDB adapter keeps (test-support runs the same on dynalite). */
class InMemoryRateLimiterContractTest extends RateLimiterContract {

    private final InMemoryRateLimiter fake = new InMemoryRateLimiter(new Faults());

    @Override
    protected RateLimiter limiter() {
        return fake;
    }

    @org.junit.jupiter.api.Test
    void theContractRunsOnTheFakeTheUnitTestsUse() {
        org.assertj.core.api.Assertions.assertThat(limiter()).isInstanceOf(InMemoryRateLimiter.class);
    }
}
