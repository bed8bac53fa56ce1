package dev.webhooks.local.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.config.Secret;
import dev.webhooks.core.delivery.WebhookSignature;
import dev.webhooks.local.soak.ChaosReceiver.Answer;
import dev.webhooks.local.soak.ChaosReceiver.Received;

/** The soak's check of what each destination got: its own signature and credentials, nobody else's secrets. */
class DestinationsTest {

    private static final Instant NOW = Instant.now();
    private static final String BODY = "{\"event\":1}";

    private final ConfigIds ids = new ConfigIds(new SecureRandom());
    private final Secret aliceSigning = ids.newSigningSecret();
    private final Secret bobSigning = ids.newSigningSecret();
    private final Destinations destinations = new Destinations();

    DestinationsTest() {
        destinations.add(new Destinations.Webhook("/hooks/alice", aliceSigning.reveal(), "x-api-key", "alice-key",
                Set.of("alice-key")));
        destinations.add(new Destinations.Webhook("/hooks/bob", bobSigning.reveal(), "authorization",
                "Bearer bob-token", Set.of()));
        destinations.issue("/oauth/token/1", "bob-client-secret", "bob-token");
    }

    @Test
    void aDeliverySignedWithItsConfigsSecretAndCarryingItsCredentialsPasses() {
        Received delivery = delivery("/hooks/alice", aliceSigning, NOW, Map.of("x-api-key", "alice-key"));

        assertThat(destinations.problem(delivery)).isEmpty();
        assertThat(foreign(delivery)).isEmpty();
    }

    @Test
    void aDeliverySignedWithAnotherConfigsSecretOrTooLongAgoIsNotAuthentic() {
        assertThat(destinations.problem(delivery("/hooks/alice", bobSigning, NOW, Map.of("x-api-key", "alice-key"))))
                .hasValueSatisfying(problem -> assertThat(problem).contains("signature"));
        Received stale = delivery("/hooks/alice", aliceSigning, NOW.minus(Duration.ofMinutes(6)),
                Map.of("x-api-key", "alice-key"));
        assertThat(destinations.problem(stale)).isPresent();
    }

    @Test
    void aDeliveryWithoutItsConfigsCredentialsIsNotAuthentic() {
        assertThat(destinations.problem(delivery("/hooks/alice", aliceSigning, NOW, Map.of("x-api-key", "other"))))
                .hasValueSatisfying(problem -> assertThat(problem).contains("x-api-key"));
        assertThat(destinations.problem(delivery("/hooks/bob", bobSigning, NOW, Map.of())))
                .hasValueSatisfying(problem -> assertThat(problem).contains("authorization"));
        assertThat(destinations.problem(delivery("/hooks/carol", aliceSigning, NOW, Map.of()))).isPresent();
    }

    @Test
    void anotherDestinationsSecretOrAnySigningSecretIsForeignWhereverItTravels() {
        Received aliceWithBobsToken = delivery("/hooks/alice", aliceSigning, NOW,
                Map.of("x-api-key", "alice-key", "authorization", "Bearer bob-token"));
        assertThat(foreign(aliceWithBobsToken)).containsExactly("a token issued by /oauth/token/1");

        Received bobWithAlicesKeyInTheBody = new Received(NOW, "POST", "/hooks/bob", Map.of(), "{\"k\":\"alice-key\"}",
                Answer.ok());
        assertThat(foreign(bobWithAlicesKeyInTheBody))
                .containsExactly("a credential of /hooks/alice");

        String signingKey = aliceSigning.reveal().substring(ConfigIds.SIGNING_SECRET_PREFIX.length());
        Received leakedKey = new Received(NOW, "POST", "/hooks/alice?k=" + signingKey, Map.of(), "", Answer.ok());
        assertThat(foreign(leakedKey)).containsExactly("the signing key of /hooks/alice");
    }

    @Test
    void theTokenEndpointIssuesTokensOnlyForTheClientSecretsItWasGiven() {
        Received own = new Received(NOW, "POST", "/oauth/token/1", Map.of(),
                "grant_type=client_credentials&client_id=soak&client_secret=bob-client-secret", Answer.ok());
        assertThat(destinations.tokenFor(own)).hasValue("bob-token");
        assertThat(foreign(own)).isEmpty();

        Received elsewhere = new Received(NOW, "POST", "/oauth/token/2", Map.of(), own.body(), Answer.ok());
        assertThat(destinations.tokenFor(elsewhere)).isEmpty();
        assertThat(destinations.tokenFor(new Received(NOW, "GET", "/oauth/token/1", Map.of(), "", Answer.ok())))
                .as("no client secret at all").isEmpty();
        assertThat(foreign(elsewhere)).containsExactly("a client secret of /oauth/token/1");
    }

    private List<String> foreign(Received request) {
        return destinations.foreignSecrets(request, destinations.secretsByOwner());
    }

    private static Received delivery(String path, Secret signing, Instant signedAt, Map<String, String> auth) {
        String id = "msg_test";
        Map<String, String> headers = new TreeMap<>(auth);
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(signedAt.getEpochSecond()));
        headers.put("webhook-signature", WebhookSignature.sign(signing, id, signedAt.getEpochSecond(), BODY));
        return new Received(signedAt, "POST", path, headers, BODY, Answer.ok());
    }
}
