package dev.webhooks.core.application.dispatch;

import static dev.webhooks.core.application.dispatch.ScriptedTransport.failing;
import static dev.webhooks.core.application.dispatch.ScriptedTransport.header;
import static dev.webhooks.core.application.dispatch.ScriptedTransport.status;
import static dev.webhooks.core.application.dispatch.ScriptedTransport.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;

import dev.webhooks.core.application.dispatch.ScriptedTransport.Answer;
import dev.webhooks.core.application.signing.OrganizationSigningKeys;
import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.config.HttpMethod;
import dev.webhooks.core.config.RetryPolicy;
import dev.webhooks.core.config.Secret;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryOutcome;
import dev.webhooks.core.delivery.Ed25519Signature;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.InboundEvent;
import dev.webhooks.core.delivery.InboundEventParser;
import dev.webhooks.core.delivery.OutboundRequest;
import dev.webhooks.core.delivery.WebhookSignature;
import dev.webhooks.core.fakes.MutableClock;
import dev.webhooks.core.port.SigningKeyRepository;

/**
 * One delivery attempt against a scripted transport: what each method carries, that the Standard Webhooks headers
 * verify with the reference library (and the {@code v1a} entry with the organization's Ed25519 key, and both {@code v1}
 * entries during a secret rotation's grace), each kind of authentication (OAuth with its cache and its one retry after
 * a 401), and how each answer becomes an outcome.
 */
class WebhookSenderTest {

    /** The send budget the service ships with. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(20);

    private static final ConfigIds IDS = new ConfigIds(new SecureRandom());
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String URL = "https://hooks.example.com/epilot?source=webhooks";
    private static final String TOKEN_ENDPOINT = "https://auth.example.com/oauth/token";
    private static final InboundEvent EVENT = new InboundEventParser(MAPPER).parse(
            "{\"metadata\":{\"organization_id\":\"org-1\",\"event_name\":\"order_created\",\"event_id\":\"evt-1\"},"
                    + "\"order\":{\"id\":\"o-1\",\"name\":\"Zo\u00eb \uD83D\uDE00\",\"total\":12.5}}",
            "sqs-1");

    private final MutableClock clock = MutableClock.atWallClockSecond();
    private final ScriptedTransport tokenEndpoint = ScriptedTransport.answering(tokens(",\"expires_in\":3600"));
    private final OAuthTokens tokens = new OAuthTokens(tokenEndpoint, MAPPER, clock);
    /** The organizations' key pairs as the repository holds them, and how often it was asked. */
    private final Map<String, KeyPair> storedKeys = new ConcurrentHashMap<>();
    private final AtomicInteger keyLookups = new AtomicInteger();
    private final SigningKeyRepository keyRepository = new SigningKeyRepository() {
        @Override
        public KeyPair findOrCreate(String organizationId) {
            keyLookups.incrementAndGet();
            return storedKeys.computeIfAbsent(organizationId, ignored -> Ed25519Signature.newKeyPair());
        }

        @Override
        public java.util.Optional<java.security.PublicKey> findPublicKey(String organizationId) {
            return java.util.Optional.ofNullable(storedKeys.get(organizationId)).map(KeyPair::getPublic);
        }
    };
    private final OrganizationSigningKeys signingKeys = new OrganizationSigningKeys(keyRepository);

    private WebhookConfig config(HttpMethod method, Auth auth) {
        return config("org-1", method, auth, null, null);
    }

    private WebhookConfig config(String organizationId, HttpMethod method, Auth auth, Secret previousSecret,
            Instant previousSecretExpiresAt) {
        Instant created = clock.instant().minus(Duration.ofDays(1));
        return new WebhookConfig(IDS.newConfigId(), organizationId, "Orders to ERP", "order_created", URL, method,
                true, auth, null, null, RetryPolicy.DEFAULT, JsonNodeFactory.instance.objectNode(),
                IDS.newSigningSecret(), created, created, 1, null, null, previousSecret, previousSecretExpiresAt,
                null, null);
    }

    /** A config whose signing secret was rotated: {@code previous} is still used until {@code expiresAt}. */
    private WebhookConfig rotated(Secret previous, Instant expiresAt) {
        return config("org-1", HttpMethod.POST, Auth.NONE, previous, expiresAt);
    }

    private WebhookConfig config(Auth auth) {
        return config(HttpMethod.POST, auth);
    }

    private static Auth.OAuthClientCredentials oauth() {
        return new Auth.OAuthClientCredentials("client-1", Secret.of("s3cret"), false, TOKEN_ENDPOINT,
                HttpMethod.POST, List.of());
    }

    private DeliveryOutcome send(ScriptedTransport endpoint, WebhookConfig config) {
        return new WebhookSender(endpoint, tokens, signingKeys, clock, SEND_TIMEOUT).send(config, EVENT, EVENT.payloadJson());
    }

    // What each method carries

    @ParameterizedTest
    @EnumSource(value = HttpMethod.class, names = { "POST", "PUT", "PATCH", "DELETE" })
    void methodsWithABodyCarryTheEventAsJson(HttpMethod method) throws Exception {
        ScriptedTransport endpoint = ScriptedTransport.answering(status(200));
        WebhookConfig config = config(method, Auth.NONE);

        send(endpoint, config);

        OutboundRequest request = endpoint.lastRequest();
        assertThat(request.method()).isEqualTo(method);
        assertThat(request.url()).isEqualTo(URL);
        assertThat(request.body()).isEqualTo(EVENT.payloadJson());
        assertThat(MAPPER.readTree(request.body())).isEqualTo(EVENT.payload());
        assertThat(request.contentType()).isEqualTo("application/json");
        verify(config, request, EVENT.payloadJson());
    }

    @ParameterizedTest
    @EnumSource(value = HttpMethod.class, names = { "GET", "HEAD", "OPTIONS" })
    void methodsWithoutABodySignAnEmptyBody(HttpMethod method) {
        ScriptedTransport endpoint = ScriptedTransport.answering(status(200));
        WebhookConfig config = config(method, Auth.NONE);

        send(endpoint, config);

        OutboundRequest request = endpoint.lastRequest();
        assertThat(request.method()).isEqualTo(method);
        assertThat(request.body()).isNull();
        assertThat(request.contentType()).isNull();
        verify(config, request, "");
        assertThatThrownBy(() -> new Webhook(config.signingSecret().reveal())
                .verify(EVENT.payloadJson(), ScriptedTransport.headersOf(request)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThat(v1aVerifies(request, "")).isTrue();
        assertThat(v1aVerifies(request, EVENT.payloadJson())).isFalse();
    }

    @Test
    void theStandardWebhooksHeadersNameTheDeliveryAndTheTime() {
        ScriptedTransport endpoint = ScriptedTransport.answering(status(200));
        WebhookConfig config = config(Auth.NONE);

        send(endpoint, config);

        OutboundRequest request = endpoint.lastRequest();
        assertThat(header(request, WebhookSignature.ID_HEADER))
                .containsExactly(WebhookSignature.messageId(EVENT.eventId(), config.id()));
        assertThat(header(request, WebhookSignature.TIMESTAMP_HEADER))
                .containsExactly(Long.toString(clock.instant().getEpochSecond()));
        assertThat(header(request, WebhookSignature.SIGNATURE_HEADER)).singleElement().asString()
                .matches("v1,[A-Za-z0-9+/=]{44} v1a,[A-Za-z0-9+/=]{88}");
        assertThat(header(request, "user-agent")).containsExactly(WebhookSender.USER_AGENT);
        assertThat(header(request, "authorization")).isEmpty();
    }

    // Signatures: v1a with the organization's key, two v1 during a rotation's grace

    @Test
    void theV1aSignatureVerifiesWithTheOrganizationsPublicKey() {
        ScriptedTransport endpoint = ScriptedTransport.answering(status(200));
        WebhookConfig config = config(Auth.NONE);

        send(endpoint, config);

        OutboundRequest request = endpoint.lastRequest();
        assertThat(v1aVerifies(request, EVENT.payloadJson())).isTrue();
        assertThat(v1aVerifies(request, EVENT.payloadJson().replace("12.5", "125"))).isFalse();
        // The reference library skips the v1a entry and accepts the v1 one.
        verify(config, request, EVENT.payloadJson());
    }

    @Test
    void eachOrganizationSignsWithItsOwnKey() {
        ScriptedTransport endpoint = ScriptedTransport.answering(status(200));

        send(endpoint, config(Auth.NONE));
        send(endpoint, config("org-2", HttpMethod.POST, Auth.NONE, null, null));

        List<OutboundRequest> requests = endpoint.requests();
        assertThat(storedKeys).containsOnlyKeys("org-1", "org-2");
        assertThat(v1aVerifies(requests.get(0), EVENT.payloadJson(), storedKeys.get("org-1"))).isTrue();
        assertThat(v1aVerifies(requests.get(1), EVENT.payloadJson(), storedKeys.get("org-2"))).isTrue();
        assertThat(v1aVerifies(requests.get(1), EVENT.payloadJson(), storedKeys.get("org-1"))).isFalse();
    }

    @Test
    void theOrganizationsKeyIsReadOnceAndThenCached() {
        ScriptedTransport endpoint = ScriptedTransport.answering(status(200));

        for (int i = 0; i < 3; i++) {
            send(endpoint, config(Auth.NONE));
        }

        assertThat(keyLookups).hasValue(1);
        assertThat(endpoint.requests()).allSatisfy(request -> assertThat(v1aVerifies(request, EVENT.payloadJson()))
                .isTrue());
    }

    @Test
    void duringARotationsGraceBothSecretsSign() {
        ScriptedTransport endpoint = ScriptedTransport.answering(status(200));
        Secret previous = IDS.newSigningSecret();
        WebhookConfig config = rotated(previous, clock.instant().plus(Duration.ofHours(1)));

        send(endpoint, config);

        OutboundRequest request = endpoint.lastRequest();
        String[] entries = header(request, WebhookSignature.SIGNATURE_HEADER).get(0).split(" ");
        assertThat(entries).hasSize(3);
        long timestamp = clock.instant().getEpochSecond();
        String messageId = header(request, WebhookSignature.ID_HEADER).get(0);
        // The current secret first, then the previous one, then the Ed25519 signature.
        assertThat(entries[0]).isEqualTo(WebhookSignature.sign(config.signingSecret(), messageId, timestamp,
                EVENT.payloadJson()));
        assertThat(entries[1]).isEqualTo(WebhookSignature.sign(previous, messageId, timestamp, EVENT.payloadJson()));
        assertThat(entries[2]).startsWith("v1a,");
        // A receiver still on the old secret and one already on the new secret both accept the delivery.
        verify(config, request, EVENT.payloadJson());
        assertThatCode(() -> new Webhook(previous.reveal()).verify(EVENT.payloadJson(), ScriptedTransport.headersOf(request)))
                .doesNotThrowAnyException();
        assertThat(v1aVerifies(request, EVENT.payloadJson())).isTrue();
    }

    @Test
    void afterTheGraceOnlyTheCurrentSecretSigns() {
        ScriptedTransport endpoint = ScriptedTransport.answering(status(200));
        Secret previous = IDS.newSigningSecret();
        // The grace ends at this very instant (the clock stays within the verifier's five-minute tolerance).
        WebhookConfig config = rotated(previous, clock.instant());

        send(endpoint, config);

        OutboundRequest request = endpoint.lastRequest();
        String[] entries = header(request, WebhookSignature.SIGNATURE_HEADER).get(0).split(" ");
        assertThat(entries).hasSize(2);
        assertThat(entries[0]).startsWith("v1,");
        assertThat(entries[1]).startsWith("v1a,");
        verify(config, request, EVENT.payloadJson());
        assertThatThrownBy(() -> new Webhook(previous.reveal()).verify(EVENT.payloadJson(),
                ScriptedTransport.headersOf(request))).isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void aV1aEntryAloneDoesNotSatisfyTheReferenceVerifier() {
        // The reference library checks v1 only: a header whose v1 entries all fail is refused even with a valid v1a.
        ScriptedTransport endpoint = ScriptedTransport.answering(status(200));
        send(endpoint, config(Auth.NONE));
        OutboundRequest request = endpoint.lastRequest();

        assertThatThrownBy(() -> new Webhook(IDS.newSigningSecret().reveal()).verify(EVENT.payloadJson(),
                ScriptedTransport.headersOf(request))).isInstanceOf(WebhookVerificationException.class);
        assertThat(v1aVerifies(request, EVENT.payloadJson())).isTrue();
    }

    @Test
    void aRetryOfTheSameDeliveryKeepsItsWebhookId() {
        ScriptedTransport endpoint = ScriptedTransport.answering(status(200)).first(status(503));
        WebhookConfig config = config(Auth.NONE);

        send(endpoint, config);
        clock.advance(Duration.ofSeconds(5));
        send(endpoint, config);

        List<OutboundRequest> requests = endpoint.requests();
        assertThat(header(requests.get(0), WebhookSignature.ID_HEADER))
                .isEqualTo(header(requests.get(1), WebhookSignature.ID_HEADER));
        assertThat(header(requests.get(0), WebhookSignature.TIMESTAMP_HEADER))
                .isNotEqualTo(header(requests.get(1), WebhookSignature.TIMESTAMP_HEADER));
        verify(config, requests.get(1), EVENT.payloadJson());
    }

    // Authentication

    @Test
    void basicAuthenticationSendsTheEncodedCredentials() {
        ScriptedTransport endpoint = ScriptedTransport.answering(status(200));

        send(endpoint, config(new Auth.Basic("erp-user", Secret.of("p\u00e4ss:w\u00f6rd"), false)));

        assertThat(header(endpoint.lastRequest(), "authorization")).containsExactly("Basic " + Base64.getEncoder()
                .encodeToString("erp-user:p\u00e4ss:w\u00f6rd".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void apiKeyAuthenticationSendsTheNamedHeader() {
        ScriptedTransport endpoint = ScriptedTransport.answering(status(200));

        send(endpoint, config(new Auth.ApiKey("X-Api-Key", Secret.of("key-123"), false)));

        assertThat(header(endpoint.lastRequest(), "X-Api-Key")).containsExactly("key-123");
        assertThat(header(endpoint.lastRequest(), "authorization")).isEmpty();
    }

    static Stream<Arguments> authenticationsWithoutSecret() {
        return Stream.of(
                arguments(new Auth.Basic("erp-user", null, false)),
                arguments(new Auth.ApiKey("X-Api-Key", null, false)),
                arguments(new Auth.OAuthClientCredentials("client-1", null, false, TOKEN_ENDPOINT, HttpMethod.POST,
                        List.of())));
    }

    @ParameterizedTest
    @MethodSource("authenticationsWithoutSecret")
    void anAuthenticationWithoutItsSecretSendsNothing(Auth auth) {
        ScriptedTransport endpoint = ScriptedTransport.answering(status(200));

        DeliveryOutcome outcome = send(endpoint, config(auth));

        assertThat(outcome.code()).isEqualTo(FailureCode.AuthMisconfigured);
        assertThat(outcome.statusCode()).isNull();
        assertThat(outcome.retryable()).isFalse();
        assertThat(outcome.message()).contains(auth.type().toString());
        assertThat(endpoint.requests()).isEmpty();
        assertThat(tokenEndpoint.requests()).isEmpty();
    }

    @Test
    void oauthSendsTheBearerTokenFromTheTokenEndpoint() {
        ScriptedTransport endpoint = ScriptedTransport.answering(status(200));

        DeliveryOutcome outcome = send(endpoint, config(oauth()));

        assertThat(outcome.succeeded()).isTrue();
        assertThat(header(endpoint.lastRequest(), "authorization")).containsExactly("Bearer token-1");
        assertThat(tokenEndpoint.requests()).singleElement()
                .satisfies(request -> assertThat(request.url()).isEqualTo(TOKEN_ENDPOINT));
    }

    @Test
    void oneOAuthTokenServesFiveDeliveries() {
        ScriptedTransport endpoint = ScriptedTransport.answering(status(200));
        WebhookConfig config = config(oauth());

        for (int i = 0; i < 5; i++) {
            send(endpoint, config);
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(tokenEndpoint.requests()).hasSize(1);
        assertThat(endpoint.requests()).hasSize(5)
                .allSatisfy(request -> assertThat(header(request, "authorization")).containsExactly("Bearer token-1"));
    }

    @Test
    void anOAuthTokenIsRenewedAMinuteBeforeItExpires() {
        ScriptedTransport endpoint = ScriptedTransport.answering(status(200));
        WebhookConfig config = config(oauth());

        send(endpoint, config);
        clock.advance(Duration.ofSeconds(3600 - 60).minusMillis(1));
        send(endpoint, config);
        clock.advance(Duration.ofMillis(1));
        send(endpoint, config);

        assertThat(endpoint.requests()).extracting(request -> header(request, "authorization").get(0))
                .containsExactly("Bearer token-1", "Bearer token-1", "Bearer token-2");
    }

    @Test
    void a401WithOAuthRetriesOnceWithANewToken() {
        ScriptedTransport endpoint = ScriptedTransport.answering(status(200)).first(status(401));

        DeliveryOutcome outcome = send(endpoint, config(oauth()));

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.statusCode()).isEqualTo(200);
        assertThat(tokenEndpoint.requests()).hasSize(2);
        assertThat(endpoint.requests()).extracting(request -> header(request, "authorization").get(0))
                .containsExactly("Bearer token-1", "Bearer token-2");
    }

    @Test
    void aSecond401IsTheOutcomeNotALoop() {
        ScriptedTransport endpoint = ScriptedTransport.answering(status(401));

        DeliveryOutcome outcome = send(endpoint, config(oauth()));

        assertThat(outcome.code()).isEqualTo(FailureCode.HttpError);
        assertThat(outcome.statusCode()).isEqualTo(401);
        assertThat(outcome.retryable()).isFalse();
        assertThat(endpoint.requests()).hasSize(2);
        assertThat(tokenEndpoint.requests()).hasSize(2);
    }

    @Test
    void a401WithoutOAuthIsNotRetried() {
        ScriptedTransport endpoint = ScriptedTransport.answering(status(401));

        DeliveryOutcome outcome = send(endpoint, config(new Auth.Basic("erp-user", Secret.of("wrong"), false)));

        assertThat(outcome.statusCode()).isEqualTo(401);
        assertThat(endpoint.requests()).hasSize(1);
    }

    static Stream<Arguments> failedTokenExchanges() {
        return Stream.of(
                arguments("the token endpoint answers 500", status(500), 500),
                arguments("the token endpoint answers 401", status(401), 401),
                arguments("the token endpoint answers no JSON", status(200, Map.of(), "<html>login</html>"), 200),
                arguments("the token endpoint answers no access_token",
                        status(200, Map.of(), "{\"error\":\"nope\"}"), 200),
                arguments("the token endpoint cannot be reached", failing(FailureCode.ConnectionError), null),
                arguments("the token endpoint times out", failing(FailureCode.Timeout), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failedTokenExchanges")
    void aFailedTokenExchangeIsItsOwnOutcome(String name, Answer tokenAnswer, Integer statusCode) {
        ScriptedTransport failingTokenEndpoint = ScriptedTransport.answering(tokenAnswer);
        ScriptedTransport endpoint = ScriptedTransport.answering(status(200));
        WebhookSender sender = sender(endpoint, failingTokenEndpoint);

        DeliveryOutcome outcome = sender.send(config(oauth()), EVENT, EVENT.payloadJson());

        assertThat(outcome.code()).isEqualTo(FailureCode.OAuthTokenExchangeError);
        assertThat(outcome.statusCode()).isEqualTo(statusCode);
        assertThat(outcome.retryable()).isTrue();
        assertThat(outcome.message()).doesNotContain("s3cret");
        assertThat(endpoint.requests()).isEmpty();
        assertThat(failingTokenEndpoint.requests()).hasSize(1);
    }

    @Test
    void aFailedTokenExchangeOnTheRetryAfterA401IsTheOutcome() {
        ScriptedTransport flakyTokenEndpoint = ScriptedTransport.answering(status(503)).first(tokens(""));
        ScriptedTransport endpoint = ScriptedTransport.answering(status(401));
        WebhookSender sender = sender(endpoint, flakyTokenEndpoint);

        DeliveryOutcome outcome = sender.send(config(oauth()), EVENT, EVENT.payloadJson());

        assertThat(outcome.code()).isEqualTo(FailureCode.OAuthTokenExchangeError);
        assertThat(outcome.statusCode()).isEqualTo(503);
        assertThat(endpoint.requests()).hasSize(1);
    }

    // Answers and outcomes

    @Test
    void a2xxIsDeliveredWithTheAnswersBodyAndTimes() {
        ScriptedTransport endpoint = ScriptedTransport.answering(
                status(202, Map.of("content-type", "text/plain"), "queued"));
        Instant started = clock.instant();

        DeliveryOutcome outcome = send(endpoint, config(Auth.NONE));

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.statusCode()).isEqualTo(202);
        assertThat(outcome.responseBody()).isEqualTo("queued");
        assertThat(outcome.retryAfter()).isNull();
        assertThat(outcome.startedAt()).isEqualTo(started);
        assertThat(outcome.endedAt()).isEqualTo(started);
    }

    @Test
    void aNon2xxIsAnHttpErrorWithTheAnswersBody() {
        ScriptedTransport endpoint = ScriptedTransport.answering(status(422, Map.of(), "{\"error\":\"bad\"}"));

        DeliveryOutcome outcome = send(endpoint, config(Auth.NONE));

        assertThat(outcome.code()).isEqualTo(FailureCode.HttpError);
        assertThat(outcome.statusCode()).isEqualTo(422);
        assertThat(outcome.message()).contains("422");
        assertThat(outcome.responseBody()).isEqualTo("{\"error\":\"bad\"}");
        assertThat(endpoint.requests()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(ints = { 301, 302, 303, 307, 308 })
    void aRedirectIsNotFollowed(int statusCode) {
        ScriptedTransport endpoint = ScriptedTransport.answering(
                status(statusCode, Map.of("location", "https://elsewhere.example.com/hook"), ""));

        DeliveryOutcome outcome = send(endpoint, config(Auth.NONE));

        assertThat(outcome.code()).isEqualTo(FailureCode.HttpError);
        assertThat(outcome.statusCode()).isEqualTo(statusCode);
        assertThat(outcome.message()).contains("not followed", "https://elsewhere.example.com/hook");
        assertThat(outcome.retryable()).isTrue();
        assertThat(endpoint.requests()).hasSize(1);
    }

    @Test
    void aRedirectWithoutLocationSaysSo() {
        ScriptedTransport endpoint = ScriptedTransport.answering(status(302));

        DeliveryOutcome outcome = send(endpoint, config(Auth.NONE));

        assertThat(outcome.message()).contains("not followed", "no location");
    }

    static Stream<Arguments> retryAfterAnswers() {
        return Stream.of(
                arguments("delta-seconds on 429", 429, value("120"), Duration.ofSeconds(120)),
                arguments("delta-seconds on 503", 503, value("30"), Duration.ofSeconds(30)),
                arguments("zero seconds", 429, value("0"), Duration.ZERO),
                arguments("delta-seconds with spaces around", 429, value("  45 "), Duration.ofSeconds(45)),
                arguments("an HTTP date in the future", 503, dateIn(Duration.ofSeconds(90)), Duration.ofSeconds(90)),
                arguments("an HTTP date now", 429, dateIn(Duration.ZERO), Duration.ZERO),
                arguments("an HTTP date in the past is zero", 503, dateIn(Duration.ofHours(-1)), Duration.ZERO),
                arguments("the RFC 9110 example date, long past", 503, value("Wed, 21 Oct 2015 07:28:00 GMT"),
                        Duration.ZERO),
                arguments("garbage", 429, value("soon"), null),
                arguments("a negative number", 429, value("-5"), null),
                arguments("a fraction", 503, value("1.5"), null),
                arguments("an ISO date", 503, value("2030-01-01T00:00:00Z"), null),
                arguments("an empty value", 429, value(""), null),
                arguments("not on a 500", 500, value("120"), null),
                arguments("not on a 502", 502, value("120"), null),
                arguments("not on a redirect", 301, value("120"), null),
                arguments("not on a 400", 400, value("120"), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("retryAfterAnswers")
    void retryAfterIsReadOn429And503(String rule, int statusCode, Function<Instant, String> retryAfter,
            Duration expected) {
        ScriptedTransport endpoint = ScriptedTransport.answering(
                status(statusCode, Map.of("retry-after", retryAfter.apply(clock.instant())), ""));

        DeliveryOutcome outcome = send(endpoint, config(Auth.NONE));

        assertThat(outcome.statusCode()).isEqualTo(statusCode);
        assertThat(outcome.retryAfter()).isEqualTo(expected);
    }

    /** A {@code Retry-After} value that does not depend on the time. */
    private static Function<Instant, String> value(String value) {
        return now -> value;
    }

    /** A {@code Retry-After} HTTP date this far from the test clock's time. */
    private static Function<Instant, String> dateIn(Duration fromNow) {
        return now -> DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plus(fromNow).atZone(ZoneOffset.UTC));
    }

    @Test
    void aMissingRetryAfterIsNull() {
        ScriptedTransport endpoint = ScriptedTransport.answering(status(429));

        assertThat(send(endpoint, config(Auth.NONE)).retryAfter()).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = FailureCode.class, names = { "ConnectionError", "Timeout", "SsrfBlocked" })
    void aRequestWithoutAnswerKeepsTheTransportsCode(FailureCode code) {
        ScriptedTransport endpoint = ScriptedTransport.answering(failing(code));

        DeliveryOutcome outcome = send(endpoint, config(Auth.NONE));

        assertThat(outcome.code()).isEqualTo(code);
        assertThat(outcome.statusCode()).isNull();
        assertThat(outcome.responseBody()).isNull();
        assertThat(outcome.message()).isEqualTo(code + " (scripted)");
        assertThat(outcome.retryable()).isEqualTo(code.retryable());
    }

    private boolean v1aVerifies(OutboundRequest request, String signedBody) {
        return v1aVerifies(request, signedBody, storedKeys.get("org-1"));
    }

    private static boolean v1aVerifies(OutboundRequest request, String signedBody, KeyPair keys) {
        return Ed25519Signature.verify(keys.getPublic(), header(request, WebhookSignature.ID_HEADER).get(0),
                Long.parseLong(header(request, WebhookSignature.TIMESTAMP_HEADER).get(0)), signedBody,
                header(request, WebhookSignature.SIGNATURE_HEADER).get(0));
    }

    private static void verify(WebhookConfig config, OutboundRequest request, String signedBody) {
        assertThatCode(() -> new Webhook(config.signingSecret().reveal())
                .verify(signedBody, ScriptedTransport.headersOf(request))).doesNotThrowAnyException();
    }


    // One budget per send

    /** A token endpoint whose every answer takes {@code fetch} by the clock. */
    private ScriptedTransport tokenEndpointTaking(Duration fetch) {
        return ScriptedTransport.answering((request, call) -> {
            clock.advance(fetch);
            return tokens("").answer(request, call);
        });
    }

    private WebhookSender sender(ScriptedTransport endpoint, ScriptedTransport tokenEndpoint) {
        return new WebhookSender(endpoint, new OAuthTokens(tokenEndpoint, MAPPER, clock), signingKeys, clock,
                SEND_TIMEOUT);
    }

    @Test
    void aSlowTokenFetchLeavesTheRequestOnlyWhatIsLeftOfTheBudget() {
        ScriptedTransport tokenEndpoint = tokenEndpointTaking(Duration.ofSeconds(15));
        ScriptedTransport endpoint = ScriptedTransport.answering(status(200));
        WebhookSender sender = sender(endpoint, tokenEndpoint);

        assertThat(sender.send(config(oauth()), EVENT, EVENT.payloadJson()).succeeded()).isTrue();

        assertThat(tokenEndpoint.timeouts()).containsExactly(SEND_TIMEOUT);
        assertThat(endpoint.timeouts()).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void aTokenFetchThatSpendsTheWholeBudgetEndsTheSendWithoutARequest() {
        ScriptedTransport tokenEndpoint = tokenEndpointTaking(Duration.ofSeconds(21));
        ScriptedTransport endpoint = ScriptedTransport.answering(status(200));
        WebhookSender sender = sender(endpoint, tokenEndpoint);

        DeliveryOutcome outcome = sender.send(config(oauth()), EVENT, EVENT.payloadJson());

        assertThat(outcome.code()).isEqualTo(FailureCode.Timeout);
        assertThat(endpoint.requests()).isEmpty();
    }

    @Test
    void theRefetchAndResendAfterA401ShareTheSameBudget() {
        ScriptedTransport tokenEndpoint = ScriptedTransport.answering((request, call) -> {
            clock.advance(Duration.ofSeconds(4));
            return tokens("").answer(request, call);
        });
        ScriptedTransport endpoint = ScriptedTransport.answering(status(200)).first((request, call) -> {
            clock.advance(Duration.ofSeconds(4));
            return new dev.webhooks.core.delivery.OutboundResponse(401, Map.of(), "");
        });
        WebhookSender sender = sender(endpoint, tokenEndpoint);

        assertThat(sender.send(config(oauth()), EVENT, EVENT.payloadJson()).succeeded()).isTrue();

        // 20 s: token (4 s), request answered 401 (4 s), new token (4 s), the resend gets the 8 s left.
        assertThat(tokenEndpoint.timeouts()).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(12));
        assertThat(endpoint.timeouts()).containsExactly(Duration.ofSeconds(16), Duration.ofSeconds(8));
    }
}
