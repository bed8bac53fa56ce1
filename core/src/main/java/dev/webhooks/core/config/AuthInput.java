package dev.webhooks.core.config;

import java.util.List;
import java.util.Objects;

import dev.webhooks.core.error.ValidationException;

/**
 * The {@code auth} object of a create or update request, validated but not yet merged with what is stored: its secret
 * is a {@link SecretInput}, because on update a secret left out keeps the stored one.
 */
public record AuthInput(AuthType type, String principal, boolean secretIsEnvVar, SecretInput secret, String endpoint,
        HttpMethod tokenHttpMethod, List<Auth.CustomParameter> customParameters) {

    /**
     * Refuses an update that would keep a stored secret (left out of the request) while changing where it is sent: the
     * origin of the webhook {@code url} for a password or an API key, the header an API key is sent in, the token
     * endpoint for a client secret. A stored secret goes only to the destination it was given for; to move it, the
     * client sends it again.
     *
     * @param stored the stored authentication; {@code storedUrl} and {@code url} the webhook url before and after
     * @throws ValidationException naming the secret's field
     */
    public void requireSecretForNewDestination(Auth stored, String storedUrl, String url) {
        if (!(secret instanceof SecretInput.Keep) || stored == null || stored.type() != type
                || stored.secret() == null) {
            return;
        }
        String changed = null;
        if (stored instanceof Auth.OAuthClientCredentials oauth) {
            // The client secret goes to the token endpoint, never to the webhook url.
            changed = Objects.equals(oauth.endpoint(), endpoint) ? null : "oauthConfig.endpoint";
        } else if (!Origins.of(storedUrl).equals(Origins.of(url))) {
            changed = "the url's scheme, host or port";
        } else if (stored instanceof Auth.ApiKey apiKey && !apiKey.keyName().equalsIgnoreCase(principal)) {
            changed = "apiKeyConfig.keyName";
        }
        if (changed != null) {
            throw new ValidationException(type.secretField(), "must be sent again because the update changes "
                    + changed + ": a stored secret is never sent to a destination other than the one it was given for");
        }
    }

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
