package dev.webhooks.core.adapter.crypto;

import java.util.Base64;
import java.util.Map;

import dev.webhooks.core.port.SecretCipher;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Secrets encrypted by AWS KMS with the stack's key. The context (organization, config, field) is the KMS encryption
 * context, so a ciphertext decrypts only for the record and field it was made for, and CloudTrail names them. The
 * stored form is {@code kms1:} + base64 of the ciphertext blob. Secrets are at most a few KiB, below KMS's 4 KiB
 * plaintext limit for direct encryption.
 */
public class KmsSecretCipher implements SecretCipher {

    private static final String FORMAT = "kms1:";
    private static final String CONTEXT_KEY = "webhooks:context";

    private final KmsClient kms;
    private final String keyId;

    public KmsSecretCipher(KmsClient kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
    }

    @Override
    public String encrypt(String plaintext, String context) {
        byte[] blob = kms.encrypt(encrypt -> encrypt.keyId(keyId)
                .plaintext(SdkBytes.fromUtf8String(plaintext))
                .encryptionContext(Map.of(CONTEXT_KEY, context))).ciphertextBlob().asByteArray();
        return FORMAT + Base64.getEncoder().encodeToString(blob);
    }

    @Override
    public String decrypt(String ciphertext, String context) {
        if (!ciphertext.startsWith(FORMAT)) {
            throw new IllegalStateException("Not a KMS-encrypted secret (was it stored with another provider?)");
        }
        try {
            return kms.decrypt(decrypt -> decrypt.keyId(keyId)
                    .ciphertextBlob(SdkBytes.fromByteArray(Base64.getDecoder().decode(ciphertext.substring(
                            FORMAT.length()))))
                    .encryptionContext(Map.of(CONTEXT_KEY, context))).plaintext().asUtf8String();
        } catch (KmsException | IllegalArgumentException e) {
            throw new IllegalStateException("Secret does not decrypt: altered, or encrypted for another record", e);
        }
    }
}
