package dev.webhooks.core.application.dispatch;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.webhooks.core.application.signing.OrganizationSigningKeys;
import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.HttpMethod;
import dev.webhooks.core.config.Secret;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryOutcome;
import dev.webhooks.core.delivery.Ed25519Signature;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.InboundEvent;
import dev.webhooks.core.delivery.OutboundRequest;
import dev.webhooks.core.delivery.OutboundResponse;
import dev.webhooks.core.delivery.TransportException;
import dev.webhooks.core.delivery.WebhookSignature;
import dev.webhooks.core.port.WebhookTransport;

/**
 * One attempt to deliver an event to a config's endpoint: authenticate (failing closed), sign, send with the
 * configured method, and classify the answer.
 *
 * <p>What each method carries: POST, PUT, PATCH and DELETE send the body as JSON (the event, or the config's
 * transform of it, chosen by the caller); the signatures cover exactly those bytes. GET, HEAD and OPTIONS
 * send no body (many servers and proxies drop or refuse one); their signature is computed over an empty body, and the
 * receiver learns the event only by its {@code webhook-id}. The README says so.
 *
 * <p>What {@code webhook-signature} holds, space-separated: one {@code v1} HMAC per signing secret in use (two during a
 * rotation's grace, so receivers may switch to the new secret at any moment within it), then one {@code v1a} Ed25519
 * signature with the organization's key. Standard Webhooks verifiers accept the header if any entry they know matches.
 */
public final class WebhookSender {

    public static final String USER_AGENT = "webhooks-dispatcher/1.0 (+https://www.standardwebhooks.com)";

    private final WebhookTransport transport;
    private final OAuthTokens tokens;
    private final OrganizationSigningKeys signingKeys;
    private final Clock clock;
    private final Duration sendTimeout;

    /** @param sendTimeout the budget of one whole send (see {@link #send(WebhookConfig, InboundEvent, String, Instant)}) */
    public WebhookSender(WebhookTransport transport, OAuthTokens tokens, OrganizationSigningKeys signingKeys,
            Clock clock, Duration sendTimeout) {
        this.transport = transport;
        this.tokens = tokens;
        this.signingKeys = signingKeys;
        this.clock = clock;
        this.sendTimeout = sendTimeout;
    }

    /** One attempt to send {@code body} for {@code event}, within the configured send budget from now. */
    public DeliveryOutcome send(WebhookConfig config, InboundEvent event, String body) {
        return send(config, event, body, clock.instant().plus(sendTimeout));
    }

    /**
     * One attempt that is over by {@code budgetEnd}: the token fetch, the request, and the refetch and resend after a
     * 401 each get what is left of the budget, so a slow token endpoint shortens the request rather than the function's
     * time running out.
     *
     * @param body the JSON the delivery sends: the event, or the config's transform of it; signed as sent
     */
    public DeliveryOutcome send(WebhookConfig config, InboundEvent event, String body, Instant budgetEnd) {
        Instant started = clock.instant();
        if (!config.auth().complete()) {
            return DeliveryOutcome.failure(FailureCode.AuthMisconfigured,
                    "The config's " + config.auth().type() + " authentication has no secret", started,
                    clock.instant());
        }
        try {
            DeliveryOutcome outcome = attempt(config, event, body, started, budgetEnd);
            if (outcome.statusCode() != null && outcome.statusCode() == 401
                    && config.auth() instanceof Auth.OAuthClientCredentials oauth) {
                // The cached token may have been revoked early: fetch a new one and try once more.
                tokens.invalidate(config.id(), oauth);
                outcome = attempt(config, event, body, started, budgetEnd);
            }
            return outcome;
        } catch (OAuthTokens.TokenExchangeException e) {
            return new DeliveryOutcome(e.statusCode(), FailureCode.OAuthTokenExchangeError, e.getMessage(), null,
                    null, started, clock.instant());
        }
    }

    private DeliveryOutcome attempt(WebhookConfig config, InboundEvent event, String body, Instant started,
            Instant budgetEnd) throws OAuthTokens.TokenExchangeException {
        try {
            OutboundRequest request = request(config, event, body, budgetEnd);
            OutboundResponse response = transport.send(request, left(budgetEnd));
            Instant ended = clock.instant();
            if (response.successful()) {
                return new DeliveryOutcome(response.statusCode(), null, "Delivered", response.body(), null, started,
                        ended);
            }
            if (response.statusCode() == 410) {
                return new DeliveryOutcome(410, FailureCode.Gone,
                        "Endpoint answered 410 Gone: the config is disabled", response.body(), null, started, ended);
            }
            String message = response.statusCode() >= 300 && response.statusCode() < 400
                    ? "Endpoint answered a redirect (" + response.header("location").orElse("no location")
                            + "), which is not followed"
                    : "Endpoint answered HTTP " + response.statusCode();
            return new DeliveryOutcome(response.statusCode(), FailureCode.HttpError, message, response.body(),
                    retryAfter(response, ended).orElse(null), started, ended);
        } catch (TransportException e) {
            return DeliveryOutcome.failure(e.code(), e.getMessage(), started, clock.instant());
        }
    }

    /** What is left of the send's budget; none left fails the send as a timeout before another request starts. */
    private Duration left(Instant budgetEnd) throws TransportException {
        Duration left = Duration.between(clock.instant(), budgetEnd);
        if (left.isNegative() || left.isZero()) {
            throw new TransportException(FailureCode.Timeout, "The send's time budget ran out", null);
        }
        return left;
    }

    private OutboundRequest request(WebhookConfig config, InboundEvent event, String json, Instant budgetEnd)
            throws OAuthTokens.TokenExchangeException, TransportException {
        boolean hasBody = carriesBody(config.httpMethod());
        String body = hasBody ? json : "";
        String messageId = WebhookSignature.messageId(event.eventId(), config.id());
        Instant now = clock.instant();
        long timestamp = now.getEpochSecond();
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(new SimpleEntry<>("user-agent", USER_AGENT));
        // The config's own headers: none may be one set here (refused when the config was saved).
        config.customHeaders().values().forEach((name, value) -> headers.add(new SimpleEntry<>(name, value.reveal())));
        headers.add(new SimpleEntry<>(WebhookSignature.ID_HEADER, messageId));
        headers.add(new SimpleEntry<>(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp)));
        headers.add(new SimpleEntry<>(WebhookSignature.SIGNATURE_HEADER,
                signatures(config, messageId, now, body)));
        headers.addAll(authHeaders(config, budgetEnd));
        return new OutboundRequest(config.httpMethod(), config.url(), headers, hasBody ? body : null,
                hasBody ? "application/json" : null);
    }

    /** The {@code webhook-signature} value: {@code v1} per secret in use at {@code now}, then {@code v1a}. */
    private String signatures(WebhookConfig config, String messageId, Instant now, String body) {
        long timestamp = now.getEpochSecond();
        List<String> signatures = new ArrayList<>();
        for (Secret secret : config.signingSecretsAt(now)) {
            signatures.add(WebhookSignature.sign(secret, messageId, timestamp, body));
        }
        signatures.add(signingKeys.signer(config.organizationId()).sign(messageId, timestamp, body));
        return String.join(" ", signatures);
    }

    /** The authentication headers; an unknown kind of authentication sends nothing rather than something wrong. */
    private List<Map.Entry<String, String>> authHeaders(WebhookConfig config, Instant budgetEnd)
            throws OAuthTokens.TokenExchangeException, TransportException {
        Auth auth = config.auth();
        if (auth instanceof Auth.Basic basic) {
            String credentials = basic.username() + ":" + basic.password().reveal();
            return List.of(new SimpleEntry<>("authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))));
        }
        if (auth instanceof Auth.ApiKey apiKey) {
            return List.of(new SimpleEntry<>(apiKey.keyName(), apiKey.keyValue().reveal()));
        }
        if (auth instanceof Auth.OAuthClientCredentials oauth) {
            return List.of(new SimpleEntry<>("authorization", "Bearer " + tokens.token(config.id(), oauth,
                    left(budgetEnd))));
        }
        return List.of();
    }

    public static boolean carriesBody(HttpMethod method) {
        return method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS;
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date, on 429 and 503. */
    static Optional<Duration> retryAfter(OutboundResponse response, Instant now) {
        if (response.statusCode() != 429 && response.statusCode() != 503) {
            return Optional.empty();
        }
        return response.header("retry-after").map(String::trim).flatMap(value -> {
            if (value.matches("\\d{1,9}")) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            }
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(now, at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }
}
