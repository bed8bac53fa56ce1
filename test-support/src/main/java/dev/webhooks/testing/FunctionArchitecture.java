package dev.webhooks.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency rule of a function module (api, dispatcher), checked by each module's {@code ArchitectureTest}: its
 * resources and handlers are driving adapters that reach the core's use cases ({@code dev.webhooks.core.application})
 * and domain, never its ports, its driven adapters (DynamoDB, SQS, HTTP, crypto) or an AWS SDK client. The Lambda
 * trigger types ({@code com.amazonaws.services.lambda}) are the handler's input and stay allowed.
 */
public final class FunctionArchitecture {

    private FunctionArchitecture() {
    }

    /** The main (not test) classes under {@code rootPackage}. */
    public static JavaClasses mainClasses(String rootPackage) {
        return new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages(rootPackage);
    }

    /** The rules every function module keeps. */
    public static List<ArchRule> rules(String rootPackage) {
        String module = rootPackage + "..";
        return List.of(
                noClasses().that().resideInAPackage(module)
                        .should().dependOnClassesThat().resideInAPackage("dev.webhooks.core.adapter..")
                        .because("a function reaches storage and queues through the core's use cases"),
                noClasses().that().resideInAPackage(module)
                        .should().dependOnClassesThat().resideInAPackage("dev.webhooks.core.port..")
                        .because("ports are the use cases' business; a resource or handler calls a use case"),
                noClasses().that().resideInAPackage(module)
                        .should().dependOnClassesThat().resideInAPackage("software.amazon..")
                        .because("AWS SDK types live in the core's adapters only"));
    }
}
