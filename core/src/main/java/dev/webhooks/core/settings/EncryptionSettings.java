package dev.webhooks.core.settings;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How secrets are encrypted at rest. */
@ConfigMapping(prefix = "webhooks.encryption")
public interface EncryptionSettings {

    /** Which cipher: {@code aes} with a configured key (local runs, tests), or {@code kms} (deployed). */
    @WithDefault("aes")
    Provider provider();

    /** Base64 of a 256-bit AES key, for the {@code aes} provider. Local runs and tests set a throw-away key. */
    Optional<String> key();

    /** The KMS key (id or ARN) for the {@code kms} provider; the SAM template passes the stack's key. */
    Optional<String> kmsKeyId();

    /** The ciphers this service offers. */
    enum Provider {
        aes, kms
    }
}
