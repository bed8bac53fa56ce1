package dev.webhooks.core.config;

/** How the dispatcher authenticates to a webhook endpoint (OpenAPI {@code AuthType}). */
public enum AuthType {
    BASIC("auth.basicAuthConfig.password"),
    OAUTH_CLIENT_CREDENTIALS("auth.oauthConfig.clientSecret"),
    API_KEY("auth.apiKeyConfig.keyValue"),
    NONE(null);

    private final String secretField;

    AuthType(String secretField) {
        this.secretField = secretField;
    }

    /** The request path of this type's secret, or {@code null} for {@link #NONE}. */
    public String secretField() {
        return secretField;
    }
}
