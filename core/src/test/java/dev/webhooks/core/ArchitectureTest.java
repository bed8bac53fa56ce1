package dev.webhooks.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import dev.webhooks.core.config.FrameworkLeakSample;
import dev.webhooks.core.config.WebhookConfig;

/**
 * The hexagonal dependency rule of the core module, after buckpal's {@code DependencyRuleTests}: the domain (configs,
 * events, errors) and its ports know no framework and no adapter; AWS SDK code lives in the adapter of its service.
 *
 * <p>The rules are checked from plain JUnit Jupiter tests rather than {@code @AnalyzeClasses}/{@code @ArchTest}: Quarkus
 * 3.33 brings JUnit Platform 6, on which the engine of {@code archunit-junit5} 1.4.1 discovers no test at all, so a
 * violated {@code @ArchTest} rule passes with "Tests run: 0". (ArchUnit's JUnit 6 support is {@code archunit-junit6},
 * 1.5.0.) The last test feeds the same rules a test-only class that breaks them, to prove that they bite.
 */
class ArchitectureTest {

    /** The main classes of the module, as {@code @AnalyzeClasses(packages = "dev.webhooks.core")} would import them. */
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("dev.webhooks.core");

    private static final String CONFIG = "dev.webhooks.core.config..";
    private static final String EVENT = "dev.webhooks.core.event..";
    private static final String ERROR = "dev.webhooks.core.error..";
    private static final String DELIVERY = "dev.webhooks.core.delivery..";
    private static final String FILTER = "dev.webhooks.core.filter..";
    private static final String PORT = "dev.webhooks.core.port..";
    private static final String APPLICATION = "dev.webhooks.core.application..";
    private static final String ADAPTER = "dev.webhooks.core.adapter..";
    private static final String SETTINGS = "dev.webhooks.core.settings..";
    private static final String DISPATCH = "dev.webhooks.core.application.dispatch..";
    private static final String CONFIG_USE_CASES = "dev.webhooks.core.application.configs..";
    private static final String HISTORY_USE_CASES = "dev.webhooks.core.application.history..";
    private static final String TOOLS = "dev.webhooks.core.application.tools..";
    private static final String WIRING = "dev.webhooks.core.application.wiring..";

    static final ArchRule domainKnowsNoFramework = noClasses()
            .that().resideInAnyPackage(CONFIG, EVENT, ERROR, DELIVERY, FILTER, PORT)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "software.amazon..", "jakarta.ws.rs..", "io.quarkus..", "io.smallrye..",
                    "jakarta.enterprise..", "jakarta.inject..")
            .because("the domain is plain Java with millisecond unit tests (STYLE.md, lessons 2 and 3)");

    static final ArchRule domainDependsOnNothingOutsideIt = noClasses()
            .that().resideInAnyPackage(CONFIG, EVENT, ERROR, DELIVERY, FILTER, PORT)
            .should().dependOnClassesThat().resideInAnyPackage(ADAPTER, APPLICATION, SETTINGS)
            .because("dependencies point inwards: adapters and use cases know the domain, never the reverse");

    static final ArchRule hexagonalLayers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Domain").definedBy(CONFIG, EVENT, ERROR, DELIVERY, FILTER)
            .layer("Ports").definedBy(PORT)
            .layer("Application").definedBy(APPLICATION)
            .layer("Adapters").definedBy(ADAPTER)
            .layer("Settings").definedBy(SETTINGS)
            .whereLayer("Application").mayNotBeAccessedByAnyLayer()
            // TableSettings takes its default table name from adapter.dynamodb.Tables: a constant, not a call.
            .whereLayer("Adapters").mayOnlyBeAccessedByLayers("Settings")
            .whereLayer("Ports").mayOnlyBeAccessedByLayers("Application", "Adapters")
            .whereLayer("Settings").mayOnlyBeAccessedByLayers("Application", "Adapters")
            .whereLayer("Domain").mayOnlyBeAccessedByLayers("Ports", "Application", "Adapters");

    static final ArchRule adaptersDoNotKnowEachOther = slices()
            .matching("dev.webhooks.core.adapter.(*)..")
            .should().notDependOnEachOther()
            .because("an adapter talks to the rest of the service through ports only");

    static final ArchRule awsSdkOnlyInAdapters = noClasses()
            .that().resideOutsideOfPackage(ADAPTER)
            .should().dependOnClassesThat().resideInAPackage("software.amazon..")
            .because("storage and queues sit behind ports; only adapters speak AWS");

    static final ArchRule dynamoDbOnlyInItsAdapter = noClasses()
            .that().resideOutsideOfPackage("dev.webhooks.core.adapter.dynamodb..")
            .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk.services.dynamodb..");

    static final ArchRule sqsOnlyInItsAdapter = noClasses()
            .that().resideOutsideOfPackage("dev.webhooks.core.adapter.sqs..")
            .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk.services.sqs..");

    static final ArchRule portsAreInterfaces = classes()
            .that().resideInAPackage(PORT).and().areTopLevelClasses()
            .should().beInterfaces();

    static final ArchRule domainReadsNoEnvironment = noClasses()
            .that().resideInAnyPackage(CONFIG, EVENT, ERROR, DELIVERY, FILTER, PORT)
            .should().callMethod(System.class, "getenv", String.class)
            .orShould().callMethod(System.class, "getenv")
            .because("configuration arrives through typed settings (STYLE.md, lesson 6)");

    static final ArchRule packagesAreFreeOfCycles = slices()
            .matching("dev.webhooks.core.(*)..")
            .should().beFreeOfCycles();

    /** The use cases, one package per feature: the delivery pipeline and the API's use cases, side by side. */
    static final ArchRule featuresAreFreeOfCycles = slices()
            .matching("dev.webhooks.core.application.(*)..")
            .should().beFreeOfCycles();

    static final ArchRule deliveryPipelineKnowsNoApiUseCase = noClasses()
            .that().resideInAPackage(DISPATCH)
            .should().dependOnClassesThat().resideInAnyPackage(CONFIG_USE_CASES, HISTORY_USE_CASES, TOOLS)
            .because("the dispatcher's pipeline is its own feature; the API's use cases may call it, not the reverse");

    static final ArchRule wiringIsUsedByNoOne = noClasses()
            .that().resideOutsideOfPackage(WIRING)
            .should().dependOnClassesThat().resideInAPackage(WIRING)
            .because("CDI producers are wiring, not a service to call");

    static final ArchRule filterKnowsNoConfig = noClasses()
            .that().resideInAPackage(FILTER)
            .should().dependOnClassesThat().resideInAPackage(CONFIG)
            .because("the filter engine and its model are a library that configs use, not the reverse");

    @Test
    void domainKnowsNoFramework() {
        domainKnowsNoFramework.check(MAIN);
    }

    @Test
    void domainDependsOnNothingOutsideIt() {
        domainDependsOnNothingOutsideIt.check(MAIN);
    }

    @Test
    void layersFollowTheHexagonalDependencyRule() {
        hexagonalLayers.check(MAIN);
    }

    @Test
    void adaptersDoNotKnowEachOther() {
        adaptersDoNotKnowEachOther.check(MAIN);
    }

    @Test
    void awsSdkIsUsedOnlyByAdapters() {
        awsSdkOnlyInAdapters.check(MAIN);
    }

    @Test
    void dynamoDbClientIsUsedOnlyByTheDynamoDbAdapter() {
        dynamoDbOnlyInItsAdapter.check(MAIN);
    }

    @Test
    void sqsClientIsUsedOnlyByTheSqsAdapter() {
        sqsOnlyInItsAdapter.check(MAIN);
    }

    @Test
    void portsAreInterfaces() {
        portsAreInterfaces.check(MAIN);
    }

    @Test
    void domainReadsNoEnvironment() {
        domainReadsNoEnvironment.check(MAIN);
    }

    @Test
    void packagesAreFreeOfCycles() {
        packagesAreFreeOfCycles.check(MAIN);
    }

    @Test
    void useCaseFeaturesAreFreeOfCycles() {
        featuresAreFreeOfCycles.check(MAIN);
    }

    @Test
    void deliveryPipelineKnowsNoApiUseCase() {
        deliveryPipelineKnowsNoApiUseCase.check(MAIN);
    }

    @Test
    void wiringIsUsedByNoOne() {
        wiringIsUsedByNoOne.check(MAIN);
    }

    @Test
    void filterKnowsNoConfig() {
        filterKnowsNoConfig.check(MAIN);
    }

    @Test
    void testSourcesAreNotAnalysed() {
        assertThat(MAIN.contain(FrameworkLeakSample.class)).isFalse();
        assertThat(MAIN.contain(WebhookConfig.class)).isTrue();
    }

    @Test
    void theRulesCatchAFrameworkLeakIntoTheDomain() {
        JavaClasses leak = new ClassFileImporter().importClasses(FrameworkLeakSample.class);

        assertThatThrownBy(() -> domainKnowsNoFramework.check(leak))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("software.amazon.awssdk.services.dynamodb.model.AttributeValue")
                .hasMessageContaining("jakarta.inject.Provider");
        assertThatThrownBy(() -> domainDependsOnNothingOutsideIt.check(leak))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.webhooks.core.adapter.dynamodb.Tables");
        assertThatThrownBy(() -> awsSdkOnlyInAdapters.check(leak))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> dynamoDbOnlyInItsAdapter.check(leak))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("AttributeValue");
    }
}
