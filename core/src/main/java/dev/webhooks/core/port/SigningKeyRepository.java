package dev.webhooks.core.port;

import java.security.KeyPair;

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
}
