package dev.webhooks.core.application.dispatch;

import java.net.URI;
import java.net.URLDecoder;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.OutboundRequest;
import dev.webhooks.core.delivery.OutboundResponse;
import dev.webhooks.core.delivery.TransportException;
import dev.webhooks.core.port.WebhookTransport;

/**
 * A transport that opens no socket: it records every request and answers from a script (queued answers first, then a
 * standing answer). Safe to call from the delivery pool's threads.
 */
final class ScriptedTransport implements WebhookTransport {

    /** How the fake answers one request. */
    @FunctionalInterface
    interface Answer {
        OutboundResponse answer(OutboundRequest request, int callNumber) throws TransportException;
    }

    private final List<OutboundRequest> requests = new ArrayList<>();
    private final List<Duration> timeouts = new ArrayList<>();
    private final Deque<Answer> queued = new ArrayDeque<>();
    private final Answer standing;

    private ScriptedTransport(Answer standing) {
        this.standing = standing;
    }

    static ScriptedTransport answering(Answer standing) {
        return new ScriptedTransport(standing);
    }

    /** Answers the next request with {@code answer}, before the standing answer takes over. */
    synchronized ScriptedTransport first(Answer answer) {
        queued.add(answer);
        return this;
    }

    @Override
    public OutboundResponse send(OutboundRequest request, Duration timeout) throws TransportException {
        Answer answer;
        int call;
        synchronized (this) {
            requests.add(request);
            timeouts.add(timeout);
            call = requests.size();
            answer = queued.isEmpty() ? standing : queued.poll();
        }
        // Outside the lock: an answer may take its time, as a slow endpoint does, while others are sent.
        return answer.answer(request, call);
    }

    synchronized List<OutboundRequest> requests() {
        return List.copyOf(requests);
    }

    /** The time each request was given, in order. */
    synchronized List<Duration> timeouts() {
        return List.copyOf(timeouts);
    }

    synchronized OutboundRequest lastRequest() {
        return requests.get(requests.size() - 1);
    }

    static Answer status(int statusCode) {
        return (request, call) -> new OutboundResponse(statusCode, Map.of(), "");
    }

    static Answer status(int statusCode, Map<String, String> headers, String body) {
        return (request, call) -> new OutboundResponse(statusCode, headers, body);
    }

    static Answer failing(FailureCode code) {
        return (request, call) -> {
            throw new TransportException(code, code + " (scripted)", null);
        };
    }

    /** A token endpoint that hands out {@code token-1}, {@code token-2}, ... with the given JSON after the token. */
    static Answer tokens(String moreJson) {
        return (request, call) -> new OutboundResponse(200, Map.of("content-type", "application/json"),
                "{\"access_token\":\"token-" + call + "\",\"token_type\":\"Bearer\"" + moreJson + "}");
    }

    /** The values of one header, in order. */
    static List<String> header(OutboundRequest request, String name) {
        return request.headers().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).toList();
    }

    /** A form-encoded string ({@code a=1&b=2}) decoded into its pairs, in order. */
    static Map<String, String> decodeForm(String encoded) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return pairs;
        }
        for (String pair : encoded.split("&")) {
            String[] keyValue = pair.split("=", -1);
            if (keyValue.length != 2) {
                throw new AssertionError("not a key=value pair: '" + pair + "' in " + encoded);
            }
            String key = URLDecoder.decode(keyValue[0], StandardCharsets.UTF_8);
            if (pairs.put(key, URLDecoder.decode(keyValue[1], StandardCharsets.UTF_8)) != null) {
                throw new AssertionError("repeated key '" + key + "' in " + encoded);
            }
        }
        return pairs;
    }

    /** The decoded query string of a URL. */
    static Map<String, String> query(String url) {
        return decodeForm(URI.create(url).getRawQuery());
    }

    /** A request's headers by name, as a receiver (and the Standard Webhooks verifier) reads them. */
    static Map<String, List<String>> headersOf(OutboundRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().forEach(header -> headers.computeIfAbsent(header.getKey(),
                name -> new ArrayList<>()).add(header.getValue()));
        return headers;
    }
}
