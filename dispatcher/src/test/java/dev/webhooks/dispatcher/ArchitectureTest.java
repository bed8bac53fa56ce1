package dev.webhooks.dispatcher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;

import dev.webhooks.testing.FunctionArchitecture;
import io.smallrye.config.ConfigMapping;

/** This function's classes reach the core's use cases only: see {@link FunctionArchitecture}. */
class ArchitectureTest {

    private static final JavaClasses MAIN = FunctionArchitecture.mainClasses("dev.webhooks.dispatcher");

    @Test
    void reachesUseCasesNeverAdaptersPortsOrTheAwsSdk() {
        assertThat(MAIN).isNotEmpty();
        FunctionArchitecture.rules("dev.webhooks.dispatcher").forEach(rule -> rule.check(MAIN));
    }

    @Test
    void definesNoSettingsOfItsOwn() {
        noClasses().should().beAnnotatedWith(ConfigMapping.class)
                .because("the configuration reference is checked against core's and the api's settings only")
                .check(MAIN);
    }
}
