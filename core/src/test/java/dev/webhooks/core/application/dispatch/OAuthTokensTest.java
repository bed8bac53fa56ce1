package dev.webhooks.core.application.dispatch;

import static dev.webhooks.core.application.dispatch.ScriptedTransport.decodeForm;
import static dev.webhooks.core.application.dispatch.ScriptedTransport.failing;
import static dev.webhooks.core.application.dispatch.ScriptedTransport.header;
import static dev.webhooks.core.application.dispatch.ScriptedTransport.query;
import static dev.webhooks.core.application.dispatch.ScriptedTransport.status;
import static dev.webhooks.core.application.dispatch.ScriptedTransport.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.webhooks.core.application.dispatch.ScriptedTransport.Answer;
import dev.webhooks.core.config.Auth.CustomParameter.Location;
import dev.webhooks.core.config.Auth.CustomParameter;
import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.HttpMethod;
import dev.webhooks.core.config.Secret;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.OutboundRequest;
import dev.webhooks.core.fakes.MutableClock;

/**
 * OAuth2 client credentials: the shape of the token request, the cache (one token for many deliveries, renewed
 * shortly before it expires) and every way a token endpoint can fail to produce a token.
 */
class OAuthTokensTest {

    private static final String ENDPOINT = "https://auth.example.com/oauth/token";
    private static final String CONFIG_ID = "3XkF9mQ2pLr7TzVw1bN4cD";

    private final MutableClock clock = MutableClock.atWallClockSecond();

    static Auth.OAuthClientCredentials oauth(HttpMethod method, String endpoint, String secret,
            CustomParameter... parameters) {
        return new Auth.OAuthClientCredentials("client-1", Secret.of(secret), false, endpoint, method,
                List.of(parameters));
    }

    static Auth.OAuthClientCredentials oauth() {
        return oauth(HttpMethod.POST, ENDPOINT, "s3cret");
    }

    private OAuthTokens cacheOver(ScriptedTransport tokenEndpoint) {
        return new OAuthTokens(tokenEndpoint, new ObjectMapper(), clock);
    }

    @Test
    void aPostTokenRequestCarriesTheClientCredentialsAsAForm() throws Exception {
        ScriptedTransport tokenEndpoint = ScriptedTransport.answering(tokens(""));

        cacheOver(tokenEndpoint).token(CONFIG_ID, oauth());

        OutboundRequest request = tokenEndpoint.lastRequest();
        assertThat(request.method()).isEqualTo(HttpMethod.POST);
        assertThat(request.url()).isEqualTo(ENDPOINT);
        assertThat(request.contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(decodeForm(request.body())).containsExactly(
                Map.entry("grant_type", "client_credentials"),
                Map.entry("client_id", "client-1"),
                Map.entry("client_secret", "s3cret"));
        assertThat(header(request, "accept")).containsExactly("application/json");
    }

    @Test
    void aSecretWithReservedCharactersIsUrlEncoded() throws Exception {
        String secret = "p&ss=w rd+/%?#\u00e9";
        ScriptedTransport tokenEndpoint = ScriptedTransport.answering(tokens(""));

        cacheOver(tokenEndpoint).token(CONFIG_ID, oauth(HttpMethod.POST, ENDPOINT, secret));

        String body = tokenEndpoint.lastRequest().body();
        assertThat(body).doesNotContain("p&ss", "ss=w", " ");
        assertThat(decodeForm(body)).containsEntry("client_secret", secret).hasSize(3);
    }

    @Test
    void customParametersGoToTheBodyTheQueryOrTheHeaders() throws Exception {
        ScriptedTransport tokenEndpoint = ScriptedTransport.answering(tokens(""));

        cacheOver(tokenEndpoint).token(CONFIG_ID, oauth(HttpMethod.POST, ENDPOINT, "s3cret",
                new CustomParameter(Location.BODY, "scope", "read write"),
                new CustomParameter(Location.BODY, "audience", "https://api.example.com/?a=1&b=2"),
                new CustomParameter(Location.QUERY, "tenant", "t 1&x=y"),
                new CustomParameter(Location.HEADER, "X-Tenant", "t1")));

        OutboundRequest request = tokenEndpoint.lastRequest();
        assertThat(decodeForm(request.body())).containsExactly(
                Map.entry("grant_type", "client_credentials"),
                Map.entry("client_id", "client-1"),
                Map.entry("client_secret", "s3cret"),
                Map.entry("scope", "read write"),
                Map.entry("audience", "https://api.example.com/?a=1&b=2"));
        assertThat(request.url()).startsWith(ENDPOINT + "?");
        assertThat(query(request.url())).containsExactly(Map.entry("tenant", "t 1&x=y"));
        assertThat(header(request, "X-Tenant")).containsExactly("t1");
    }

    @Test
    void queryParametersAreAppendedToAnEndpointThatAlreadyHasAQueryString() throws Exception {
        ScriptedTransport tokenEndpoint = ScriptedTransport.answering(tokens(""));

        cacheOver(tokenEndpoint).token(CONFIG_ID, oauth(HttpMethod.POST, ENDPOINT + "?api-version=2", "s3cret",
                new CustomParameter(Location.QUERY, "tenant", "t1")));

        assertThat(tokenEndpoint.lastRequest().url()).isEqualTo(ENDPOINT + "?api-version=2&tenant=t1");
    }

    @ParameterizedTest
    @EnumSource(value = HttpMethod.class, names = { "GET", "HEAD" })
    void aTokenRequestWithoutBodyPutsEverythingInTheQuery(HttpMethod method) throws Exception {
        ScriptedTransport tokenEndpoint = ScriptedTransport.answering(tokens(""));

        cacheOver(tokenEndpoint).token(CONFIG_ID, oauth(method, ENDPOINT + "?api-version=2", "p&ss=w rd",
                new CustomParameter(Location.BODY, "scope", "read"),
                new CustomParameter(Location.QUERY, "tenant", "t1"),
                new CustomParameter(Location.HEADER, "X-Tenant", "t1")));

        OutboundRequest request = tokenEndpoint.lastRequest();
        assertThat(request.method()).isEqualTo(method);
        assertThat(request.body()).isNull();
        assertThat(request.contentType()).isNull();
        assertThat(query(request.url())).containsExactly(
                Map.entry("api-version", "2"),
                Map.entry("grant_type", "client_credentials"),
                Map.entry("client_id", "client-1"),
                Map.entry("client_secret", "p&ss=w rd"),
                Map.entry("scope", "read"),
                Map.entry("tenant", "t1"));
        assertThat(header(request, "X-Tenant")).containsExactly("t1");
    }

    @ParameterizedTest
    @EnumSource(value = HttpMethod.class, names = { "PUT", "PATCH", "DELETE" })
    void theOtherMethodsSendTheForm(HttpMethod method) throws Exception {
        ScriptedTransport tokenEndpoint = ScriptedTransport.answering(tokens(""));

        cacheOver(tokenEndpoint).token(CONFIG_ID, oauth(method, ENDPOINT, "s3cret"));

        assertThat(tokenEndpoint.lastRequest().url()).isEqualTo(ENDPOINT);
        assertThat(decodeForm(tokenEndpoint.lastRequest().body())).containsEntry("client_secret", "s3cret");
    }

    @Test
    void oneTokenServesManyCalls() throws Exception {
        ScriptedTransport tokenEndpoint = ScriptedTransport.answering(tokens(",\"expires_in\":3600"));
        OAuthTokens tokens = cacheOver(tokenEndpoint);

        for (int i = 0; i < 5; i++) {
            assertThat(tokens.token(CONFIG_ID, oauth())).isEqualTo("token-1");
            clock.advance(Duration.ofMinutes(10));
        }
        assertThat(tokenEndpoint.requests()).hasSize(1);
    }

    @Test
    void eachConfigHasItsOwnToken() throws Exception {
        ScriptedTransport tokenEndpoint = ScriptedTransport.answering(tokens(",\"expires_in\":3600"));
        OAuthTokens tokens = cacheOver(tokenEndpoint);

        assertThat(tokens.token("config-a", oauth())).isEqualTo("token-1");
        assertThat(tokens.token("config-b", oauth())).isEqualTo("token-2");
        assertThat(tokens.token("config-a", oauth())).isEqualTo("token-1");
    }

    @Test
    void changedOAuthSettingsFetchANewToken() throws Exception {
        ScriptedTransport tokenEndpoint = ScriptedTransport.answering(tokens(",\"expires_in\":3600"));
        OAuthTokens tokens = cacheOver(tokenEndpoint);

        assertThat(tokens.token(CONFIG_ID, oauth())).isEqualTo("token-1");
        assertThat(tokens.token(CONFIG_ID, oauth(HttpMethod.POST, ENDPOINT, "rotated"))).isEqualTo("token-2");
        assertThat(tokens.token(CONFIG_ID, oauth(HttpMethod.POST, ENDPOINT, "rotated",
                new CustomParameter(Location.BODY, "scope", "read")))).isEqualTo("token-3");
    }

    @Test
    void anInvalidatedTokenIsFetchedAgain() throws Exception {
        ScriptedTransport tokenEndpoint = ScriptedTransport.answering(tokens(",\"expires_in\":3600"));
        OAuthTokens tokens = cacheOver(tokenEndpoint);

        assertThat(tokens.token(CONFIG_ID, oauth())).isEqualTo("token-1");
        tokens.invalidate(CONFIG_ID, oauth());

        assertThat(tokens.token(CONFIG_ID, oauth())).isEqualTo("token-2");
    }

    static Stream<Arguments> lifetimes() {
        return Stream.of(
                arguments("a long lifetime is renewed a minute early", ",\"expires_in\":3600",
                        Duration.ofSeconds(3600), Duration.ofSeconds(60)),
                arguments("at ten minutes a tenth is exactly the minute", ",\"expires_in\":600",
                        Duration.ofSeconds(600), Duration.ofSeconds(60)),
                arguments("a five-minute token is renewed a tenth early", ",\"expires_in\":300",
                        Duration.ofSeconds(300), Duration.ofSeconds(30)),
                arguments("a short token is renewed a tenth early", ",\"expires_in\":100",
                        Duration.ofSeconds(100), Duration.ofSeconds(10)),
                arguments("a very short token is renewed half a second early", ",\"expires_in\":5",
                        Duration.ofSeconds(5), Duration.ofMillis(500)),
                arguments("a fractional lifetime counts its whole seconds", ",\"expires_in\":120.9",
                        Duration.ofSeconds(120), Duration.ofSeconds(12)),
                arguments("no expires_in means the default lifetime", "",
                        OAuthTokens.DEFAULT_LIFETIME, Duration.ofSeconds(30)),
                arguments("expires_in 0 means the default lifetime", ",\"expires_in\":0",
                        OAuthTokens.DEFAULT_LIFETIME, Duration.ofSeconds(30)),
                arguments("a negative expires_in means the default lifetime", ",\"expires_in\":-60",
                        OAuthTokens.DEFAULT_LIFETIME, Duration.ofSeconds(30)),
                arguments("a null expires_in means the default lifetime", ",\"expires_in\":null",
                        OAuthTokens.DEFAULT_LIFETIME, Duration.ofSeconds(30)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lifetimes")
    void aTokenIsRenewedTheMarginBeforeItExpires(String rule, String expiresIn, Duration lifetime,
            Duration margin) throws Exception {
        ScriptedTransport tokenEndpoint = ScriptedTransport.answering(tokens(expiresIn));
        OAuthTokens tokens = cacheOver(tokenEndpoint);
        Duration renewAfter = lifetime.minus(margin);

        assertThat(tokens.token(CONFIG_ID, oauth())).isEqualTo("token-1");
        clock.advance(renewAfter.minusMillis(1));
        assertThat(tokens.token(CONFIG_ID, oauth())).as("just before the renewal").isEqualTo("token-1");
        clock.advance(Duration.ofMillis(1));
        assertThat(tokens.token(CONFIG_ID, oauth())).as("at the renewal").isEqualTo("token-2");
        assertThat(tokenEndpoint.requests()).hasSize(2);
    }

    @Test
    void theRenewalMarginIsTheSmallerOfAMinuteAndATenthOfTheLifetime() {
        assertThat(OAuthTokens.RENEW_BEFORE).isEqualTo(Duration.ofSeconds(60));
        assertThat(OAuthTokens.DEFAULT_LIFETIME).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void anAbsurdlyLongLifetimeStillYieldsTheToken() throws Exception {
        // 10^17 seconds from now is past Instant.MAX; a token endpoint's number must not break the delivery.
        ScriptedTransport tokenEndpoint = ScriptedTransport.answering(tokens(",\"expires_in\":100000000000000000"));

        assertThat(cacheOver(tokenEndpoint).token(CONFIG_ID, oauth())).isEqualTo("token-1");
    }

    @Test
    void aSingleExchangeReportsTheAnswerAndLeavesTheCacheAlone() throws Exception {
        ScriptedTransport tokenEndpoint = ScriptedTransport.answering(tokens(",\"expires_in\":1800"));
        OAuthTokens tokens = cacheOver(tokenEndpoint);

        OAuthTokens.TokenResponse response = tokens.exchangeOnce(oauth());

        assertThat(response).isEqualTo(new OAuthTokens.TokenResponse("token-1", "Bearer", Duration.ofMinutes(30)));
        assertThat(tokens.token(CONFIG_ID, oauth())).isEqualTo("token-2");
    }

    static Stream<Arguments> failedExchanges() {
        return Stream.of(
                arguments("a 401 from the token endpoint", status(401, Map.of(), "{\"error\":\"invalid_client\"}"),
                        401, "HTTP 401"),
                arguments("a 500 from the token endpoint", status(500), 500, "HTTP 500"),
                arguments("a redirect from the token endpoint", status(302, Map.of("location", "https://x"), ""),
                        302, "HTTP 302"),
                arguments("a 200 with HTML", status(200, Map.of(), "<html>login</html>"), 200, "no JSON"),
                arguments("a 200 with no body", status(200, Map.of(), null), 200, "access_token"),
                arguments("a 200 without access_token", status(200, Map.of(), "{\"token_type\":\"Bearer\"}"),
                        200, "without access_token"),
                arguments("a 200 with an empty access_token", status(200, Map.of(), "{\"access_token\":\" \"}"),
                        200, "without access_token"),
                arguments("a 200 with a JSON array", status(200, Map.of(), "[\"token\"]"), 200,
                        "without access_token"),
                arguments("a token endpoint that cannot be reached", failing(FailureCode.ConnectionError), null,
                        "unreachable"),
                arguments("a token endpoint that times out", failing(FailureCode.Timeout), null, "unreachable"),
                arguments("a token endpoint at a refused address", failing(FailureCode.SsrfBlocked), null,
                        "unreachable"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failedExchanges")
    void aFailedExchangeNamesTheTokenEndpointsStatus(String name, Answer answer, Integer statusCode,
            String message) {
        OAuthTokens tokens = cacheOver(ScriptedTransport.answering(answer));

        assertThatThrownBy(() -> tokens.token(CONFIG_ID, oauth()))
                .isInstanceOfSatisfying(OAuthTokens.TokenExchangeException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(statusCode))
                .hasMessageContaining(message)
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aFailedExchangeIsNotCached() throws Exception {
        ScriptedTransport tokenEndpoint = ScriptedTransport.answering(tokens("")).first(status(503));
        OAuthTokens tokens = cacheOver(tokenEndpoint);

        assertThatThrownBy(() -> tokens.token(CONFIG_ID, oauth()))
                .isInstanceOf(OAuthTokens.TokenExchangeException.class);
        assertThat(tokens.token(CONFIG_ID, oauth())).isEqualTo("token-2");
    }

    @Test
    void concurrentDeliveriesWithoutATokenShareOneExchange() throws Exception {
        java.util.concurrent.CountDownLatch manyWaiting = new java.util.concurrent.CountDownLatch(1);
        ScriptedTransport tokenEndpoint = ScriptedTransport.answering((request, call) -> {
            try {
                // Hold the first exchange until the other deliveries have asked for a token too.
                manyWaiting.await(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ScriptedTransport.tokens("").answer(request, call);
        });
        OAuthTokens tokens = new OAuthTokens(tokenEndpoint, new ObjectMapper(), MutableClock.atWallClockSecond());
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<String>> asked = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                asked.add(threads.submit(() -> tokens.token("cfg-1", oauth(), java.time.Duration.ofSeconds(10))));
            }
            Thread.sleep(200);
            manyWaiting.countDown();
            for (java.util.concurrent.Future<String> token : asked) {
                assertThat(token.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("token-1");
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(tokenEndpoint.requests()).hasSize(1);
    }

    @Test
    void aSharedExchangeCutShortByItsStartersBudgetIsRetriedByAWaiterWithTimeLeft() throws Exception {
        java.util.concurrent.CountDownLatch waiterIsWaiting = new java.util.concurrent.CountDownLatch(1);
        ScriptedTransport tokenEndpoint = ScriptedTransport.answering(ScriptedTransport.tokens(""))
                .first((request, call) -> {
                    try {
                        waiterIsWaiting.await(5, java.util.concurrent.TimeUnit.SECONDS);
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    // The starter's short budget ran out while the endpoint was still answering.
                    throw new dev.webhooks.core.delivery.TransportException(FailureCode.Timeout, "budget spent", null);
                });
        OAuthTokens tokens = new OAuthTokens(tokenEndpoint, new ObjectMapper(), MutableClock.atWallClockSecond());
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<String> starter = threads.submit(() -> tokens.token("cfg-1", oauth(),
                    java.time.Duration.ofSeconds(1)));
            Thread.sleep(50);
            java.util.concurrent.Future<String> waiter = threads.submit(() -> {
                waiterIsWaiting.countDown();
                return tokens.token("cfg-1", oauth(), java.time.Duration.ofSeconds(10));
            });

            assertThatThrownBy(() -> starter.get(10, java.util.concurrent.TimeUnit.SECONDS))
                    .hasCauseInstanceOf(OAuthTokens.TokenExchangeException.class);
            assertThat(waiter.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("token-2");
        } finally {
            threads.shutdownNow();
        }
        assertThat(tokenEndpoint.requests()).hasSize(2);
    }
}
