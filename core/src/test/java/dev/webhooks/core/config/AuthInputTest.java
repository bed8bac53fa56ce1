package dev.webhooks.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** How the auth of a request merges with what was stored: a secret survives only while the auth type stays. */
class AuthInputTest {

    private static final Secret STORED_PASSWORD = Secret.of("stored-password");
    private static final Auth.Basic STORED_BASIC = new Auth.Basic("epilot", STORED_PASSWORD, false);
    private static final List<Auth.CustomParameter> PARAMETERS =
            List.of(new Auth.CustomParameter(Auth.CustomParameter.Location.QUERY, "tenant", "739224"));

    @Test
    void onCreateASetSecretIsUsed() {
        Auth auth = basic("epilot", SecretInput.set("new-password")).resolve(null);

        assertThat(auth).isEqualTo(new Auth.Basic("epilot", Secret.of("new-password"), false));
        assertThat(auth.complete()).isTrue();
    }

    @Test
    void onCreateAKeptSecretLeavesTheAuthIncomplete() {
        Auth auth = basic("epilot", SecretInput.KEEP).resolve(null);

        assertThat(auth.secret()).isNull();
        assertThat(auth.complete()).isFalse();
    }

    @Test
    void theSameTypeKeepsTheStoredSecretWhenTheRequestLeavesItOut() {
        Auth auth = basic("renamed-user", SecretInput.KEEP).resolve(STORED_BASIC);

        assertThat(auth).isEqualTo(new Auth.Basic("renamed-user", STORED_PASSWORD, false));
    }

    @Test
    void theSameTypeClearsTheStoredSecretOnNull() {
        Auth auth = basic("epilot", SecretInput.CLEAR).resolve(STORED_BASIC);

        assertThat(auth.secret()).isNull();
        assertThat(auth.complete()).isFalse();
    }

    @Test
    void theSameTypeReplacesTheStoredSecretWithANewOne() {
        Auth auth = basic("epilot", SecretInput.set("rotated")).resolve(STORED_BASIC);

        assertThat(auth.secret()).isEqualTo(Secret.of("rotated"));
    }

    @Test
    void anotherTypeNeverInheritsTheStoredSecret() {
        AuthInput apiKey = new AuthInput(AuthType.API_KEY, "X-Api-Key", false, SecretInput.KEEP, null, null,
                List.of());

        Auth auth = apiKey.resolve(STORED_BASIC);

        assertThat(auth).isEqualTo(new Auth.ApiKey("X-Api-Key", null, false));
        assertThat(auth.complete()).isFalse();
    }

    @Test
    void oauthKeepsItsClientSecretAndTakesEverythingElseFromTheRequest() {
        Auth.OAuthClientCredentials stored = new Auth.OAuthClientCredentials("old-client", Secret.of("cs"), false,
                "https://old.example.com/token", HttpMethod.GET, List.of());
        AuthInput input = new AuthInput(AuthType.OAUTH_CLIENT_CREDENTIALS, "new-client", true, SecretInput.KEEP,
                "https://login.example.com/token", HttpMethod.POST, PARAMETERS);

        Auth auth = input.resolve(stored);

        assertThat(auth).isEqualTo(new Auth.OAuthClientCredentials("new-client", Secret.of("cs"), true,
                "https://login.example.com/token", HttpMethod.POST, PARAMETERS));
    }

    @Test
    void switchingToNoneDropsEverySecret() {
        AuthInput none = new AuthInput(AuthType.NONE, null, false, SecretInput.KEEP, null, null, List.of());

        assertThat(none.resolve(STORED_BASIC)).isEqualTo(Auth.NONE);
        assertThat(none.resolve(STORED_BASIC).secret()).isNull();
        assertThat(none.resolve(STORED_BASIC).complete()).isTrue();
    }

    @Test
    void switchingFromNoneToBasicNeedsANewSecret() {
        assertThat(basic("epilot", SecretInput.KEEP).resolve(Auth.NONE).complete()).isFalse();
        assertThat(basic("epilot", SecretInput.set("pw")).resolve(Auth.NONE).complete()).isTrue();
    }

    @Test
    void anIncompleteConfigIsReportedAndNotDeliverable() {
        WebhookConfig config = WebhookConfigDocumentTest.config(basic("epilot", SecretInput.CLEAR)
                .resolve(STORED_BASIC), true);

        assertThat(config.status()).isEqualTo(ConfigStatus.INCOMPLETE);
        assertThat(config.deliverable()).isFalse();
    }

    private static AuthInput basic(String username, SecretInput secret) {
        return new AuthInput(AuthType.BASIC, username, false, secret, null, null, List.of());
    }
}
