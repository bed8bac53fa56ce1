package dev.webhooks.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/** The JDK HTTP servers the tests and the local runner start: on a loopback address, daemon threads, started. */
public final class LoopbackServers {

    private LoopbackServers() {
    }

    /** A server on {@code address}:{@code port} (0 for a free port) answering every path with {@code handler}. */
    public static HttpServer start(InetAddress address, int port, String threadName, HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
            server.createContext("/", handler);
            server.setExecutor(Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, threadName);
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + address + ":" + port, e);
        }
    }
}
