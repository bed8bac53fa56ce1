package dev.webhooks.api.keys;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the public-key endpoint says about the signing keys. */
@ConfigMapping(prefix = "webhooks.signing")
public interface SigningSettings {

    /** The {@code issuer} of {@code PublicKeyResponse}: who signs the deliveries (epilot answers "epilot"). */
    @WithDefault("webhooks")
    String issuer();
}
