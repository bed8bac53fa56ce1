package dev.webhooks.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * No line that the build's tests produced holds a secret they used. Runs after every other test of the build (its own
 * failsafe execution, in the last module with tests), over what they wrote (a clean build's: CI's is): each test class's output (surefire's and failsafe's
 * {@code *-output.txt}, where the services' logs go in tests) and every packaged function's log (the deployed JSON
 * format, from the local module's integration tests).
 *
 * <p>The secrets are read from the tests' sources, so a new test's secret is covered without a list to keep: the
 * values of the secret fields of configs ({@code password}, {@code clientSecret}, {@code keyValue}), of
 * {@code Secret.of(...)}, and of custom headers, plus the shapes no log may show whatever their value: a signing
 * secret ({@code whsec_...}) and a bearer token. Values shorter than {@value #MIN_SECRET_LENGTH} characters are left
 * out: they would match ordinary words.
 */
class LogsRevealNoSecretsIT {

    static final int MIN_SECRET_LENGTH = 6;
    private static final Path ROOT = Path.of(System.getProperty("webhooks.repository.root", ".."));
    private static final List<String> MODULES = List.of("core", "test-support", "api", "dispatcher", "local",
            "operations");

    /** A secret field and its value: in a JSON text (escaped or not), or as a Jackson {@code put}. */
    private static final List<Pattern> SECRET_VALUES = List.of(
            Pattern.compile("\\\\?\"(?:password|clientSecret|keyValue|client_secret)\\\\?\"\\s*:\\s*\\\\?\"([^\"\\\\]+)"),
            Pattern.compile("\\.put\\(\"(?:password|clientSecret|keyValue)\",\\s*\"([^\"]+)\"\\)"),
            Pattern.compile("Secret\\.of\\(\"([^\"]+)\"\\)"),
            // Constants that hold one: PASSWORD = "...", CLIENT_SECRET = "...", KEY_VALUE = "...".
            Pattern.compile("(?:PASSWORD|CLIENT_SECRET|KEY_VALUE)\\s*=\\s*\"([^\"]+)\""),
            Pattern.compile("entry\\(\"(?:client_secret|password)\",\\s*\"([^\"]+)\"\\)"));
    /** The values of a {@code custom_headers} object in a JSON text. */
    private static final Pattern CUSTOM_HEADERS = Pattern.compile("custom_headers\\\\?\"\\s*:\\s*\\{([^}]*)}");
    private static final Pattern HEADER_VALUE = Pattern.compile(":\\s*\\\\?\"([^\"\\\\]+)");
    /** What no log may show, whatever the value. */
    private static final List<Pattern> SECRET_SHAPES = List.of(
            Pattern.compile("whsec_[A-Za-z0-9+/=]{20,}"),
            Pattern.compile("Bearer\\s+eyJ[A-Za-z0-9_-]{8,}"),
            Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"));

    @Test
    void noLineTheTestsProducedHoldsASecret() throws IOException {
        Set<String> secrets = secretsTheTestsUse();
        List<Path> outputs = outputsOfTheBuild();
        assertThat(secrets).as("secrets read from the tests' sources").hasSizeGreaterThan(10);
        assertThat(outputs).as("the tests' outputs and the functions' logs").isNotEmpty()
                .anyMatch(path -> path.toString().contains("function-logs"))
                .anyMatch(path -> path.toString().contains("surefire-reports"));

        List<String> leaks = new ArrayList<>();
        long lines = 0;
        for (Path output : outputs) {
            List<String> content = Files.readAllLines(output, StandardCharsets.UTF_8);
            lines += content.size();
            for (int i = 0; i < content.size(); i++) {
                for (String leak : leaks(content.get(i), secrets)) {
                    leaks.add(ROOT.relativize(output) + ":" + (i + 1) + " shows " + leak);
                }
            }
        }
        System.out.printf("Scanned %d lines in %d files for %d secrets and %d shapes%n", lines, outputs.size(),
                secrets.size(), SECRET_SHAPES.size());
        assertThat(leaks).as("lines that show a secret").isEmpty();
    }

    @Test
    void theScanFindsWhatItLooksFor() {
        Set<String> secrets = Set.of("s3cret-password");

        assertThat(leaks("basic auth with s3cret-password failed", secrets)).hasSize(1);
        assertThat(leaks("signing with whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", secrets)).hasSize(1);
        assertThat(leaks("Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl", secrets))
                .isNotEmpty();
        assertThat(leaks("Delivery attempt 1: delivered (status 200, 12 ms)", secrets)).isEmpty();
        assertThat(secretsIn("{\"auth\": {\"basicAuthConfig\": {\"password\": \"pa55word\"}}}"))
                .contains("pa55word");
        assertThat(secretsIn("\"payloadConfiguration\": {\"custom_headers\": {\"X-Tenant\": \"tenant-42\"}}"))
                .contains("tenant-42");
        assertThat(secretsIn("private static final String CLIENT_SECRET = \"oauth-client-secret-value\";"))
                .contains("oauth-client-secret-value");
        assertThat(secretsIn("{\"password\": \"stored\"}")).as("an ordinary word").isEmpty();
    }

    /** What in {@code line} is a secret: a value the tests use, or a secret's shape. */
    private static List<String> leaks(String line, Set<String> secrets) {
        List<String> found = new ArrayList<>();
        for (String secret : secrets) {
            if (line.contains(secret)) {
                found.add("the secret '" + secret.substring(0, 3) + "…'");
            }
        }
        for (Pattern shape : SECRET_SHAPES) {
            Matcher matcher = shape.matcher(line);
            if (matcher.find()) {
                found.add("a value shaped like " + shape.pattern().substring(0, Math.min(12, shape.pattern().length()))
                        + "…");
            }
        }
        return found;
    }

    private static Set<String> secretsTheTestsUse() throws IOException {
        Set<String> secrets = new LinkedHashSet<>();
        for (String module : MODULES) {
            Path tests = ROOT.resolve(module).resolve("src/test");
            if (!Files.isDirectory(tests)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(tests)) {
                for (Path file : files.filter(path -> path.toString().endsWith(".java")
                        || path.toString().endsWith(".json")).toList()) {
                    if (file.getFileName().toString().equals("LogsRevealNoSecretsIT.java")) {
                        continue;
                    }
                    secrets.addAll(secretsIn(Files.readString(file, StandardCharsets.UTF_8)));
                }
            }
        }
        return secrets;
    }

    static Set<String> secretsIn(String source) {
        Set<String> secrets = new LinkedHashSet<>();
        for (Pattern pattern : SECRET_VALUES) {
            Matcher matcher = pattern.matcher(source);
            while (matcher.find()) {
                secrets.add(matcher.group(1));
            }
        }
        Matcher headers = CUSTOM_HEADERS.matcher(source);
        while (headers.find()) {
            Matcher value = HEADER_VALUE.matcher(headers.group(1));
            while (value.find()) {
                secrets.add(value.group(1));
            }
        }
        // Not secrets to look for: the mask the API answers with; values too short, or plain lowercase words
        // ("stored"), that ordinary text holds too; references and URLs in a test's JSON; a bearer header, whose
        // shape is looked for instead.
        secrets.removeIf(secret -> secret.length() < MIN_SECRET_LENGTH || secret.chars().allMatch(c -> c == '*')
                || secret.isBlank() || secret.chars().allMatch(c -> c >= 'a' && c <= 'z')
                || secret.startsWith("#/") || secret.startsWith("http") || secret.startsWith("Bearer "));
        return secrets;
    }

    private static List<Path> outputsOfTheBuild() {
        List<Path> outputs = new ArrayList<>();
        for (String module : MODULES) {
            Path target = ROOT.resolve(module).resolve("target");
            for (String directory : List.of("surefire-reports", "failsafe-reports", "function-logs")) {
                Path reports = target.resolve(directory);
                if (!Files.isDirectory(reports)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(reports)) {
                    files.filter(path -> path.toString().endsWith("-output.txt") || path.toString().endsWith(".log"))
                            .forEach(outputs::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return outputs;
    }
}
