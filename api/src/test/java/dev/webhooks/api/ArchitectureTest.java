package dev.webhooks.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;

import dev.webhooks.testing.FunctionArchitecture;

/** This function's classes reach the core's use cases only: see {@link FunctionArchitecture}. */
class ArchitectureTest {

    private static final JavaClasses MAIN = FunctionArchitecture.mainClasses("dev.webhooks.api");

    @Test
    void reachesUseCasesNeverAdaptersPortsOrTheAwsSdk() {
        assertThat(MAIN).isNotEmpty();
        FunctionArchitecture.rules("dev.webhooks.api").forEach(rule -> rule.check(MAIN));
    }
}
