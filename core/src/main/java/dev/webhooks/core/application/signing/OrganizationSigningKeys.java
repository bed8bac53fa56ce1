package dev.webhooks.core.application.signing;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;

import dev.webhooks.core.application.cache.Caches;
import dev.webhooks.core.delivery.Ed25519Signature;
import dev.webhooks.core.port.SigningKeyRepository;

/**
 * The organizations' Ed25519 key pairs, cached for as long as the function stays warm: a key never changes once made,
 * so only an organization's first delivery in an instance reads DynamoDB. A pair is made at the organization's first
 * config or first signed delivery, never by the public-key endpoint. The cache keeps the
 * {@value #CAPACITY} most recently used organizations; concurrent first uses of one organization share one read.
 */
@ApplicationScoped
public class OrganizationSigningKeys {

    static final int CAPACITY = 1000;
    static final int PUBLIC_CAPACITY = 10_000;

    private final SigningKeyRepository repository;
    private final Cache<String, Keys> cache = Caches.bounded(CAPACITY, Clock.systemUTC()).build();
    /** Public keys alone: serving one never touches a private key. */
    private final Cache<String, PublicKey> publicKeys = Caches.bounded(PUBLIC_CAPACITY, Clock.systemUTC()).build();

    public OrganizationSigningKeys(SigningKeyRepository repository) {
        this.repository = repository;
    }

    /** The key that signs the organization's deliveries; made on first use. */
    public PrivateKey privateKey(String organizationId) {
        return keys(organizationId).pair().getPrivate();
    }

    /** The signer of the organization's deliveries (its private key, prepared once); made on first use. */
    public Ed25519Signature.Signer signer(String organizationId) {
        return keys(organizationId).signer();
    }

    /** Makes the organization's key pair if it has none yet: at its first config, so its public key can be served. */
    public void ensure(String organizationId) {
        // Most configs are not an organization's first: a public-key read answers that without decrypting anything.
        if (publicKeyPem(organizationId).isEmpty()) {
            keys(organizationId);
        }
    }

    /**
     * The key receivers verify the organization's {@code v1a} signatures with, as PEM; empty for an organization that
     * has no key (no config and no delivery yet). Never makes a key, and never reads or decrypts a private one: this is
     * what anyone may ask for without a token. Public keys are cached apart from the pairs; an absent one is not.
     */
    public Optional<String> publicKeyPem(String organizationId) {
        PublicKey known = publicKeys.getIfPresent(organizationId);
        if (known == null) {
            Keys pair = cache.getIfPresent(organizationId);
            known = pair != null ? pair.pair().getPublic() : repository.findPublicKey(organizationId).orElse(null);
            if (known == null) {
                return Optional.empty();
            }
            publicKeys.put(organizationId, known);
        }
        return Optional.of(Ed25519Signature.publicKeyPem(known));
    }

    private Keys keys(String organizationId) {
        return cache.get(organizationId, id -> {
            KeyPair pair = repository.findOrCreate(id);
            return new Keys(pair, Ed25519Signature.signer(pair.getPrivate()));
        });
    }

    private record Keys(KeyPair pair, Ed25519Signature.Signer signer) {
    }
}
