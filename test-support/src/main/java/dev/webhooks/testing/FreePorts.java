package dev.webhooks.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Loopback ports: a free one to bind, and a wait until a server listens on one. */
public final class FreePorts {

    private FreePorts() {
    }

    public static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    /**
     * Waits until something accepts connections on the loopback port, or fails after {@code timeout}; fails at once
     * if {@code process} (the server's, when not null) ends first.
     */
    public static void awaitListening(int port, Duration timeout, Process process) {
        await("a server listening on port " + port).atMost(timeout).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(25)).until(() -> {
                    if (process != null && !process.isAlive()) {
                        throw new IllegalStateException("Process exited with code " + process.exitValue()
                                + " before listening on port " + port);
                    }
                    return accepts(port);
                });
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }
}
