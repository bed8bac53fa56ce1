package dev.webhooks.core.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.webhooks.core.config.HttpMethod;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.OutboundRequest;
import dev.webhooks.core.delivery.TransportException;
import dev.webhooks.core.fakes.TestDeliverySettings;

/**
 * How the transport classifies a request that got no answer, against real sockets on loopback: a failure before the
 * request could reach the endpoint is a {@code ConnectionError} (retried at once), a connection that breaks after the
 * request was written is {@code ConnectionLost} (it waits for the retry schedule, since the endpoint may have acted).
 */
class ApacheWebhookTransportTest {

    private final ApacheWebhookTransport transport = new ApacheWebhookTransport(TestDeliverySettings.with(Map.of(
            "allowedAddressRanges", "127.0.0.0/8", "totalTimeout", "5s", "connectTimeout", "2s")));
    private ServerSocket server;

    @AfterEach
    void close() throws IOException {
        transport.close();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRefusedConnectionNeverReachedTheEndpoint() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }

        assertThatThrownBy(() -> transport.send(post("http://127.0.0.1:" + closedPort + "/hook")))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.code()).isEqualTo(FailureCode.ConnectionError));
    }

    @Test
    void aResetAfterTheRequestWasReadIsAConnectionLost() throws IOException {
        AtomicInteger requestsRead = new AtomicInteger();
        listen(socket -> {
            readRequestHead(socket);
            requestsRead.incrementAndGet();
            reset(socket);
        });

        assertThatThrownBy(() -> transport.send(post(url())))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.code()).isEqualTo(FailureCode.ConnectionLost));
        assertThat(requestsRead).hasValue(1);
    }

    @Test
    void aConnectionClosedWithoutAnAnswerIsAConnectionLost() throws IOException {
        listen(socket -> {
            readRequestHead(socket);
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is the point
            }
        });

        assertThatThrownBy(() -> transport.send(post(url())))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.code()).isEqualTo(FailureCode.ConnectionLost));
    }

    @Test
    void anAnswerIsAResponseNotAFailure() throws Exception {
        listen(socket -> {
            readRequestHead(socket);
            try (OutputStream out = socket.getOutputStream()) {
                out.write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException ignored) {
                // the client went away
            }
        });

        assertThat(transport.send(post(url())).statusCode()).isEqualTo(204);
    }

    private void listen(Consumer<Socket> handler) throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    handler.accept(server.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        }, "transport-test-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/hook";
    }

    private static OutboundRequest post(String url) {
        return new OutboundRequest(HttpMethod.POST, url, List.of(), "{\"ok\":true}", "application/json");
    }

    /** Reads up to the end of the request's headers (the small body may follow; it does not matter here). */
    private static void readRequestHead(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            int matched = 0;
            byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            while (matched < end.length) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Closes with SO_LINGER 0: the peer gets a TCP reset instead of an orderly close. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException ignored) {
            // the reset is the point
        }
    }
}
