package dev.webhooks.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./deploy --check} tells the runtime the built zips need from the zips themselves (a native image has a
 * {@code bootstrap} at its root), and refuses zips built two ways or unreadable; the deploy then takes the samconfig
 * environment of that runtime, after checking it names it (in the repository's form and in the one {@code sam deploy
 * --guided} saves), so a JVM zip cannot be deployed on {@code provided.al2023}. The zips are made here: SAM and the
 * native build cannot run on this machine.
 */
class DeployScriptTest {

    private static final Path ROOT = Path.of(System.getProperty("webhooks.repository.root", ".."));

    @TempDir
    Path zips;

    @Test
    void aJvmZipNeedsTheJavaRuntimeAndANativeOneProvided() throws Exception {
        Path jvm = zip("jvm.zip", "lib/main.jar", "quarkus-app/quarkus-run.jar");
        Path nativeImage = zip("native.zip", "bootstrap", "function.so");

        assertThat(check(jvm, jvm)).isEqualTo(new Result(0, "FunctionRuntime=jvm (samconfig environment: jvm)"));
        assertThat(check(nativeImage, nativeImage))
                .isEqualTo(new Result(0, "FunctionRuntime=native (samconfig environment: default)"));
    }

    @Test
    void zipsBuiltTwoWaysOrMissingAreRefused() throws Exception {
        Result mixed = check(zip("jvm.zip", "lib/main.jar"), zip("native.zip", "bootstrap"));
        Result missing = check(zips.resolve("none.zip"), zip("jvm.zip", "lib/main.jar"));
        Path garbage = Files.writeString(zips.resolve("garbage.zip"), "not a zip");
        Result unreadable = check(garbage, garbage);

        assertThat(mixed.status()).isEqualTo(1);
        assertThat(mixed.output()).contains("api: jvm, dispatcher: native");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.output()).contains("missing");
        assertThat(unreadable.status()).as("never guessed to be a JVM zip").isEqualTo(1);
        assertThat(unreadable.output()).contains("api: unreadable");
    }

    /** The string `sam deploy --guided` saves, and an environment that names the other runtime. */
    @Test
    void theGuidedFormIsReadAndAnEnvironmentOfTheOtherRuntimeIsRefused() throws Exception {
        Path jvm = zip("jvm.zip", "lib/main.jar");
        Path guided = Files.writeString(zips.resolve("guided.toml"), """
                [jvm.deploy.parameters]
                parameter_overrides = "FunctionRuntime=\\"jvm\\" Architecture=\\"x86_64\\" JwtIssuer=\\"https://x\\""
                """);
        Path wrong = Files.writeString(zips.resolve("wrong.toml"), """
                [jvm.deploy.parameters]
                parameter_overrides = "FunctionRuntime=\\"native\\" Architecture=\\"x86_64\\""
                """);

        assertThat(check(jvm, jvm, guided).status()).isZero();
        Result refused = check(jvm, jvm, wrong);
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.output()).contains("does not deploy FunctionRuntime=jvm");
    }

    @Test
    void eachSamconfigEnvironmentTheScriptPicksDeploysItsRuntime() throws IOException {
        String samconfig = Files.readString(ROOT.resolve("samconfig.toml"), StandardCharsets.UTF_8);

        assertThat(section(samconfig, "[default.deploy.parameters]")).contains("\"FunctionRuntime=native\"");
        assertThat(section(samconfig, "[jvm.deploy.parameters]")).contains("\"FunctionRuntime=jvm\"");
    }

    private record Result(int status, String output) {
    }

    private Result check(Path api, Path dispatcher) throws Exception {
        return check(api, dispatcher, ROOT.resolve("samconfig.toml"));
    }

    private Result check(Path api, Path dispatcher, Path samconfig) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", ROOT.resolve("deploy").toString(), "--check"))
                .directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("API_ZIP", api.toString(), "DISPATCHER_ZIP", dispatcher.toString(),
                "SAMCONFIG", samconfig.toString()));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private Path zip(String name, String... entries) throws IOException {
        Path zip = zips.resolve(name);
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream archive = new ZipOutputStream(out)) {
            for (String entry : entries) {
                archive.putNextEntry(new ZipEntry(entry));
                archive.write(new byte[] { 1 });
                archive.closeEntry();
            }
        }
        return zip;
    }

    private static String section(String toml, String header) {
        int start = toml.indexOf(header);
        assertThat(start).as(header).isNotNegative();
        int end = toml.indexOf("\n[", start + header.length());
        return end < 0 ? toml.substring(start) : toml.substring(start, end);
    }
}
