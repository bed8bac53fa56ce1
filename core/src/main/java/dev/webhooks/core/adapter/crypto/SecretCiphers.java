package dev.webhooks.core.adapter.crypto;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.webhooks.core.port.SecretCipher;
import dev.webhooks.core.settings.EncryptionSettings;
import software.amazon.awssdk.services.kms.KmsClient;

/** Chooses the cipher by {@code webhooks.encryption.provider}: KMS when deployed, a configured AES key locally. */
public class SecretCiphers {

    @Produces
    @Singleton
    SecretCipher secretCipher(EncryptionSettings settings, Instance<KmsClient> kms) {
        if (settings.provider() == EncryptionSettings.Provider.kms) {
            String keyId = settings.kmsKeyId().orElseThrow(() -> new IllegalStateException(
                    "webhooks.encryption.kms-key-id (env WEBHOOKS_ENCRYPTION_KMS_KEY_ID) is required with provider kms"));
            return new KmsSecretCipher(kms.get(), keyId);
        }
        return new AesGcmSecretCipher(settings);
    }
}
