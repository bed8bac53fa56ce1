package dev.webhooks.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A secret never shows its value by accident: not in its own string form, nor in that of what holds it. */
class SecretTest {

    @Test
    void toStringHidesTheValue() {
        Secret secret = Secret.of("s3cret-pass");

        assertThat(secret.toString()).doesNotContain("s3cret-pass").isEqualTo("Secret[***]");
        assertThat(secret.reveal()).isEqualTo("s3cret-pass");
    }

    @Test
    void recordsThatHoldASecretHideItToo() {
        List<Object> holders = List.of(
                new Auth.Basic("epilot", Secret.of("s3cret-pass"), false),
                new Auth.ApiKey("X-Api-Key", Secret.of("s3cret-pass"), false),
                new Auth.OAuthClientCredentials("client", Secret.of("s3cret-pass"), false,
                        "https://login.example.com/token", HttpMethod.POST, List.of()),
                SecretInput.set("s3cret-pass"),
                new CreatedConfig(WebhookConfigDocumentTest.config(Auth.NONE, true), Secret.of("s3cret-pass")));

        assertThat(holders).allSatisfy(holder -> assertThat(holder.toString()).doesNotContain("s3cret-pass"));
    }

    @Test
    void equalityFollowsTheValue() {
        assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).hasSameHashCodeAs(Secret.of("a"));
        assertThat(Secret.of("a")).isNotEqualTo(Secret.of("b"));
    }

    @Test
    void secretInputAppliesKeepClearAndSet() {
        Secret stored = Secret.of("stored");

        assertThat(SecretInput.KEEP.applyTo(stored)).isSameAs(stored);
        assertThat(SecretInput.KEEP.applyTo(null)).isNull();
        assertThat(SecretInput.CLEAR.applyTo(stored)).isNull();
        assertThat(SecretInput.set("new").applyTo(stored)).isEqualTo(Secret.of("new"));
    }
}
