package dev.webhooks.local;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.webhooks.testing.LoopbackServers;
import dev.webhooks.testing.TokenIssuer;

/**
 * Hands out bearer tokens for any organization on {@code GET /token?organization=<id>}, so that scripts and curl can
 * call the local API. It exists only in the local runner: the Lambda functions never contain it, and the deployed API
 * trusts only tokens that API Gateway's JWT authorizer verified.
 */
final class DevTokenServer implements AutoCloseable {

    private final HttpServer server;

    private DevTokenServer(HttpServer server) {
        this.server = server;
    }

    static DevTokenServer start(int port, TokenIssuer issuer) {
        return new DevTokenServer(LoopbackServers.start(InetAddress.getLoopbackAddress(), port, "dev-token-server",
                exchange -> {
                    if (exchange.getRequestURI().getPath().equals("/token")) {
                        answer(exchange, issuer);
                    } else {
                        exchange.sendResponseHeaders(404, -1);
                        exchange.close();
                    }
                }));
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, TokenIssuer issuer) throws IOException {
        String organization = query(exchange).get("organization");
        int status;
        String body;
        if (!"GET".equals(exchange.getRequestMethod())) {
            status = 405;
            body = "Use GET /token?organization=<id>\n";
        } else if (organization == null || organization.isBlank()) {
            status = 400;
            body = "Name the organization: GET /token?organization=<id>\n";
        } else {
            status = 200;
            body = issuer.tokenFor(organization);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> parameters = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
