package dev.webhooks.local.soak;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.webhooks.local.WebhookVerifier;
import dev.webhooks.local.soak.ChaosReceiver.Received;

/**
 * What each of the soak's destinations was given, and the checks of every request a receiver read: a delivery must
 * be signed with its own config's signing secret and carry its own config's credentials, and no request may carry a
 * secret that was given for another destination (or any signing secret, which is never sent). A destination is a
 * path on a receiver: a config's webhook URL, or an organization's OAuth token endpoint.
 */
final class Destinations {

    /**
     * A config's webhook URL path and what the dispatcher must send it.
     *
     * @param signingSecret the config's {@code whsec_} secret, which signs each delivery and is never sent
     * @param authHeader the header its auth puts on each delivery (lower case), or null for none
     * @param authValue that header's value
     * @param credentials the config's own secrets that may reach this path (the API key, the Basic password)
     */
    record Webhook(String path, String signingSecret, String authHeader, String authValue, Set<String> credentials) {
    }

    private final Map<String, Webhook> webhooks = new ConcurrentHashMap<>();
    /** Each token endpoint path's client secrets, each with the access token it is issued. */
    private final Map<String, Map<String, String>> tokenEndpoints = new ConcurrentHashMap<>();

    void add(Webhook webhook) {
        webhooks.put(webhook.path(), webhook);
    }

    /** The token endpoint at {@code path} issues {@code token} for {@code clientSecret}, and knows no other. */
    void issue(String path, String clientSecret, String token) {
        tokenEndpoints.computeIfAbsent(path, any -> new ConcurrentHashMap<>()).put(clientSecret, token);
    }

    /** The token a token request earns: its {@code client_secret} must be one its endpoint was given. */
    Optional<String> tokenFor(Received request) {
        String clientSecret = formField(request.body(), "client_secret");
        return clientSecret == null ? Optional.empty()
                : Optional.ofNullable(tokenEndpoints.getOrDefault(request.path(), Map.of()).get(clientSecret));
    }

    /**
     * Why a delivery request is not what its config's destination must get, or empty when it is. Checked as it
     * arrives, as a receiver checks it: the signature's timestamp must be within the tolerance of now.
     */
    Optional<String> problem(Received delivery) {
        Webhook webhook = webhooks.get(delivery.path());
        if (webhook == null) {
            return Optional.of("no config has the path " + delivery.path());
        }
        if (!WebhookVerifier.verifyV1(webhook.signingSecret(), delivery.headers(), delivery.body())) {
            return Optional.of("the signature does not verify with the config's secret at " + delivery.at());
        }
        if (webhook.authHeader() != null && !webhook.authValue().equals(delivery.header(webhook.authHeader()))) {
            return Optional.of("the " + webhook.authHeader() + " header is not the config's credentials");
        }
        return Optional.empty();
    }

    /**
     * The secrets a request carries anywhere (its path, headers or body) that were not given for the path it went
     * to: another destination's credentials, client secrets or tokens, or any signing secret. Each is named by whose
     * it is, never quoted.
     *
     * @param secrets {@link #secretsByOwner()}, computed once for all the requests checked
     */
    List<String> foreignSecrets(Received request, Map<String, String> secrets) {
        Set<String> own = ownSecrets(request.path());
        String text = request.path() + "\n" + request.headers() + "\n" + request.body();
        List<String> found = new ArrayList<>();
        secrets.forEach((secret, owner) -> {
            if (!own.contains(secret) && text.contains(secret)) {
                found.add(owner);
            }
        });
        return found;
    }

    /** Every secret the soak gave the service, each with whose it is. */
    Map<String, String> secretsByOwner() {
        Map<String, String> secrets = new ConcurrentHashMap<>();
        webhooks.values().forEach(webhook -> {
            secrets.put(webhook.signingSecret(), "the signing secret of " + webhook.path());
            // The key itself, in case it travels without its prefix, and as a URL or form would encode it.
            String key = webhook.signingSecret().replaceFirst("^whsec_", "");
            secrets.put(key, "the signing key of " + webhook.path());
            secrets.put(URLEncoder.encode(key, StandardCharsets.UTF_8), "the signing key of " + webhook.path());
            webhook.credentials().forEach(secret -> secrets.put(secret, "a credential of " + webhook.path()));
        });
        tokenEndpoints.forEach((path, issued) -> issued.forEach((clientSecret, token) -> {
            secrets.put(clientSecret, "a client secret of " + path);
            secrets.put(token, "a token issued by " + path);
        }));
        return secrets;
    }

    private Set<String> ownSecrets(String path) {
        Webhook webhook = webhooks.get(path);
        if (webhook != null) {
            // The token of an OAuth config is in its expected Authorization value.
            return Stream.concat(webhook.credentials().stream(), tokenEndpoints.values().stream()
                    .flatMap(issued -> issued.values().stream())
                    .filter(token -> webhook.authValue() != null && webhook.authValue().endsWith(" " + token)))
                    .collect(Collectors.toSet());
        }
        return tokenEndpoints.getOrDefault(path, Map.of()).keySet();
    }

    private static String formField(String form, String name) {
        for (String field : form.split("&")) {
            int equals = field.indexOf('=');
            if (equals > 0 && URLDecoder.decode(field.substring(0, equals), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(field.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
