package dev.webhooks.core.fakes;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.webhooks.core.delivery.Ed25519Signature;
import dev.webhooks.core.port.SigningKeyRepository;

/** Ed25519 key pairs in memory, one per organization, made on first use. */
public final class InMemorySigningKeys implements SigningKeyRepository {

    private final Map<String, KeyPair> keys = new HashMap<>();

    @Override
    public synchronized KeyPair findOrCreate(String organizationId) {
        return keys.computeIfAbsent(organizationId, ignored -> Ed25519Signature.newKeyPair());
    }

    @Override
    public synchronized Optional<PublicKey> findPublicKey(String organizationId) {
        return Optional.ofNullable(keys.get(organizationId)).map(KeyPair::getPublic);
    }
}
