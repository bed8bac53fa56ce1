package dev.webhooks.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.webhooks.testing.LoopbackServers;

/**
 * The local run's receiver ({@code ./run-local}, port 8070): a webhook sent to any path of it is answered 200 and
 * printed, with whether its signatures verify, so that a newcomer's first config has somewhere real to deliver to.
 *
 * <ul>
 * <li>{@code v1} (HMAC) is checked with the signing secrets registered by {@code POST /_inbox/secrets} (the secret as
 * the body): a signing secret is shown once, when its config is created, and the inbox has no other way to learn
 * it.</li>
 * <li>{@code v1a} (Ed25519) is checked with the organization's public key, fetched once from the local API's
 * public-key endpoint, as a receiver does.</li>
 * <li>Both are checked by {@link WebhookVerifier}, the Java snippet of {@code docs/receiving-webhooks.md}.</li>
 * <li>{@code ?status=503} on the webhook's URL makes the inbox answer that status, to watch the retries.</li>
 * <li>{@code GET /_inbox/received} lists what arrived, oldest first, as printed.</li>
 * </ul>
 *
 * <p>Header values other than the signing headers are not printed: a config's authentication and custom headers carry
 * secrets. It listens on 127.0.0.1 only, answers only requests addressed to a loopback name (so a web page cannot
 * reach it through DNS rebinding), and keeps the last {@value #KEPT} webhooks in memory.
 */
public final class LocalInbox implements AutoCloseable {

    static final int KEPT = 100;
    static final String CONTROL = "/_inbox/";
    private static final int BODY_SHOWN = 160;
    /** Well under the dispatcher's 15 s per request, so a slow key fetch never turns a delivery into a timeout. */
    private static final Duration KEY_FETCH_TIMEOUT = Duration.ofSeconds(3);
    private static final Pattern SECRET = Pattern.compile("whsec_[A-Za-z0-9+/]{16,}={0,2}");
    /** An authorization scheme followed by its credentials ("Basic ...", "Bearer ..."): only the scheme is shown. */
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][\\w.+-]*) \\S.*");
    private static final Pattern LOOPBACK_HOST = Pattern.compile("(localhost|127\\.0\\.0\\.1|\\[::1\\])(:\\d+)?");
    /** Headers every HTTP request has; naming them tells a reader nothing about the webhook. */
    private static final Set<String> ORDINARY = Set.of("host", "connection", "content-length", "accept-encoding",
            "upgrade", "http2-settings", "te", "keep-alive", "transfer-encoding", "expect");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Supplier<String> apiBase;
    private final Consumer<String> out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(KEY_FETCH_TIMEOUT).build();
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();
    private final Map<String, String> publicKeys = new ConcurrentHashMap<>();
    private final Deque<Received> received = new ArrayDeque<>();

    /** One webhook as the inbox saw it. */
    public record Received(String method, String path, String webhookId, Check v1, Check v1a, String report) {
    }

    /** The outcome of one signature check, and the words that explain it. */
    public record Check(Verdict verdict, String detail) {
        @Override
        public String toString() {
            return verdict.word + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    public enum Verdict {
        VERIFIED("verified"), FAILED("FAILED"), NOT_CHECKED("not checked");

        private final String word;

        Verdict(String word) {
            this.word = word;
        }
    }

    private LocalInbox(int port, Supplier<String> apiBase, Consumer<String> out) {
        this.apiBase = apiBase;
        this.out = out;
        this.server = LoopbackServers.start(InetAddress.getLoopbackAddress(), port, "local-inbox", this::handle);
    }

    /**
     * Starts the inbox on 127.0.0.1.
     *
     * @param port the port (0: a free one)
     * @param apiBase the API whose public-key endpoint gives the {@code v1a} keys, such as
     *        {@code http://127.0.0.1:8080}; asked when a key is first needed, so the inbox can start (and a busy port
     *        fail) before the API
     * @param out where each webhook's report goes, line by line
     */
    public static LocalInbox start(int port, Supplier<String> apiBase, Consumer<String> out) {
        return new LocalInbox(port, apiBase, out);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** What arrived so far (the last {@value #KEPT}), oldest first. */
    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String host = exchange.getRequestHeaders().getFirst("Host");
            String path = exchange.getRequestURI().getPath();
            if (host == null || !LOOPBACK_HOST.matcher(host).matches()) {
                LocalHttp.answer(exchange, 421, LocalHttp.TEXT, "The inbox answers requests to localhost only.\n");
            } else if (path.startsWith(CONTROL)) {
                control(exchange, path.substring(CONTROL.length()));
            } else {
                webhook(exchange);
            }
        } catch (RuntimeException unexpected) {
            out.accept("[inbox] could not handle a request: " + unexpected.getClass().getSimpleName());
        }
    }

    private void control(HttpExchange exchange, String what) throws IOException {
        String method = exchange.getRequestMethod();
        if (what.equals("secrets") && method.equals("POST")) {
            String secret = new String(exchange.getRequestBody().readNBytes(1024), StandardCharsets.UTF_8).trim();
            if (!SECRET.matcher(secret).matches()) {
                LocalHttp.answer(exchange, 400, LocalHttp.TEXT, "Send a signing secret (whsec_...) as the body.\n");
                return;
            }
            secrets.add(secret);
            LocalHttp.answer(exchange, 200, LocalHttp.TEXT, "The inbox now checks v1 signatures with "
                    + shown(secret) + " (" + secrets.size() + " secret" + (secrets.size() == 1 ? "" : "s")
                    + " registered).\n");
        } else if (what.equals("received") && method.equals("GET")) {
            StringBuilder text = new StringBuilder();
            received().forEach(webhook -> text.append(webhook.report()).append('\n'));
            LocalHttp.answer(exchange, 200, LocalHttp.TEXT, text.isEmpty() ? "Nothing received yet.\n"
                    : text.toString());
        } else {
            LocalHttp.answer(exchange, 404, LocalHttp.TEXT, "The inbox answers POST /_inbox/secrets and "
                    + "GET /_inbox/received; every other path takes webhooks.\n");
        }
    }

    private void webhook(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        String body = new String(bytes, StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                String.join(", ", values)));
        Map<String, String> query = LocalHttp.query(exchange.getRequestURI());
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();

        Check v1 = checkV1(headers, body);
        Check v1a = checkV1a(headers, body, query.get("org"));
        int status = status(query.get("status"));
        String report = report(method, path, headers, body, bytes.length, v1, v1a, status);
        Received webhook = new Received(method, path, headers.getOrDefault("webhook-id", ""), v1, v1a, report);
        synchronized (this) {
            received.addLast(webhook);
            if (received.size() > KEPT) {
                received.removeFirst();
            }
        }
        report.lines().forEach(out);
        LocalHttp.answer(exchange, status, "application/json", "{\"received\":" + (status < 300) + "}");
    }

    private Check checkV1(Map<String, String> headers, String body) {
        if (secrets.isEmpty()) {
            return new Check(Verdict.NOT_CHECKED, "no signing secret registered: curl -d \"$SECRET\" http://localhost:"
                    + port() + CONTROL + "secrets");
        }
        for (String secret : secrets) {
            if (WebhookVerifier.verifyV1(secret, headers, body)) {
                return new Check(Verdict.VERIFIED, "secret " + shown(secret));
            }
        }
        return new Check(Verdict.FAILED, "with none of the " + secrets.size() + " registered secrets" + stale(headers));
    }

    /**
     * The organization is the body's {@code metadata.organization_id}, or the URL's {@code org} parameter for a
     * transformed body without it. A receiver must not take it from the unverified body (the guide says to pin it);
     * the inbox serves every organization of the local run, and says whose key verified.
     */
    private Check checkV1a(Map<String, String> headers, String body, String organizationFromUrl) {
        String organization = Optional.ofNullable(organizationFromUrl).orElseGet(() -> organizationOf(body));
        if (organization == null) {
            return new Check(Verdict.NOT_CHECKED, "the body names no organization: add ?org=<id> to the webhook's URL");
        }
        Optional<String> key;
        try {
            key = publicKey(organization);
        } catch (IOException unreachable) {
            return new Check(Verdict.NOT_CHECKED, "the API's public-key endpoint did not answer: " + unreachable
                    .getClass().getSimpleName());
        }
        if (key.isEmpty()) {
            return new Check(Verdict.NOT_CHECKED, "organization " + organization + " has no public key at the API");
        }
        if (WebhookVerifier.verifyV1a(key.get(), headers, body)) {
            return new Check(Verdict.VERIFIED, "organization " + organization + "'s public key");
        }
        return new Check(Verdict.FAILED, "with organization " + organization + "'s public key" + stale(headers));
    }

    private static String stale(Map<String, String> headers) {
        try {
            long age = System.currentTimeMillis() / 1000 - Long.parseLong(headers.getOrDefault("webhook-timestamp",
                    ""));
            return Math.abs(age) > WebhookVerifier.TOLERANCE_SECONDS ? "; its timestamp is " + age + " s old" : "";
        } catch (NumberFormatException noTimestamp) {
            return "; it has no webhook-timestamp";
        }
    }

    /** The key, fetched once per organization (a key pair never changes); empty when the API has none (404). */
    private Optional<String> publicKey(String organization) throws IOException {
        String known = publicKeys.get(organization);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(apiBase.get()
                    + "/v1/webhooks/.well-known/public-key?orgId=" + URLEncoder.encode(organization,
                            StandardCharsets.UTF_8)))
                    .timeout(KEY_FETCH_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            String pem = JSON.readTree(response.body()).path("public_key").asText("");
            if (pem.isEmpty()) {
                throw new IOException("no public_key in the answer");
            }
            publicKeys.put(organization, pem);
            return Optional.of(pem);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", interrupted);
        }
    }

    private static String organizationOf(String body) {
        try {
            JsonNode organization = JSON.readTree(body).path("metadata").path("organization_id");
            return organization.isValueNode() && !organization.asText().isEmpty() ? organization.asText() : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String report(String method, String path, Map<String, String> headers, String body, int length,
            Check v1, Check v1a, int status) {
        List<String> others = new ArrayList<>();
        headers.forEach((name, value) -> {
            if (!name.startsWith("webhook-") && !ORDINARY.contains(name) && !name.equals("content-type")
                    && !name.equals("user-agent")) {
                others.add(name.equals("authorization") ? "authorization (" + scheme(value) + ")" : name);
            }
        });
        return """
                [inbox] %s %s  webhook-id %s  answered %d
                [inbox]   v1  %s
                [inbox]   v1a %s
                [inbox]   webhook-timestamp %s, content-type %s, user-agent %s%s
                [inbox]   body (%,d bytes) %s""".formatted(method, path,
                headers.getOrDefault("webhook-id", "(none)"), status, v1, v1a,
                headers.getOrDefault("webhook-timestamp", "(none)"), headers.getOrDefault("content-type", "(none)"),
                headers.getOrDefault("user-agent", "(none)"),
                others.isEmpty() ? "" : "; also " + String.join(", ", others), length, shortened(body));
    }

    /** "Basic" of "Basic dXNlcjpwYXNz"; a value that is not scheme-then-credentials (an API key) is not shown. */
    static String scheme(String authorization) {
        var scheme = SCHEME.matcher(authorization);
        return scheme.matches() ? scheme.group(1) : "value hidden";
    }

    /** The body on one line, cut at {@value #BODY_SHOWN} characters (never inside a character). */
    private static String shortened(String body) {
        String oneLine = body.replaceAll("\\s+", " ");
        if (oneLine.codePointCount(0, oneLine.length()) <= BODY_SHOWN) {
            return oneLine;
        }
        return oneLine.substring(0, oneLine.offsetByCodePoints(0, BODY_SHOWN)) + "…";
    }

    /** The first characters of a secret: enough to tell two apart, too few to use. */
    private static String shown(String secret) {
        return secret.substring(0, Math.min(secret.length(), 10)) + "…";
    }

    private static int status(String requested) {
        if (requested != null && requested.matches("[2-5]\\d\\d")) {
            return Integer.parseInt(requested);
        }
        return 200;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
