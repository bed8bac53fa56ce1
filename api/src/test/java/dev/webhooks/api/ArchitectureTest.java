package dev.webhooks.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

import dev.webhooks.testing.FunctionArchitecture;

/** This function's classes reach the core's use cases only: see {@link FunctionArchitecture}. */
class ArchitectureTest {

    private static final JavaClasses MAIN = FunctionArchitecture.mainClasses("dev.webhooks.api");

    @Test
    void reachesUseCasesNeverAdaptersPortsOrTheAwsSdk() {
        assertThat(MAIN).isNotEmpty();
        assertThat(MAIN.contain(LeakingResourceSample.class)).isFalse();
        FunctionArchitecture.rules("dev.webhooks.api").forEach(rule -> rule.check(MAIN));
    }

    @Test
    void eachRuleCatchesALeak() {
        JavaClasses leak = new ClassFileImporter().importClasses(LeakingResourceSample.class);

        assertThat(FunctionArchitecture.rules("dev.webhooks.api")).hasSize(3).allSatisfy(rule ->
                assertThatThrownBy(() -> rule.check(leak)).isInstanceOf(AssertionError.class)
                        .hasMessageContaining("LeakingResourceSample"));
    }
}
