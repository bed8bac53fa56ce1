package dev.webhooks.core.application.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.webhooks.core.delivery.Ed25519Signature;
import dev.webhooks.core.fakes.InMemorySigningKeys;
import dev.webhooks.core.port.SigningKeyRepository;

/** Serving a public key only reads: it never makes a key pair, and never reads (or decrypts) a private key. */
class OrganizationSigningKeysTest {

    /** Counts what each call costs: pairs read or made (a private key decrypted or encrypted), public keys read. */
    private static final class CountingKeys implements SigningKeyRepository {
        final InMemorySigningKeys stored = new InMemorySigningKeys();
        final AtomicInteger pairReads = new AtomicInteger();
        final AtomicInteger publicReads = new AtomicInteger();

        @Override
        public KeyPair findOrCreate(String organizationId) {
            pairReads.incrementAndGet();
            return stored.findOrCreate(organizationId);
        }

        @Override
        public Optional<PublicKey> findPublicKey(String organizationId) {
            publicReads.incrementAndGet();
            return stored.findPublicKey(organizationId);
        }
    }

    private final CountingKeys repository = new CountingKeys();
    private final OrganizationSigningKeys keys = new OrganizationSigningKeys(repository);

    @Test
    void anOrganizationWithoutAKeyHasNoPublicKeyAndGetsNone() {
        assertThat(keys.publicKeyPem("org-unknown")).isEmpty();
        assertThat(keys.publicKeyPem("org-unknown")).isEmpty();

        assertThat(repository.pairReads).hasValue(0);
        assertThat(repository.stored.findPublicKey("org-unknown")).isEmpty();
    }

    @Test
    void aKnownPublicKeyIsServedWithoutTheKeyPairAndThenFromTheCache() {
        KeyPair pair = repository.stored.findOrCreate("org-1");

        assertThat(keys.publicKeyPem("org-1")).contains(Ed25519Signature.publicKeyPem(pair.getPublic()));
        assertThat(keys.publicKeyPem("org-1")).contains(Ed25519Signature.publicKeyPem(pair.getPublic()));

        assertThat(repository.pairReads).as("no private key read").hasValue(0);
        assertThat(repository.publicReads).as("read once, then cached").hasValue(1);
    }

    @Test
    void ensuringMakesTheKeyThatIsThenServed() {
        keys.ensure("org-2");

        assertThat(keys.publicKeyPem("org-2")).isPresent();
        assertThat(repository.stored.findPublicKey("org-2")).isPresent();
    }
}
