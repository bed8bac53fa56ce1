package dev.webhooks.core.application.signing;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;

import dev.webhooks.core.application.cache.Caches;
import dev.webhooks.core.delivery.Ed25519Signature;
import dev.webhooks.core.port.SigningKeyRepository;

/**
 * The organizations' Ed25519 key pairs, cached for as long as the function stays warm: a key never changes once made,
 * so only an organization's first delivery (or public-key request) in an instance reads DynamoDB. The cache keeps the
 * {@value #CAPACITY} most recently used organizations; concurrent first uses of one organization share one read.
 */
@ApplicationScoped
public class OrganizationSigningKeys {

    static final int CAPACITY = 1000;

    private final SigningKeyRepository repository;
    private final Cache<String, Keys> cache = Caches.bounded(CAPACITY, Clock.systemUTC()).build();

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

    /** The key receivers verify the organization's {@code v1a} signatures with; made on first use. */
    public PublicKey publicKey(String organizationId) {
        return keys(organizationId).pair().getPublic();
    }

    /** {@link #publicKey} as PEM, the way it is published. */
    public String publicKeyPem(String organizationId) {
        return Ed25519Signature.publicKeyPem(publicKey(organizationId));
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
