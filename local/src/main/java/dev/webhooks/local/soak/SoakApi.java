package dev.webhooks.local.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import dev.webhooks.testing.TokenIssuer;

/** The local API as a client sees it: HTTP with an organization's bearer token. */
final class SoakApi {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    SoakApi(String base) {
        this.base = base;
    }

    /** An answer: its status, its ETag (or null), its JSON body (missing when none), and how long it took. */
    record Response(int status, String etag, JsonNode json, Duration took) {
    }

    /** Sends {@code body} (or none) to {@code path} as {@code organizationId}, with {@code ifMatch} when given. */
    Response send(String method, String path, String organizationId, JsonNode body, String ifMatch)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + tokens.computeIfAbsent(organizationId,
                        organization -> TokenIssuer.shared().tokenFor(organization)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        JsonNode json = response.body().isBlank() ? MissingNode.getInstance() : MAPPER.readTree(response.body());
        return new Response(response.statusCode(), response.headers().firstValue("ETag").orElse(null), json, took);
    }
}
