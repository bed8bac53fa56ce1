package dev.webhooks.core.adapter.crypto;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;

import dev.webhooks.core.adapter.InitPhase;
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

    /**
     * With {@code provider=kms}, builds the KMS client in Lambda's init phase where init is ahead of the requests
     * ({@link InitPhase}); the client is otherwise built on the first secret's encryption or decryption. Nothing is
     * sent (a call would cost a KMS request per instance). Without KMS, no KMS client is built at all.
     */
    static void buildTheClientInTheInitPhase(@Observes StartupEvent startup, EncryptionSettings settings,
            Instance<KmsClient> kms) {
        if (settings.provider() == EncryptionSettings.Provider.kms && InitPhase.isAheadOfRequests()) {
            kms.get().serviceClientConfiguration();
        }
    }
}
