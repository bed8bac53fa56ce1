package dev.webhooks.core.port;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Optional;

/**
 * Each organization's Ed25519 signing key pair. The private half is stored encrypted and leaves this port only to sign;
 * no API returns it and nothing logs it.
 */
public interface SigningKeyRepository {

    /**
     * The organization's key pair, made and stored on first use. Concurrent first uses (two functions, two threads)
     * agree: exactly one pair is stored and every caller gets that one.
     */
    KeyPair findOrCreate(String organizationId);

    /**
     * The organization's public key, if it has a key pair: read without the private half, so nothing is decrypted, and
     * never made here. What an unauthenticated caller may reach.
     */
    Optional<PublicKey> findPublicKey(String organizationId);
}
