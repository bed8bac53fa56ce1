package dev.webhooks.api.security;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How callers are authenticated. */
@ConfigMapping(prefix = "webhooks.auth")
public interface AuthSettings {

    /**
     * Claims that may carry the organization id, tried in order: epilot API tokens carry {@code org_id}, epilot's
     * Cognito ID tokens {@code custom:ivy_org_id}.
     */
    @WithDefault("org_id,custom:ivy_org_id")
    List<String> organizationClaims();

    /** Verification of bearer tokens by the function itself, where no API Gateway authorizer has done it. */
    Jwt jwt();

    interface Jwt {
        /**
         * PEM (or bare base64 DER) of the RSA or EC public key that signs tokens. Unset when deployed: API Gateway's
         * JWT authorizer verifies tokens there, and a request without verified claims is refused.
         */
        Optional<String> publicKey();

        /** Required {@code iss} claim, when set. */
        Optional<String> issuer();

        /** Required {@code aud} claim, when set. */
        Optional<String> audience();
    }
}
