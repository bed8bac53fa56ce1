package dev.webhooks.dispatcher;

import static dev.webhooks.dispatcher.DispatcherFixtures.config;
import static dev.webhooks.testing.SampleEvents.eventBridgeEnvelope;
import static dev.webhooks.dispatcher.DispatcherFixtures.invoke;
import static dev.webhooks.dispatcher.DispatcherFixtures.newId;
import static dev.webhooks.testing.SampleEvents.sample;
import static dev.webhooks.dispatcher.DispatcherFixtures.sqsBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.empty;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.webhooks.core.application.signing.OrganizationSigningKeys;
import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.config.Secret;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.Ed25519Signature;
import dev.webhooks.core.port.SigningKeyRepository;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.testing.AwsEmulatorsResource;
import dev.webhooks.testing.RecordingReceiver;

/**
 * The signatures a receiver gets, end to end: the {@code v1a} entry verifies with the organization's published
 * Ed25519 key, and a config whose signing secret was rotated is signed with both secrets until the grace ends.
 */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class SignatureKeysTest {

    private static final String CUSTOMER_REQUEST = "customer_request_created";
    private static final ConfigIds IDS = new ConfigIds(new SecureRandom());

    @Inject
    WebhookConfigRepository configs;

    @Inject
    OrganizationSigningKeys signingKeys;

    @Inject
    SigningKeyRepository keyRepository;

    private final RecordingReceiver receiver = RecordingReceiver.start();
    private final String org = newId("org");

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private WebhookConfig stored(WebhookConfig config) {
        configs.insert(config);
        return config;
    }

    private static WebhookConfig rotated(WebhookConfig config, Secret previous, Instant previousExpiresAt) {
        return config.toBuilder().previousSigningSecret(previous).previousSecretExpiresAt(previousExpiresAt).build();
    }

    private void deliver() {
        invoke(sqsBatch(List.of(eventBridgeEnvelope(newId("evt"), CUSTOMER_REQUEST,
                sample(CUSTOMER_REQUEST, org))))).body("batchItemFailures", empty());
    }

    private static String[] signatureEntries(RecordingReceiver.Received request) {
        return request.header("webhook-signature").split(" ");
    }

    private static Map<String, List<String>> headers(RecordingReceiver.Received request) {
        return Map.of(
                "webhook-id", List.of(request.header("webhook-id")),
                "webhook-timestamp", List.of(request.header("webhook-timestamp")),
                "webhook-signature", List.of(request.header("webhook-signature")));
    }

    /** The reference verifier's answer for one {@code webhook-signature} entry alone. */
    private static boolean v1Verifies(RecordingReceiver.Received request, String entry, Secret secret) {
        try {
            new Webhook(secret.reveal()).verify(request.body(), Map.of(
                    "webhook-id", List.of(request.header("webhook-id")),
                    "webhook-timestamp", List.of(request.header("webhook-timestamp")),
                    "webhook-signature", List.of(entry)));
            return true;
        } catch (WebhookVerificationException e) {
            return false;
        }
    }

    /** A receiver's check of the {@code v1a} entry, with nothing but the JDK and the public key. */
    private static boolean v1aVerifies(RecordingReceiver.Received request, PublicKey key) throws Exception {
        String entry = Arrays.stream(signatureEntries(request)).filter(e -> e.startsWith("v1a,")).findFirst()
                .orElseThrow(() -> new AssertionError("no v1a entry"));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update((request.header("webhook-id") + "." + request.header("webhook-timestamp") + "."
                + request.body()).getBytes(StandardCharsets.UTF_8));
        return verifier.verify(Base64.getDecoder().decode(entry.substring("v1a,".length())));
    }

    @Test
    void theV1aSignatureVerifiesWithTheOrganizationsPublicKey() throws Exception {
        WebhookConfig config = stored(config(org, CUSTOMER_REQUEST, receiver.url("/hooks"), Auth.NONE, null));

        deliver();

        RecordingReceiver.Received request = receiver.received().get(0);
        String[] entries = signatureEntries(request);
        assertThat(entries).hasSize(2);
        assertThat(entries[0]).startsWith("v1,");
        assertThat(entries[1]).startsWith("v1a,");
        // The key the public-key endpoint publishes: what the repository stored for the organization.
        PublicKey published = keyRepository.findOrCreate(org).getPublic();
        assertThat(signingKeys.publicKeyPem(org)).contains(Ed25519Signature.publicKeyPem(published));
        assertThat(v1aVerifies(request, published)).isTrue();
        // Another organization's key does not verify it.
        assertThat(v1aVerifies(request, keyRepository.findOrCreate(newId("org")).getPublic())).isFalse();
        // The reference verifier skips v1a and accepts the v1 entry.
        assertThatCode(() -> new Webhook(config.signingSecret().reveal()).verify(request.body(), headers(request)))
                .doesNotThrowAnyException();
    }

    @Test
    void duringARotationsGraceEachSecretHasItsOwnV1Entry() throws Exception {
        Secret previous = IDS.newSigningSecret();
        WebhookConfig config = stored(rotated(config(org, CUSTOMER_REQUEST, receiver.url("/hooks"), Auth.NONE, null),
                previous, Instant.now().plus(Duration.ofHours(24))));

        deliver();

        RecordingReceiver.Received request = receiver.received().get(0);
        String[] entries = signatureEntries(request);
        assertThat(entries).hasSize(3);
        assertThat(entries[0]).startsWith("v1,");
        assertThat(entries[1]).startsWith("v1,").isNotEqualTo(entries[0]);
        assertThat(entries[2]).startsWith("v1a,");
        // Each v1 entry on its own verifies with its own secret and not with the other.
        assertThat(v1Verifies(request, entries[0], config.signingSecret())).isTrue();
        assertThat(v1Verifies(request, entries[0], previous)).isFalse();
        assertThat(v1Verifies(request, entries[1], previous)).isTrue();
        assertThat(v1Verifies(request, entries[1], config.signingSecret())).isFalse();
        // The whole header: receivers on the old secret and receivers already on the new one both accept it.
        for (Secret secret : List.of(config.signingSecret(), previous)) {
            assertThatCode(() -> new Webhook(secret.reveal()).verify(request.body(), headers(request)))
                    .doesNotThrowAnyException();
        }
        assertThat(v1aVerifies(request, keyRepository.findOrCreate(org).getPublic())).isTrue();
    }

    @Test
    void afterTheGraceOnlyTheCurrentSecretSigns() throws Exception {
        Secret previous = IDS.newSigningSecret();
        WebhookConfig config = stored(rotated(config(org, CUSTOMER_REQUEST, receiver.url("/hooks"), Auth.NONE, null),
                previous, Instant.now().minus(Duration.ofSeconds(1))));

        deliver();

        RecordingReceiver.Received request = receiver.received().get(0);
        String[] entries = signatureEntries(request);
        assertThat(entries).hasSize(2);
        assertThat(entries[0]).startsWith("v1,");
        assertThat(entries[1]).startsWith("v1a,");
        assertThatCode(() -> new Webhook(config.signingSecret().reveal()).verify(request.body(), headers(request)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> new Webhook(previous.reveal()).verify(request.body(), headers(request)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThat(v1aVerifies(request, keyRepository.findOrCreate(org).getPublic())).isTrue();
    }
}
