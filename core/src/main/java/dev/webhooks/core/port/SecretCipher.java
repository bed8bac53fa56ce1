package dev.webhooks.core.port;

/**
 * Encrypts secrets before they are stored. The {@code context} (organization, config and field) is bound to the
 * ciphertext as additional authenticated data, so a ciphertext copied into another record or field does not decrypt.
 */
public interface SecretCipher {

    String encrypt(String plaintext, String context);

    /** @throws IllegalStateException when the ciphertext was altered or belongs to another context */
    String decrypt(String ciphertext, String context);
}
