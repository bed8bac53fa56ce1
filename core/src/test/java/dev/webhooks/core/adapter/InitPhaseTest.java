package dev.webhooks.core.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The adapters prime in init only where Lambda runs init ahead of the requests. */
class InitPhaseTest {

    @Test
    void onlySnapStartAndProvisionedInstancesInitAheadOfTheirRequests() {
        assertThat(InitPhase.isAheadOfRequests("snap-start")).isTrue();
        assertThat(InitPhase.isAheadOfRequests("provisioned-concurrency")).isTrue();
        assertThat(InitPhase.isAheadOfRequests("on-demand")).isFalse();
        assertThat(InitPhase.isAheadOfRequests(null)).as("outside Lambda").isFalse();
    }
}
