package dev.webhooks.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.core.config.Secret;
import dev.webhooks.core.delivery.Ed25519Signature;
import dev.webhooks.core.delivery.WebhookSignature;
import dev.webhooks.testing.NodeModules;
import dev.webhooks.testing.PackagedFunction;
import dev.webhooks.testing.RecordingReceiver;
import dev.webhooks.testing.RecordingReceiver.Received;
import dev.webhooks.testing.SampleEvents;
import dev.webhooks.testing.TokenIssuer;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The verification snippets of {@code docs/receiving-webhooks.md}, taken out of the guide as a reader copies them and
 * run on real deliveries of the system {@code ./run-local} runs: a POST with a non-ASCII body, a GET (an empty body),
 * and a delivery during a secret rotation (two {@code v1} entries). Each snippet must accept each genuine delivery,
 * with {@code v1} and with {@code v1a}, and refuse it once a byte of the body changed or with another config's secret.
 * Deliveries the test signs itself add what real ones cannot show: timestamps inside and outside the 5 minutes both
 * ways, malformed and unknown entries, and missing headers.
 *
 * <p>Java and Node always run (the Node snippet through the npm package {@code standardwebhooks}, installed from the
 * lockfile). Python runs where {@code python3} has the {@code cryptography} package, and Go where {@code go} is on
 * the PATH ({@code .ci/run} installs Debian's {@code golang-go}); elsewhere those two are skipped, and say so.
 */
class ReceivingWebhooksSnippetsIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SNIPPET = Pattern.compile("```\\w+ ([\\w.]+)\\n(.*?)```", Pattern.DOTALL);
    private static final String EVENT = "customer_request_created";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path directory;
    private static String python;
    private static Path goDriver;
    private static Path nodeModules;
    private static Instant firstDelivered;
    private static LocalStack stack;
    private static RecordingReceiver receiver;
    private static final List<Case> CASES = new ArrayList<>();

    /** One delivery and what a snippet must say of it. */
    record Case(String name, String secret, String publicKeyPem, Map<String, String> headers, String body,
            boolean v1, boolean v1a) {
    }

    enum Language {
        JAVA, NODE, PYTHON, GO
    }

    @BeforeAll
    static void prepareTheSnippetsThenDeliverRealWebhooks() throws Exception {
        // Everything slow first (Go's first build of net/http and crypto/x509 takes a while on a cold cache): the
        // real deliveries must still be inside their timestamps' 5 minutes when the snippets check them.
        Map<String, String> snippets = snippets();
        prepare(snippets, "verify.js", "driver.js");
        python = Stream.of("python3", "/usr/bin/python3")
                .filter(interpreter -> works(List.of(interpreter, "-c", "import cryptography"))).findFirst()
                .orElse(null);
        if (python != null) {
            prepare(snippets, "verify.py", "driver.py");
        }
        if (works(List.of("go", "version"))) {
            goDriver = goBinary(snippets);
        }
        nodeModules = NodeModules.with("standardwebhooks");
        madeUpCases();

        Path root = Path.of(System.getProperty("webhooks.repository.root", "..")).toAbsolutePath().normalize();
        stack = LocalStack.start(root, 0, 0, 2, PackagedFunction.Output.FILE);
        receiver = RecordingReceiver.start();

        String organization = "org-receiving-" + UUID.randomUUID();
        String token = TokenIssuer.shared().tokenFor(organization);
        JsonNode post = createConfig(token, "POST", "/post");
        JsonNode get = createConfig(token, "GET", "/get");
        String postSecret = post.path("signingSecret").asText();

        ObjectNode event = SampleEvents.sample(EVENT, organization);
        ((ObjectNode) event.path("metadata")).put("organization_name", "Stadtwerke Müller ✓ — Süd 🌞");
        stack.publish(event.toString());
        Received postDelivery = receiver.awaitReceived(2, Duration.ofSeconds(60)).stream()
                .filter(received -> received.path().equals("/post")).findFirst().orElseThrow();
        Received getDelivery = receiver.received("/get").get(0);
        String publicKey = new LocalApi(stack.apiBase()).call(null, "GET", "/v1/webhooks/.well-known/public-key?orgId=" + organization, null,
                200).path("public_key").asText();

        // A rotation: for the grace period both secrets sign. The dispatcher reads configs through its cache, so
        // events are sent until one carries both signatures.
        String rotatedSecret = new LocalApi(stack.apiBase()).call(token, "POST", "/v1/webhooks/configs/"
                + post.path("id").asText() + "/signing-secret/rotate", "{\"grace_period_seconds\": 3600}", 200)
                .path("signingSecret").asText();
        Received rotation = null;
        for (int sent = 1; rotation == null; sent++) {
            assertThat(sent).as("events sent before a delivery carried both secrets' signatures").isLessThan(20);
            stack.publish(SampleEvents.sample(EVENT, organization).toString());
            int expected = sent + 1;
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received("/post").size() >= expected);
            Received latest = receiver.received("/post").get(expected - 1);
            if (latest.header("webhook-signature").split(" ").length == 3) {
                rotation = latest;
            } else {
                TimeUnit.MILLISECONDS.sleep(500);
            }
        }

        Map<String, String> postHeaders = headersOf(postDelivery);
        CASES.add(new Case("a POST delivery with a non-ASCII body", postSecret, publicKey, postHeaders,
                postDelivery.body(), true, true));
        CASES.add(new Case("a GET delivery (no body)", get.path("signingSecret").asText(), publicKey,
                headersOf(getDelivery), getDelivery.body(), true, true));
        CASES.add(new Case("a delivery during a rotation, checked with the new secret", rotatedSecret, publicKey,
                headersOf(rotation), rotation.body(), true, true));
        CASES.add(new Case("a delivery during a rotation, checked with the old secret", postSecret, publicKey,
                headersOf(rotation), rotation.body(), true, true));
        CASES.add(new Case("the body with one byte changed", postSecret, publicKey, postHeaders,
                postDelivery.body().replaceFirst("\\{", "{ "), false, false));
        CASES.add(new Case("another config's secret", get.path("signingSecret").asText(), publicKey, postHeaders,
                postDelivery.body(), false, true));
        assertThat(postDelivery.body()).contains("Müller ✓ — Süd 🌞");
        assertThat(getDelivery.body()).isEmpty();
        firstDelivered = Instant.ofEpochSecond(Long.parseLong(postDelivery.header("webhook-timestamp")));
    }

    /**
     * Deliveries signed here, with a secret and a key pair of the test's own (the service's signing code), for what
     * real deliveries cannot show: timestamps just inside and outside the tolerance, both ways, and malformed headers.
     */
    private static void madeUpCases() {
        String secret = "whsec_" + Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes(
                StandardCharsets.UTF_8));
        KeyPair keys = Ed25519Signature.newKeyPair();
        String pem = Ed25519Signature.publicKeyPem(keys.getPublic());
        String body = "{\"metadata\":{\"organization_id\":\"made-up\"},\"name\":\"Müller ✓ 🌞\"}";
        long now = Instant.now().getEpochSecond();
        for (long offset : new long[] { -240, 240 }) {
            CASES.add(new Case("signed " + offset + " s from now (inside the tolerance)", secret, pem,
                    signed(secret, keys, now + offset, body), body, true, true));
        }
        for (long offset : new long[] { -600, 600 }) {
            CASES.add(new Case("signed " + offset + " s from now (outside the tolerance)", secret, pem,
                    signed(secret, keys, now + offset, body), body, false, false));
        }
        Map<String, String> genuine = signed(secret, keys, now, body);
        Map<String, String> malformedFirst = new LinkedHashMap<>(genuine);
        malformedFirst.put("webhook-signature", "v1,!!! v1a,%%% v2,abc  " + genuine.get("webhook-signature"));
        CASES.add(new Case("malformed and unknown entries before genuine ones", secret, pem, malformedFirst, body,
                true, true));
        Map<String, String> unknownVersion = new LinkedHashMap<>(genuine);
        unknownVersion.put("webhook-signature", genuine.get("webhook-signature").replace("v1,", "v2,")
                .replace("v1a,", "v2a,"));
        CASES.add(new Case("only unknown versions", secret, pem, unknownVersion, body, false, false));
        for (String header : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            Map<String, String> without = new LinkedHashMap<>(genuine);
            without.remove(header);
            CASES.add(new Case("without " + header, secret, pem, without, body, false, false));
        }
    }

    private static Map<String, String> signed(String secret, KeyPair keys, long timestamp, String body) {
        String id = "msg_madeUp" + timestamp;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSignature.sign(Secret.of(secret), id, timestamp, body) + " "
                + Ed25519Signature.sign(keys.getPrivate(), id, timestamp, body));
        return headers;
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void theGuidesSnippetAcceptsGenuineDeliveriesAndRefusesAlteredOnes(Language language) throws Exception {
        switch (language) {
            case PYTHON -> assumeTrue(python != null, "no python3 with the cryptography package on this machine: "
                    + "the Python snippet is not run");
            case GO -> assumeTrue(goDriver != null, "go is not on this machine: the Go snippet is not run");
            default -> {
            }
        }
        assertThat(Duration.between(firstDelivered, Instant.now())).as("the real deliveries are still inside their "
                + "timestamps' tolerance (else the cases below would fail for a slow machine, not a wrong snippet)")
                .isLessThan(Duration.ofSeconds(WebhookVerifier.TOLERANCE_SECONDS - 30));
        for (Case delivery : CASES) {
            String answer = switch (language) {
                // The inbox's WebhookVerifier is the guide's Java snippet (ReceivingWebhooksGuideTest).
                case JAVA -> "v1=" + WebhookVerifier.verifyV1(delivery.secret(), delivery.headers(), delivery.body())
                        + " v1a=" + WebhookVerifier.verifyV1a(delivery.publicKeyPem(), delivery.headers(),
                                delivery.body());
                case NODE -> run(List.of("node", "driver.js"), Map.of("NODE_PATH", nodeModules.toString()), delivery);
                case PYTHON -> run(List.of(python, "driver.py"), Map.of(), delivery);
                case GO -> run(List.of(goDriver.toString()), Map.of(), delivery);
            };
            assertThat(answer).as("%s: %s", language, delivery.name())
                    .isEqualTo("v1=" + delivery.v1() + " v1a=" + delivery.v1a());
        }
    }

    private static Map<String, String> snippets() throws IOException {
        Path guide = Path.of(System.getProperty("webhooks.repository.root", ".."), "docs/receiving-webhooks.md");
        Map<String, String> snippets = new LinkedHashMap<>();
        Matcher block = SNIPPET.matcher(Files.readString(guide));
        while (block.find()) {
            snippets.put(block.group(1), block.group(2));
        }
        assertThat(snippets).containsKeys("WebhookVerifier.java", "verify.js", "verify.py", "verify.go");
        return snippets;
    }

    /** The snippet as a reader saves it, beside the driver that feeds it one delivery. */
    private static void prepare(Map<String, String> snippets, String snippet, String driver) throws IOException {
        Files.writeString(directory.resolve(snippet), snippets.get(snippet));
        try (var in = ReceivingWebhooksSnippetsIT.class.getResourceAsStream("/receiving/" + driver)) {
            Files.write(directory.resolve(driver), in.readAllBytes());
        }
    }

    /** The Go snippet built once with its driver (as {@code package main}), so each case runs in milliseconds. */
    private static Path goBinary(Map<String, String> snippets) throws Exception {
        String snippet = snippets.get("verify.go");
        assertThat(snippet).startsWith("package webhooks\n");
        prepare(Map.of("verify.go", snippet.replaceFirst("package webhooks", "package main")), "verify.go",
                "driver.go");
        Path binary = directory.resolve("verify-driver");
        Process build = new ProcessBuilder("go", "build", "-o", binary.toString(), "verify.go", "driver.go")
                .directory(directory.toFile()).redirectErrorStream(true).start();
        String printed = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor()).as("go build of the guide's Go snippet:%n%s", printed).isZero();
        return binary;
    }

    private static String run(List<String> command, Map<String, String> environment, Case delivery)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        ObjectNode input = MAPPER.createObjectNode().put("secret", delivery.secret())
                .put("publicKeyPem", delivery.publicKeyPem()).put("body", delivery.body());
        delivery.headers().forEach(input.putObject("headers")::put);
        try (var stdin = process.getOutputStream()) {
            stdin.write(MAPPER.writeValueAsBytes(input));
        }
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s printed:%n%s", command, printed).isZero();
        return printed;
    }

    private static boolean works(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException absent) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The headers with lower-case names, as the snippets take them. */
    private static Map<String, String> headersOf(Received received) {
        Map<String, String> headers = new LinkedHashMap<>();
        received.headers().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        return headers;
    }

    private static JsonNode createConfig(String token, String method, String path) {
        ObjectNode config = MAPPER.createObjectNode().put("name", "receiver guide " + method).put("eventName", EVENT)
                .put("url", receiver.url(path)).put("httpMethod", method).put("enabled", true);
        config.putObject("auth").put("authType", "NONE");
        return new LocalApi(stack.apiBase()).call(token, "POST", "/v1/webhooks/configs", config.toString(), 201);
    }
}
