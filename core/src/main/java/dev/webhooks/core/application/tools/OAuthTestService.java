package dev.webhooks.core.application.tools;

import jakarta.enterprise.context.ApplicationScoped;

import dev.webhooks.core.application.configs.WebhookConfigService;
import dev.webhooks.core.application.dispatch.OAuthTokens;
import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.error.ValidationException;

/**
 * The contract's {@code testOAuth}: one real client-credentials exchange with a saved config's token endpoint, without
 * the cache and without calling the webhook. The token itself never leaves this class.
 */
@ApplicationScoped
public class OAuthTestService {

    static final String SUCCESS_MESSAGE = "OAuth token exchange successful";

    private final WebhookConfigService configs;
    private final OAuthTokens tokens;

    public OAuthTestService(WebhookConfigService configs, OAuthTokens tokens) {
        this.configs = configs;
        this.tokens = tokens;
    }

    /**
     * A failing token endpoint (an HTTP error, no token in the answer, unreachable, a refused address) is an answer
     * with {@code success: false} and the reason, not an exception: the test ran, and that is its result.
     *
     * @throws dev.webhooks.core.error.NotFoundException when the organization has no such config
     * @throws ValidationException when the config does not use OAuth client credentials or has no client secret
     */
    public OAuthTestResult test(String organizationId, String configId) {
        WebhookConfig config = configs.get(organizationId, configId);
        if (!(config.auth() instanceof Auth.OAuthClientCredentials oauth)) {
            throw new ValidationException("auth.authType", "is " + config.auth().type().name()
                    + ": only OAUTH_CLIENT_CREDENTIALS configs have a token exchange to test");
        }
        if (oauth.clientSecret() == null) {
            throw new ValidationException("auth.oauthConfig.clientSecret",
                    "is not set: update the config with a client secret before testing it");
        }
        try {
            OAuthTokens.TokenResponse token = tokens.exchangeOnce(oauth);
            return new OAuthTestResult(true, token.expiresIn().toSeconds(), token.tokenType(), SUCCESS_MESSAGE);
        } catch (OAuthTokens.TokenExchangeException e) {
            return new OAuthTestResult(false, null, null, e.getMessage());
        }
    }

    /**
     * @param expiresInSeconds the token's lifetime as this service uses it: the endpoint's {@code expires_in}, capped
     *        at 24 hours, 5 minutes when it named none; {@code null} when the exchange failed
     * @param tokenType the endpoint's {@code token_type} ({@code Bearer} when it named none)
     */
    public record OAuthTestResult(boolean success, Long expiresInSeconds, String tokenType, String message) {
    }
}
