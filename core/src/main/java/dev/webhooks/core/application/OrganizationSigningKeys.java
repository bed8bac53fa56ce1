package dev.webhooks.core.application;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.webhooks.core.delivery.Ed25519Signature;
import dev.webhooks.core.port.SigningKeyRepository;

/**
 * The organizations' Ed25519 key pairs, cached for as long as the function stays warm: a key never changes once made,
 * so only an organization's first delivery (or public-key request) in an instance reads DynamoDB. The cache keeps the
 * {@value #CAPACITY} most recently used organizations.
 */
@ApplicationScoped
public class OrganizationSigningKeys {

    static final int CAPACITY = 1000;

    private final SigningKeyRepository repository;
    private final Map<String, KeyPair> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, KeyPair> eldest) {
            return size() > CAPACITY;
        }
    };

    public OrganizationSigningKeys(SigningKeyRepository repository) {
        this.repository = repository;
    }

    /** The key that signs the organization's deliveries; made on first use. */
    public PrivateKey privateKey(String organizationId) {
        return keyPair(organizationId).getPrivate();
    }

    /** The key receivers verify the organization's {@code v1a} signatures with; made on first use. */
    public PublicKey publicKey(String organizationId) {
        return keyPair(organizationId).getPublic();
    }

    /** {@link #publicKey} as PEM, the way it is published. */
    public String publicKeyPem(String organizationId) {
        return Ed25519Signature.publicKeyPem(publicKey(organizationId));
    }

    private KeyPair keyPair(String organizationId) {
        synchronized (cache) {
            KeyPair cached = cache.get(organizationId);
            if (cached != null) {
                return cached;
            }
        }
        // Outside the lock: one organization's DynamoDB round trip does not hold up the others. Two threads that miss
        // together both ask the repository, which hands both the same stored pair.
        KeyPair pair = repository.findOrCreate(organizationId);
        synchronized (cache) {
            cache.putIfAbsent(organizationId, pair);
            return cache.get(organizationId);
        }
    }
}
