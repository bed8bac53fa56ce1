package dev.webhooks.core.config;

import java.util.List;
import java.util.Objects;

/**
 * A config's endpoint authentication. Each variant holds its own secret, which may be {@code null} after a client
 * cleared it; such a config is {@link ConfigStatus#INCOMPLETE} and the dispatcher refuses to send without it.
 *
 * <p>The {@code *IsEnvVar} flags are epilot's references to secrets kept in its platform's environment store; they are
 * stored and returned for compatibility and have no effect here (README, "Compatibility").
 */
public sealed interface Auth {

    AuthType type();

    /** Whether every secret this kind of authentication needs is present. */
    boolean complete();

    /** This authentication with its secrets replaced by what an update asked for. */
    Auth withSecret(SecretInput input);

    /** The secret this authentication holds, or {@code null}. */
    Secret secret();

    None NONE = new None();

    record None() implements Auth {
        @Override
        public AuthType type() {
            return AuthType.NONE;
        }

        @Override
        public boolean complete() {
            return true;
        }

        @Override
        public Auth withSecret(SecretInput input) {
            return this;
        }

        @Override
        public Secret secret() {
            return null;
        }
    }

    record Basic(String username, Secret password, boolean passwordIsEnvVar) implements Auth {
        public Basic {
            Objects.requireNonNull(username);
        }

        @Override
        public AuthType type() {
            return AuthType.BASIC;
        }

        @Override
        public boolean complete() {
            return password != null;
        }

        @Override
        public Auth withSecret(SecretInput input) {
            return new Basic(username, input.applyTo(password), passwordIsEnvVar);
        }

        @Override
        public Secret secret() {
            return password;
        }
    }

    record ApiKey(String keyName, Secret keyValue, boolean keyValueIsEnvVar) implements Auth {
        public ApiKey {
            Objects.requireNonNull(keyName);
        }

        @Override
        public AuthType type() {
            return AuthType.API_KEY;
        }

        @Override
        public boolean complete() {
            return keyValue != null;
        }

        @Override
        public Auth withSecret(SecretInput input) {
            return new ApiKey(keyName, input.applyTo(keyValue), keyValueIsEnvVar);
        }

        @Override
        public Secret secret() {
            return keyValue;
        }
    }

    record OAuthClientCredentials(String clientId, Secret clientSecret, boolean clientSecretIsEnvVar, String endpoint,
            HttpMethod httpMethod, List<CustomParameter> customParameters) implements Auth {
        public OAuthClientCredentials {
            Objects.requireNonNull(clientId);
            Objects.requireNonNull(endpoint);
            Objects.requireNonNull(httpMethod);
            customParameters = List.copyOf(customParameters);
        }

        @Override
        public AuthType type() {
            return AuthType.OAUTH_CLIENT_CREDENTIALS;
        }

        @Override
        public boolean complete() {
            return clientSecret != null;
        }

        @Override
        public Auth withSecret(SecretInput input) {
            return new OAuthClientCredentials(clientId, input.applyTo(clientSecret), clientSecretIsEnvVar, endpoint,
                    httpMethod, customParameters);
        }

        @Override
        public Secret secret() {
            return clientSecret;
        }
    }

    /** An extra key/value the token request carries in its body, query string or headers. */
    record CustomParameter(Location type, String key, String value) {
        public enum Location {
            BODY, QUERY, HEADER
        }
    }
}
