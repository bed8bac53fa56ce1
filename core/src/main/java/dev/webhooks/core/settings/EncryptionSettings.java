package dev.webhooks.core.settings;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** How secrets are encrypted at rest. */
@ConfigMapping(prefix = "webhooks.encryption")
public interface EncryptionSettings {

    /**
     * Base64 of a 256-bit AES key for the configured-key cipher. Required unless another cipher is selected; local runs
     * and tests set a throw-away key.
     */
    Optional<String> key();
}
