package dev.webhooks.core.application.dispatch;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;

import dev.webhooks.core.application.cache.Caches;
import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.HttpMethod;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.OutboundRequest;
import dev.webhooks.core.delivery.OutboundResponse;
import dev.webhooks.core.delivery.TransportException;
import dev.webhooks.core.port.WebhookTransport;

/**
 * OAuth2 client-credentials tokens for webhook endpoints, cached per config until shortly before they expire, so one
 * token serves many deliveries. The cache key includes a fingerprint of the OAuth settings and secret: changing the
 * config fetches a new token.
 */
public final class OAuthTokens {

    /** Used when the token endpoint names no lifetime. */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
    /** A token is kept at most this long, whatever the endpoint claims: a revoked token cannot live on forever. */
    static final Duration MAX_LIFETIME = Duration.ofHours(24);
    /** The longest a delivery waits for a token another delivery is fetching (the transport's own limit is less). */
    static final Duration MAX_SHARED_WAIT = Duration.ofMinutes(1);
    /** A token is renewed this long before it expires (at most a tenth of its lifetime). */
    static final Duration RENEW_BEFORE = Duration.ofSeconds(60);

    private final WebhookTransport transport;
    private final ObjectMapper mapper;
    private final Clock clock;
    /** Tokens of this many (config, OAuth settings) pairs are kept; the least recently used go first. */
    static final int CAPACITY = 10_000;

    private final Cache<String, CachedToken> cache;
    /** The exchanges under way, by cache key: removed when they end, so never more than the deliveries in flight. */
    private final Map<String, CompletableFuture<CachedToken>> exchanges = new ConcurrentHashMap<>();

    public OAuthTokens(WebhookTransport transport, ObjectMapper mapper, Clock clock) {
        this.transport = transport;
        this.mapper = mapper;
        this.clock = clock;
        this.cache = Caches.bounded(CAPACITY, clock).expireAfterWrite(MAX_LIFETIME).build();
    }

    /** The token for this config, from the cache or the token endpoint (within the transport's own time limit). */
    public String token(String configId, Auth.OAuthClientCredentials auth) throws TokenExchangeException {
        return token(configId, auth, WebhookTransport.NO_LIMIT);
    }

    /**
     * The token for this config, from the cache or the token endpoint, which gets at most {@code timeout}. Concurrent
     * deliveries that find no fresh token share one exchange: the first asks the endpoint, the others wait for its
     * answer (at most {@code timeout}), so a burst to one config costs one token request. No lock is held while the
     * endpoint is asked, so other configs' tokens are never held up.
     */
    public String token(String configId, Auth.OAuthClientCredentials auth, Duration timeout)
            throws TokenExchangeException {
        String key = cacheKey(configId, auth);
        for (int round = 1;; round++) {
            CachedToken cached = cache.getIfPresent(key);
            if (cached != null && clock.instant().isBefore(cached.renewAt())) {
                return cached.token();
            }
            CompletableFuture<CachedToken> mine = new CompletableFuture<>();
            CompletableFuture<CachedToken> running = exchanges.putIfAbsent(key, mine);
            if (running == null) {
                return fetch(key, auth, timeout, mine);
            }
            try {
                return awaitShared(running, timeout).token();
            } catch (TokenExchangeException e) {
                // The shared exchange ran out of the time of the delivery that started it; this one may have more.
                if (!e.timedOut() || round > 1) {
                    throw e;
                }
            }
        }
    }

    /** Asks the token endpoint for everyone waiting on {@code mine}, and caches the answer. */
    private String fetch(String key, Auth.OAuthClientCredentials auth, Duration timeout,
            CompletableFuture<CachedToken> mine) throws TokenExchangeException {
        // The exchange leaves the map before its waiters learn how it ended: a waiter that tries again must start a
        // new one, not find this finished one again.
        try {
            CachedToken fresh = exchange(auth, clock.instant(), timeout);
            cache.put(key, fresh);
            exchanges.remove(key, mine);
            mine.complete(fresh);
            return fresh.token();
        } catch (TokenExchangeException | RuntimeException | Error e) {
            exchanges.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** The answer of an exchange another delivery started, or its failure as this delivery's. */
    private static CachedToken awaitShared(CompletableFuture<CachedToken> running, Duration timeout)
            throws TokenExchangeException {
        long waitMillis = timeout.compareTo(MAX_SHARED_WAIT) < 0 ? timeout.toMillis() : MAX_SHARED_WAIT.toMillis();
        try {
            return running.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TokenExchangeException failed) {
                throw new TokenExchangeException(failed.getMessage(), failed.statusCode(), failed.timedOut());
            }
            throw new TokenExchangeException("Token exchange failed: " + e.getCause(), null);
        } catch (TimeoutException e) {
            throw new TokenExchangeException("Token endpoint did not answer in time", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenExchangeException("Interrupted while waiting for a token", null);
        }
    }

    /** Drops the cached token, for example after the endpoint answered 401 with it. */
    public void invalidate(String configId, Auth.OAuthClientCredentials auth) {
        cache.invalidate(cacheKey(configId, auth));
    }

    /** The outcome of a token exchange without using or filling the cache (the API's OAuth test). */
    public TokenResponse exchangeOnce(Auth.OAuthClientCredentials auth) throws TokenExchangeException {
        CachedToken token = exchange(auth, clock.instant(), WebhookTransport.NO_LIMIT);
        return new TokenResponse(token.token(), token.tokenType(), token.lifetime());
    }

    /** A token endpoint's answer. */
    public record TokenResponse(String accessToken, String tokenType, Duration expiresIn) {
    }

    private CachedToken exchange(Auth.OAuthClientCredentials auth, Instant now, Duration timeout)
            throws TokenExchangeException {
        OutboundResponse response;
        try {
            response = transport.send(tokenRequest(auth), timeout);
        } catch (TransportException e) {
            throw new TokenExchangeException("Token endpoint unreachable: " + e.getMessage(), null,
                    e.code() == FailureCode.Timeout);
        }
        if (!response.successful()) {
            throw new TokenExchangeException("Token endpoint answered HTTP " + response.statusCode(),
                    response.statusCode());
        }
        JsonNode json;
        try {
            json = mapper.readTree(response.body() == null ? "" : response.body());
        } catch (Exception e) {
            throw new TokenExchangeException("Token endpoint answered no JSON", response.statusCode());
        }
        String token = json == null ? null : json.path("access_token").asText(null);
        if (token == null || token.isBlank()) {
            throw new TokenExchangeException("Token endpoint answered without access_token", response.statusCode());
        }
        JsonNode expiresIn = json.path("expires_in");
        Duration lifetime = expiresIn.canConvertToLong() && expiresIn.asLong() > 0
                ? Duration.ofSeconds(Math.min(expiresIn.asLong(), MAX_LIFETIME.toSeconds()))
                : DEFAULT_LIFETIME;
        Duration margin = lifetime.dividedBy(10).compareTo(RENEW_BEFORE) < 0 ? lifetime.dividedBy(10) : RENEW_BEFORE;
        return new CachedToken(token, json.path("token_type").asText("Bearer"), lifetime,
                now.plus(lifetime).minus(margin));
    }

    /**
     * The client-credentials request: a form-encoded body for POST (and the other methods with a body), the query
     * string for GET; {@code customParameterList} entries go to the body, query or headers as they say.
     */
    static OutboundRequest tokenRequest(Auth.OAuthClientCredentials auth) {
        List<String[]> form = new ArrayList<>();
        form.add(new String[] { "grant_type", "client_credentials" });
        form.add(new String[] { "client_id", auth.clientId() });
        form.add(new String[] { "client_secret", auth.clientSecret().reveal() });
        List<String[]> query = new ArrayList<>();
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(new SimpleEntry<>("accept", "application/json"));
        for (Auth.CustomParameter parameter : auth.customParameters()) {
            switch (parameter.type()) {
                case BODY -> form.add(new String[] { parameter.key(), parameter.value() });
                case QUERY -> query.add(new String[] { parameter.key(), parameter.value() });
                case HEADER -> headers.add(new SimpleEntry<>(parameter.key(), parameter.value()));
            }
        }
        boolean formInQuery = auth.httpMethod() == HttpMethod.GET || auth.httpMethod() == HttpMethod.HEAD;
        if (formInQuery) {
            query.addAll(0, form);
        }
        String url = auth.endpoint();
        if (!query.isEmpty()) {
            url += (url.contains("?") ? "&" : "?") + encode(query);
        }
        return formInQuery
                ? new OutboundRequest(auth.httpMethod(), url, headers, null, null)
                : new OutboundRequest(auth.httpMethod(), url, headers, encode(form),
                        "application/x-www-form-urlencoded");
    }

    private static String encode(List<String[]> pairs) {
        StringBuilder encoded = new StringBuilder();
        for (String[] pair : pairs) {
            if (!encoded.isEmpty()) {
                encoded.append('&');
            }
            encoded.append(URLEncoder.encode(pair[0], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pair[1], StandardCharsets.UTF_8));
        }
        return encoded.toString();
    }

    private static String cacheKey(String configId, Auth.OAuthClientCredentials auth) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] { auth.clientId(), auth.endpoint(), auth.httpMethod().name(),
                    auth.clientSecret() == null ? "" : auth.clientSecret().reveal(),
                    auth.customParameters().toString() }) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return configId + ":" + HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record CachedToken(String token, String tokenType, Duration lifetime, Instant renewAt) {
    }

    /** The token endpoint did not produce a token. */
    public static class TokenExchangeException extends Exception {
        private final Integer statusCode;
        private final boolean timedOut;

        public TokenExchangeException(String message, Integer statusCode) {
            this(message, statusCode, false);
        }

        TokenExchangeException(String message, Integer statusCode, boolean timedOut) {
            super(message, null, false, false);
            this.statusCode = statusCode;
            this.timedOut = timedOut;
        }

        public Integer statusCode() {
            return statusCode;
        }

        /** The exchange ran out of its time (perhaps another delivery's shorter budget), not refused. */
        boolean timedOut() {
            return timedOut;
        }
    }
}
