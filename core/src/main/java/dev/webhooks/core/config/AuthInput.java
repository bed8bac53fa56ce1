package dev.webhooks.core.config;

import java.util.List;

/**
 * The {@code auth} object of a create or update request, validated but not yet merged with what is stored: its secret
 * is a {@link SecretInput}, because on update a secret left out keeps the stored one.
 */
public record AuthInput(AuthType type, String principal, boolean secretIsEnvVar, SecretInput secret, String endpoint,
        HttpMethod tokenHttpMethod, List<Auth.CustomParameter> customParameters) {

    /**
     * The authentication to store, given what was stored before ({@code null} on create). A secret is kept only while
     * the authentication type stays the same.
     */
    public Auth resolve(Auth stored) {
        Secret previous = stored != null && stored.type() == type ? stored.secret() : null;
        Secret effective = secret.applyTo(previous);
        return switch (type) {
            case NONE -> Auth.NONE;
            case BASIC -> new Auth.Basic(principal, effective, secretIsEnvVar);
            case API_KEY -> new Auth.ApiKey(principal, effective, secretIsEnvVar);
            case OAUTH_CLIENT_CREDENTIALS -> new Auth.OAuthClientCredentials(principal, effective, secretIsEnvVar,
                    endpoint, tokenHttpMethod, customParameters);
        };
    }
}
