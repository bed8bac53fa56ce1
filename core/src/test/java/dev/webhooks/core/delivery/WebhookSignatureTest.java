package dev.webhooks.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;

import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.config.Secret;

/**
 * Standard Webhooks signatures, checked against the reference library a receiver would use: every body verifies, any
 * change to the body, the timestamp or the id does not.
 */
class WebhookSignatureTest {

    private static final ConfigIds IDS = new ConfigIds(new SecureRandom());

    static Stream<Arguments> bodies() {
        return Stream.of(
                arguments("an empty body (GET, HEAD, OPTIONS)", ""),
                arguments("an empty object", "{}"),
                arguments("an event", "{\"metadata\":{\"organization_id\":\"org-1\",\"event_name\":\"order_created\"},"
                        + "\"order\":{\"id\":\"o-1\",\"total\":12.5}}"),
                arguments("unicode outside ASCII and the BMP", "{\"name\":\"Zo\u00eb M\u00fcller \u4e2d\u6587 "
                        + "\u0645\u0631\u062d\u0628\u0627 \uD83D\uDE00\uD83C\uDDE9\uD83C\uDDEA\"}"),
                arguments("dots, newlines and format characters", "a.b.c\n%s %d %n\r\n\t\u0000.end"),
                arguments("a large body (1 MiB)", "{\"blob\":\"" + "x\u00e9".repeat(512 * 1024) + "\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void aSignatureVerifiesWithTheReferenceLibrary(String name, String body) {
        Secret secret = IDS.newSigningSecret();
        String messageId = WebhookSignature.messageId("evt-1", IDS.newConfigId());
        long now = Instant.now().getEpochSecond();

        String signature = WebhookSignature.sign(secret, messageId, now, body);

        assertThat(signature).startsWith("v1,");
        assertThatCode(() -> new Webhook(secret.reveal()).verify(body, headers(messageId, now, signature)))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void aTamperedBodyFailsVerification(String name, String body) {
        Secret secret = IDS.newSigningSecret();
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSignature.sign(secret, "msg_1", now, body);

        assertThatThrownBy(() -> new Webhook(secret.reveal()).verify(body + " ", headers("msg_1", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void aTamperedTimestampFailsVerification() {
        Secret secret = IDS.newSigningSecret();
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSignature.sign(secret, "msg_1", now, "{}");

        assertThatThrownBy(() -> new Webhook(secret.reveal()).verify("{}", headers("msg_1", now - 1, signature)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void aTamperedMessageIdFailsVerification() {
        Secret secret = IDS.newSigningSecret();
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSignature.sign(secret, "msg_1", now, "{}");

        assertThatThrownBy(() -> new Webhook(secret.reveal()).verify("{}", headers("msg_2", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void anotherSecretFailsVerification() {
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSignature.sign(IDS.newSigningSecret(), "msg_1", now, "{}");

        assertThatThrownBy(() -> new Webhook(IDS.newSigningSecret().reveal())
                .verify("{}", headers("msg_1", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void matchesTheStandardWebhooksTestVector() {
        // The example of the Standard Webhooks reference libraries' test suites.
        Secret secret = Secret.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        String signature = WebhookSignature.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}");

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aSecretWithoutTheWhsecPrefixIsReadAsRawBase64() throws Exception {
        Secret prefixed = IDS.newSigningSecret();
        String rawBase64 = prefixed.reveal().substring(ConfigIds.SIGNING_SECRET_PREFIX.length());
        long now = Instant.now().getEpochSecond();

        String signature = WebhookSignature.sign(Secret.of(rawBase64), "msg_1", now, "{}");

        assertThat(signature).isEqualTo(WebhookSignature.sign(prefixed, "msg_1", now, "{}"));
        new Webhook(Base64.getDecoder().decode(rawBase64)).verify("{}", headers("msg_1", now, signature));
    }

    @Test
    void theMessageIdIsStableForOneEventAndConfig() {
        String configId = IDS.newConfigId();

        assertThat(WebhookSignature.messageId("evt-1", configId))
                .isEqualTo(WebhookSignature.messageId("evt-1", configId));
    }

    @Test
    void theMessageIdDiffersPerConfigAndPerEvent() {
        String configA = IDS.newConfigId();
        String configB = IDS.newConfigId();

        assertThat(Set.of(
                WebhookSignature.messageId("evt-1", configA),
                WebhookSignature.messageId("evt-1", configB),
                WebhookSignature.messageId("evt-2", configA),
                WebhookSignature.messageId("evt-2", configB))).hasSize(4);
    }

    @Test
    void theMessageIdDoesNotMixUpWhereTheEventIdEndsAndTheConfigIdBegins() {
        assertThat(WebhookSignature.messageId("evt-1", "2abc")).isNotEqualTo(WebhookSignature.messageId("evt-12",
                "abc"));
    }

    @Test
    void theMessageIdIsUrlSafeAndPrefixed() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String messageId = WebhookSignature.messageId("evt-" + i + "/+=?&#\u00e9\uD83D\uDE00", IDS.newConfigId());

            assertThat(messageId).matches("msg_[A-Za-z0-9_-]{27}");
            seen.add(messageId);
        }
        assertThat(seen).hasSize(1_000);
    }

    private static Map<String, List<String>> headers(String messageId, long timestamp, String signature) {
        return Map.of(
                WebhookSignature.ID_HEADER, List.of(messageId),
                WebhookSignature.TIMESTAMP_HEADER, List.of(Long.toString(timestamp)),
                WebhookSignature.SIGNATURE_HEADER, List.of(signature));
    }
}
