package dev.webhooks.local;

import java.io.IOException;
import java.net.InetAddress;

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
        String organization = LocalHttp.query(exchange.getRequestURI()).get("organization");
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
        LocalHttp.answer(exchange, status, LocalHttp.TEXT, body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
