package dev.webhooks.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for API Gateway's HTTP API on a loopback port, in front of a {@link PackagedFunction}: each HTTP request
 * becomes the payload 2.0 event API Gateway would send, the function is invoked with it as Lambda would, and its answer
 * is written back. Unlike Quarkus dev mode's mock event server, which listens on every interface and takes raw events
 * with any claims on {@code /_lambda_}, there is nothing here but the routes the function serves, on 127.0.0.1 only.
 * There is no JWT authorizer: the function verifies tokens itself, as it does locally and in tests.
 */
public final class HttpApiGateway implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HttpApiGateway.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter
            .ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** Set by this server from the body it writes, not copied from the function's answer. */
    private static final java.util.Set<String> FRAMING = java.util.Set.of("content-length", "transfer-encoding",
            "connection");

    private final HttpServer server;
    private final PackagedFunction function;

    private HttpApiGateway(int port, PackagedFunction function) {
        this.function = function;
        this.server = LoopbackServers.start(InetAddress.getLoopbackAddress(), port, "http-api-gateway", this::handle);
    }

    /** Serves {@code function} on 127.0.0.1:{@code port} (0 for a free port). */
    public static HttpApiGateway start(int port, PackagedFunction function) {
        return new HttpApiGateway(port, function);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The address the gateway listens on: a loopback address, never every interface. */
    public InetAddress address() {
        return server.getAddress().getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            JsonNode answer;
            try {
                answer = MAPPER.readTree(function.invoke(event(exchange, body).toString()));
            } catch (Exception e) {
                // As API Gateway answers when the integration fails.
                LOG.warnf("The API function failed: %s", e.getMessage());
                reply(exchange, 500, "{\"message\":\"Internal Server Error\"}".getBytes(), "application/json");
                return;
            }
            answer.path("headers").fields().forEachRemaining(header -> {
                if (!FRAMING.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    exchange.getResponseHeaders().add(header.getKey(), header.getValue().asText());
                }
            });
            answer.path("multiValueHeaders").fields().forEachRemaining(header -> {
                if (!FRAMING.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    header.getValue().forEach(value -> exchange.getResponseHeaders().add(header.getKey(),
                            value.asText()));
                }
            });
            answer.path("cookies").forEach(cookie -> exchange.getResponseHeaders().add("Set-Cookie", cookie.asText()));
            String text = answer.path("body").asText("");
            byte[] payload = answer.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(text)
                    : text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            reply(exchange, answer.path("statusCode").asInt(200), payload, null);
        }
    }

    /** The HTTP API payload format 2.0 event of one request (the fields the function reads, and the usual ones). */
    private static ObjectNode event(HttpExchange exchange, byte[] body) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", exchange.getRequestURI().getRawPath());
        String query = exchange.getRequestURI().getRawQuery();
        event.put("rawQueryString", query == null ? "" : query);
        ObjectNode headers = event.putObject("headers");
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            headers.put(header.getKey().toLowerCase(Locale.ROOT), String.join(",", header.getValue()));
        }
        Instant now = Instant.now();
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "000000000000");
        context.put("apiId", "local");
        context.put("domainName", "localhost");
        context.put("domainPrefix", "localhost");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", "$default");
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        ObjectNode http = context.putObject("http");
        http.put("method", exchange.getRequestMethod());
        http.put("path", exchange.getRequestURI().getPath());
        http.put("protocol", exchange.getProtocol());
        http.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        http.put("userAgent", exchange.getRequestHeaders().getFirst("User-Agent"));
        if (body.length > 0) {
            event.put("body", Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", true);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    private static void reply(HttpExchange exchange, int status, byte[] body, String contentType) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        boolean empty = body.length == 0 || status == 204 || status == 304
                || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
