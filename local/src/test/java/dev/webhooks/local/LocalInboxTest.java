package dev.webhooks.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.webhooks.core.config.Secret;
import dev.webhooks.core.delivery.Ed25519Signature;
import dev.webhooks.core.delivery.WebhookSignature;
import dev.webhooks.local.LocalInbox.Verdict;
import dev.webhooks.testing.LoopbackServers;

/**
 * The local inbox on its own, with webhooks signed here by the service's signing code and a stand-in for the API's
 * public-key endpoint (a loopback server answering what the real one answers): what it verifies, what it prints and
 * what it never prints. {@code QuickStartIT} runs it on real deliveries.
 */
class LocalInboxTest {

    private static final String ORGANIZATION = "org-inbox";
    private static final String SECRET = "whsec_c2VjcmV0LWZvci10aGUtaW5ib3gtdGVzdA==";
    private static final String BODY = "{\"metadata\":{\"organization_id\":\"" + ORGANIZATION + "\"},\"name\":\"Müller ✓\"}";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final KeyPair keys = Ed25519Signature.newKeyPair();
    private final HttpServer publicKeys = LoopbackServers.start(InetAddress.getLoopbackAddress(), 0, "keys",
            exchange -> {
                boolean known = exchange.getRequestURI().getQuery().equals("orgId=" + ORGANIZATION);
                byte[] answer = known ? ("{\"public_key\": \"" + Ed25519Signature.publicKeyPem(keys.getPublic())
                        .replace("\n", "\\n") + "\"}").getBytes(StandardCharsets.UTF_8) : new byte[0];
                exchange.sendResponseHeaders(known ? 200 : 404, known ? answer.length : -1);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            });
    private final List<String> printed = new CopyOnWriteArrayList<>();
    private final LocalInbox inbox = LocalInbox.start(0,
            () -> "http://127.0.0.1:" + publicKeys.getAddress().getPort(), printed::add);

    @AfterEach
    void stop() {
        inbox.close();
        publicKeys.stop(0);
    }

    @Test
    void aGenuineWebhookVerifiesBothWaysAndNoCredentialIsPrinted() throws Exception {
        register(SECRET);

        HttpResponse<String> answer = send("/hook", BODY, signed(BODY, Instant.now()), Map.of(
                "Authorization", "Basic cGFydG5lcjpzM2NyZXQ=", "X-Api-Key", "k3y-value-never-printed"));

        assertThat(answer.statusCode()).isEqualTo(200);
        LocalInbox.Received webhook = inbox.received().get(0);
        assertThat(webhook.v1().verdict()).isEqualTo(Verdict.VERIFIED);
        assertThat(webhook.v1a().verdict()).isEqualTo(Verdict.VERIFIED);
        assertThat(String.join("\n", printed))
                .contains("[inbox] POST /hook", "v1  verified (secret whsec_c2Vj…)",
                        "v1a verified (organization org-inbox's public key)", "authorization (Basic)", "x-api-key",
                        "Müller ✓")
                .doesNotContain("cGFydG5lcjpzM2NyZXQ=", "k3y-value-never-printed", SECRET);
    }

    @Test
    void onlyAnAuthorizationSchemeIsShownNeverAValueWithoutOne() {
        assertThat(LocalInbox.scheme("Bearer eyJhbGciOi.x.y")).isEqualTo("Bearer");
        assertThat(LocalInbox.scheme("an-api-key-in-the-authorization-header")).isEqualTo("value hidden");
        assertThat(LocalInbox.scheme("Basic")).isEqualTo("value hidden");
    }

    @Test
    void aChangedBodyFailsAndWithoutASecretV1IsNotCheckedWithAdvice() throws Exception {
        Map<String, String> headers = signed(BODY, Instant.now());

        send("/hook", BODY.replace("Müller", "Mueller"), headers, Map.of());

        LocalInbox.Received webhook = inbox.received().get(0);
        assertThat(webhook.v1().verdict()).isEqualTo(Verdict.NOT_CHECKED);
        assertThat(webhook.v1().detail()).contains("curl -d \"$SECRET\" http://localhost:" + inbox.port()
                + "/_inbox/secrets");
        assertThat(webhook.v1a().verdict()).isEqualTo(Verdict.FAILED);
    }

    @Test
    void anOldTimestampIsSaidAndAnUnknownOrganizationIsNotChecked() throws Exception {
        register(SECRET);
        send("/hook", BODY, signed(BODY, Instant.now().minusSeconds(900)), Map.of());
        String other = BODY.replace(ORGANIZATION, "org-without-key");
        send("/hook", other, signed(other, Instant.now()), Map.of());

        assertThat(inbox.received().get(0).v1().verdict()).isEqualTo(Verdict.FAILED);
        assertThat(inbox.received().get(0).v1().detail()).contains("its timestamp is 9");
        assertThat(inbox.received().get(1).v1a()).isEqualTo(new LocalInbox.Check(Verdict.NOT_CHECKED,
                "organization org-without-key has no public key at the API"));
    }

    @Test
    void aStatusAskedForInTheUrlIsAnsweredAndOnlyTheLastHundredAreKept() throws Exception {
        assertThat(send("/hook?status=503", BODY, signed(BODY, Instant.now()), Map.of()).statusCode()).isEqualTo(503);
        for (int i = 0; i < LocalInbox.KEPT; i++) {
            send("/hook/" + i, BODY, signed(BODY, Instant.now()), Map.of());
        }

        assertThat(inbox.received()).hasSize(LocalInbox.KEPT);
        assertThat(inbox.received().get(0).path()).isEqualTo("/hook/0");
    }

    @Test
    void onlyASigningSecretIsTakenAndOnlyRequestsToLocalhostAreAnswered() throws Exception {
        HttpResponse<String> junk = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/_inbox/secrets"))
                .POST(HttpRequest.BodyPublishers.ofString("not a secret")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(junk.statusCode()).isEqualTo(400);

        // A page on another site that points its own host name at 127.0.0.1 (DNS rebinding) sends its own Host.
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), inbox.port())) {
            socket.getOutputStream().write("GET /_inbox/received HTTP/1.1\r\nHost: attacker.example\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(statusLine).isEqualTo("HTTP/1.1 421");
        }
    }

    private void register(String secret) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/_inbox/secrets"))
                .POST(HttpRequest.BodyPublishers.ofString(secret)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).doesNotContain(secret);
    }

    private Map<String, String> signed(String body, Instant at) {
        String id = "msg_inbox" + at.toEpochMilli();
        long timestamp = at.getEpochSecond();
        return Map.of("webhook-id", id, "webhook-timestamp", Long.toString(timestamp), "webhook-signature",
                WebhookSignature.sign(Secret.of(SECRET), id, timestamp, body) + " "
                        + Ed25519Signature.sign(keys.getPrivate(), id, timestamp, body));
    }

    private HttpResponse<String> send(String path, String body, Map<String, String> signature,
            Map<String, String> more) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        signature.forEach(request::header);
        more.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String base() {
        return "http://127.0.0.1:" + inbox.port();
    }
}
