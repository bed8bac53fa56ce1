package dev.webhooks.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the packaged functions carry: no test or local-only code (the harness, the local runner, test libraries), and
 * nothing the function does not run. A {@code function.zip} is what Lambda downloads and unpacks on a cold start, and
 * every extension in it starts with the function.
 */
class FunctionZipContentsIT {

    /** Artifacts that only tests and the local runner use. */
    private static final List<String> TEST_AND_LOCAL_ARTIFACTS = List.of("webhooks-test-support", "webhooks-local",
            "junit", "assertj", "rest-assured", "archunit", "awaitility", "selenium", "elasticmq", "mockito",
            "aws-lambda-java-runtime-interface-client");

    /** Packages of test and local-only code, which must not reach a zip inside any jar either. */
    private static final List<String> TEST_AND_LOCAL_PACKAGES = List.of("dev/webhooks/testing/",
            "dev/webhooks/local/", "dev/webhooks/benchmarks/");

    private static final Path ROOT = Path.of(System.getProperty("webhooks.repository.root", ".."));

    @ParameterizedTest
    @ValueSource(strings = {"api", "dispatcher"})
    void aFunctionZipCarriesNoTestOrLocalCode(String function) throws IOException {
        assumeJvmZips();
        List<String> jars = jars(function);
        assertThat(jars).isNotEmpty().noneMatch(jar -> TEST_AND_LOCAL_ARTIFACTS.stream().anyMatch(jar::contains));
        try (ZipFile zip = new ZipFile(ROOT.resolve(function + "/target/function.zip").toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                assertThat(TEST_AND_LOCAL_PACKAGES).as(entry.getName()).noneMatch(entry.getName()::startsWith);
                if (entry.getName().matches("lib/(modified-)?dev\\.webhooks\\..*\\.jar")) {
                    // Our own jars: what they hold comes from our modules, where test code could leak in.
                    try (ZipInputStream jar = new ZipInputStream(zip.getInputStream(entry))) {
                        for (ZipEntry inner = jar.getNextEntry(); inner != null; inner = jar.getNextEntry()) {
                            String name = inner.getName();
                            assertThat(TEST_AND_LOCAL_PACKAGES).as("%s in %s", name, entry.getName())
                                    .noneMatch(name::startsWith);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theApiCarriesNoFaultToleranceExtension() throws IOException {
        assumeJvmZips();
        // Only the dispatcher's delivery guards use it; in the api it would start with every cold start for nothing.
        // Vert.x's own fault-tolerance integration comes with Quarkus's Vert.x and is inert without the extension.
        assertThat(jars("api")).filteredOn(jar -> jar.contains("fault-tolerance"))
                .allMatch(jar -> jar.contains("smallrye-fault-tolerance-vertx"));
        assertThat(entries("api")).noneMatch(entry -> entry.startsWith("io/quarkus/smallrye/faulttolerance/"));
        // The dispatcher does carry it: the check above would notice a renamed package.
        assertThat(entries("dispatcher")).anyMatch(entry -> entry.startsWith("io/quarkus/smallrye/faulttolerance/")
                || entry.contains("quarkus-smallrye-fault-tolerance"));
    }

    @Test
    void theDispatcherCarriesNoHttpServer() throws IOException {
        assumeJvmZips();
        // It is triggered by SQS: no REST layer, no Vert.x HTTP server.
        assertThat(jars("dispatcher"))
                .noneMatch(jar -> jar.contains("quarkus-vertx-http") || jar.contains("quarkus-rest"));
    }

    /** A native build's zip holds a {@code bootstrap} executable and no jars: these checks are about the JVM zips. */
    private static void assumeJvmZips() throws IOException {
        assumeFalse(entries("api").contains("bootstrap"), "native function zips carry no jars");
    }

    private static List<String> jars(String function) throws IOException {
        return entries(function).stream().filter(name -> name.startsWith("lib/") && name.endsWith(".jar")).toList();
    }

    private static List<String> entries(String function) throws IOException {
        try (ZipFile zip = new ZipFile(ROOT.resolve(function + "/target/function.zip").toFile())) {
            return Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
        }
    }
}
