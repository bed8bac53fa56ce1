package dev.webhooks.dispatcher;

import static dev.webhooks.dispatcher.DispatcherFixtures.config;
import static dev.webhooks.testing.SampleEvents.eventBridgeEnvelope;
import static dev.webhooks.dispatcher.DispatcherFixtures.invoke;
import static dev.webhooks.dispatcher.DispatcherFixtures.newId;
import static dev.webhooks.testing.SampleEvents.sample;
import static dev.webhooks.dispatcher.DispatcherFixtures.sqsBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.HttpMethod;
import dev.webhooks.core.config.Secret;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.port.DeliveryLogRepository;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.testing.AwsEmulatorsResource;
import dev.webhooks.testing.RecordingReceiver.Reply;
import dev.webhooks.testing.RecordingReceiver;

/**
 * OAuth2 client credentials against a real local token server that counts token requests: one token serves many
 * deliveries, a 401 from the endpoint or an expired token fetches a new one, a failing token endpoint fails the
 * delivery with {@code OAuthTokenExchangeError}.
 */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class OAuthDeliveryTest {

    private static final String EVENT = "customer_request_created";

    @Inject
    WebhookConfigRepository configs;

    @Inject
    DeliveryLogRepository log;

    private final RecordingReceiver endpoint = RecordingReceiver.start();
    private final RecordingReceiver tokenServer = RecordingReceiver.start();
    private final String org = newId("org");

    @AfterEach
    void stop() {
        endpoint.close();
        tokenServer.close();
    }

    private WebhookConfig oauthConfig(HttpMethod tokenMethod) {
        WebhookConfig config = config(org, EVENT, endpoint.url("/secured"), new Auth.OAuthClientCredentials(
                "client-1", Secret.of("client-secret-1"), false, tokenServer.url("/oauth/token"), tokenMethod,
                List.of(new Auth.CustomParameter(Auth.CustomParameter.Location.BODY, "audience", "partner-api"),
                        new Auth.CustomParameter(Auth.CustomParameter.Location.QUERY, "tenant", "t1"),
                        new Auth.CustomParameter(Auth.CustomParameter.Location.HEADER, "X-Tenant", "t1"))),
                null);
        configs.insert(config);
        return config;
    }

    private static Reply token(String value, int expiresIn) {
        return Reply.json(200, "{\"access_token\":\"" + value + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                + expiresIn + "}");
    }

    private void send(int events) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            bodies.add(eventBridgeEnvelope(newId("evt"), EVENT, sample(EVENT, org)));
        }
        invoke(sqsBatch(bodies));
    }

    @Test
    void oneTokenServesManyDeliveries() {
        tokenServer.byDefault(token("tok-1", 3600));
        oauthConfig(HttpMethod.POST);

        send(5);

        assertThat(tokenServer.received()).hasSize(1);
        RecordingReceiver.Received tokenRequest = tokenServer.received().get(0);
        assertThat(tokenRequest.method()).isEqualTo("POST");
        assertThat(tokenRequest.header("content-type")).startsWith("application/x-www-form-urlencoded");
        assertThat(tokenRequest.body()).contains("grant_type=client_credentials", "client_id=client-1",
                "client_secret=client-secret-1", "audience=partner-api");
        assertThat(tokenRequest.query()).isEqualTo("tenant=t1");
        assertThat(tokenRequest.header("x-tenant")).isEqualTo("t1");
        assertThat(endpoint.received()).hasSize(5)
                .allSatisfy(request -> assertThat(request.header("authorization")).isEqualTo("Bearer tok-1"));
    }

    @Test
    void aGetTokenEndpointGetsTheParametersInTheQuery() {
        tokenServer.byDefault(token("tok-get", 3600));
        oauthConfig(HttpMethod.GET);

        send(1);

        RecordingReceiver.Received tokenRequest = tokenServer.received().get(0);
        assertThat(tokenRequest.method()).isEqualTo("GET");
        assertThat(tokenRequest.query()).contains("grant_type=client_credentials", "client_id=client-1",
                "tenant=t1");
        assertThat(endpoint.received()).hasSize(1);
    }

    @Test
    void a401FromTheEndpointFetchesANewTokenAndRetriesOnce() {
        tokenServer.thenReply(token("revoked", 3600)).byDefault(token("fresh", 3600));
        endpoint.thenReply(Reply.status(401));
        WebhookConfig config = oauthConfig(HttpMethod.POST);
        String eventId = newId("evt");

        invoke(sqsBatch(List.of(eventBridgeEnvelope(eventId, EVENT, sample(EVENT, org)))));

        assertThat(tokenServer.received()).hasSize(2);
        assertThat(endpoint.received()).extracting(request -> request.header("authorization"))
                .containsExactly("Bearer revoked", "Bearer fresh");
        assertThat(log.find(org, config.id(), eventId).map(DeliveryRecord::status))
                .contains(DeliveryStatus.SUCCEEDED);
    }

    @Test
    void anExpiredTokenIsReplaced() {
        tokenServer.thenReply(token("short-lived", 1)).byDefault(token("next", 3600));
        oauthConfig(HttpMethod.POST);

        send(1);
        // The token's expires_in, counted from when the token endpoint was asked (the dispatcher counts from before).
        Instant expired = tokenServer.received().get(0).receivedAt().plusSeconds(1);
        await("the short-lived token's expires_in has passed").atMost(Duration.ofSeconds(5))
                .until(() -> Instant.now().isAfter(expired));
        send(1);

        assertThat(tokenServer.received()).hasSize(2);
        assertThat(endpoint.received()).extracting(request -> request.header("authorization"))
                .containsExactly("Bearer short-lived", "Bearer next");
    }

    @Test
    void aFailingTokenEndpointFailsTheDeliveryWithOAuthTokenExchangeError() {
        tokenServer.byDefault(Reply.json(400, "{\"error\":\"invalid_client\"}"));
        WebhookConfig config = oauthConfig(HttpMethod.POST);
        String eventId = newId("evt");

        invoke(sqsBatch(List.of(eventBridgeEnvelope(eventId, EVENT, sample(EVENT, org)))));

        assertThat(endpoint.received()).isEmpty();
        DeliveryRecord record = log.find(org, config.id(), eventId).orElseThrow();
        assertThat(record.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(record.outcome().code()).isEqualTo(FailureCode.OAuthTokenExchangeError);
        assertThat(record.outcome().statusCode()).isEqualTo(400);
    }
}
