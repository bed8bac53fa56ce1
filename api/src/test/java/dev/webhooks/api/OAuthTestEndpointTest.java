package dev.webhooks.api;

import static dev.webhooks.api.ConfigRequests.as;
import static dev.webhooks.api.ConfigRequests.basicConfig;
import static dev.webhooks.api.ConfigRequests.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.config.HttpMethod;
import dev.webhooks.core.config.RetryPolicy;
import dev.webhooks.core.config.Secret;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.testing.AwsEmulatorsResource;
import dev.webhooks.testing.RecordingReceiver.Reply;
import dev.webhooks.testing.RecordingReceiver;

/**
 * {@code POST /v1/webhooks/configs/{configId}/test-oauth} against a real token server on this machine. The configs are
 * stored through the repository: their token endpoints are plain http, which the API refuses outside local runs.
 */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class OAuthTestEndpointTest {

    private static final ConfigIds IDS = new ConfigIds(new SecureRandom());
    private static final String TOKEN = "t-0123456789-do-not-leak";

    private final String org = "org-" + UUID.randomUUID();
    private RecordingReceiver server;

    @Inject
    WebhookConfigRepository repository;

    @BeforeEach
    void startTokenServer() {
        server = RecordingReceiver.start();
    }

    @AfterEach
    void stopTokenServer() {
        server.close();
    }

    @Test
    void aSuccessfulExchangeAnswersTheTokenMetadataButNotTheToken() {
        server.byDefault(Reply.json(200,
                "{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));
        String id = storeOAuthConfig(org, server.url("/token"), Secret.of("client-s3cret"));

        String body = testOAuth(org, id).statusCode(200)
                .body("success", equalTo(true))
                .body("expires_in", equalTo(3600))
                .body("token_type", equalTo("Bearer"))
                .body("message", equalTo("OAuth token exchange successful"))
                .extract().asString();

        assertThat(body).doesNotContain(TOKEN);
        List<RecordingReceiver.Received> received = server.received();
        assertThat(received).hasSize(1);
        assertThat(received.get(0).path()).isEqualTo("/token");
        assertThat(received.get(0).body()).contains("grant_type=client_credentials", "client_id=partner-client",
                "client_secret=client-s3cret");
        assertThat(server.received("/hook")).as("the webhook itself is not called").isEmpty();
    }

    @Test
    void eachTestExchangesAgainInsteadOfUsingACachedToken() {
        server.byDefault(Reply.json(200, "{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3600}"));
        String id = storeOAuthConfig(org, server.url("/token"), Secret.of("client-s3cret"));

        testOAuth(org, id).statusCode(200).body("success", equalTo(true));
        testOAuth(org, id).statusCode(200).body("success", equalTo(true)).body("token_type", equalTo("Bearer"));

        assertThat(server.received("/token")).hasSize(2);
    }

    @Test
    void aFailingTokenEndpointIsA200WithSuccessFalseAndTheReason() {
        server.byDefault(Reply.json(400, "{\"error\":\"invalid_client\"}"));
        String id = storeOAuthConfig(org, server.url("/token"), Secret.of("wrong-secret"));

        testOAuth(org, id).statusCode(200)
                .contentType("application/json")
                .body("success", equalTo(false))
                .body("message", equalTo("Token endpoint answered HTTP 400"))
                .body("$", not(hasKey("expires_in")))
                .body("$", not(hasKey("token_type")));
    }

    @Test
    void anAnswerWithoutATokenIsAFailure() {
        server.byDefault(Reply.json(200, "{\"token_type\":\"Bearer\"}"));
        String id = storeOAuthConfig(org, server.url("/token"), Secret.of("client-s3cret"));

        testOAuth(org, id).statusCode(200)
                .body("success", equalTo(false))
                .body("message", equalTo("Token endpoint answered without access_token"));
    }

    @Test
    void aTokenEndpointTheSsrfGuardRefusesIsAFailureAndNothingIsConnected() {
        String id = storeOAuthConfig(org, "http://169.254.169.254/latest/meta-data", Secret.of("client-s3cret"));

        testOAuth(org, id).statusCode(200)
                .body("success", equalTo(false))
                .body("message", startsWith("Token endpoint unreachable"));
    }

    @Test
    void aConfigWithoutOAuthIs400() {
        String id = create(org, basicConfig("https://partner.example.com/hook"));

        testOAuth(org, id).statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("auth.authType"));
    }

    @Test
    void anOAuthConfigWithoutClientSecretIs400() {
        String id = storeOAuthConfig(org, server.url("/token"), null);

        testOAuth(org, id).statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("auth.oauthConfig.clientSecret"));
        assertThat(server.received()).isEmpty();
    }

    @Test
    void anotherOrganizationsConfigIs404AndItsTokenEndpointIsNotCalled() {
        server.byDefault(Reply.json(200, "{\"access_token\":\"" + TOKEN + "\"}"));
        String id = storeOAuthConfig(org, server.url("/token"), Secret.of("client-s3cret"));

        testOAuth("org-" + UUID.randomUUID(), id).statusCode(404).contentType("application/problem+json");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void anUnknownConfigIs404() {
        testOAuth(org, IDS.newConfigId()).statusCode(404).contentType("application/problem+json");
    }

    private ValidatableResponse testOAuth(String organizationId, String configId) {
        return as(organizationId).when().post(ConfigRequests.CONFIGS + "/" + configId + "/test-oauth").then();
    }

    private String storeOAuthConfig(String organizationId, String tokenEndpoint, Secret clientSecret) {
        Instant now = Instant.now();
        Auth auth = new Auth.OAuthClientCredentials("partner-client", clientSecret, false, tokenEndpoint,
                HttpMethod.POST, List.of());
        WebhookConfig config = new WebhookConfig(IDS.newConfigId(), organizationId, "oauth test",
                "customer_request_created", server.url("/hook"), HttpMethod.POST, true, auth, null, null,
                RetryPolicy.DEFAULT, JsonNodeFactory.instance.objectNode(), IDS.newSigningSecret(), now, now, 1, null,
                null, null, null, null, null);
        repository.insert(config);
        return config.id();
    }
}
