package dev.webhooks.local.soak;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A webhook receiver that misbehaves on purpose, over plain sockets so that it can do what an HTTP server library
 * will not: reset a connection after reading a request, or never answer. Each request gets the {@link Answer} its
 * {@code behaviour} chooses; every request read in full is recorded with the answer it got. It can stop listening and
 * listen again on the same port (an endpoint that is down for a while).
 */
public final class ChaosReceiver implements AutoCloseable {

    /** What the receiver does with a request it has read. */
    public interface Answer {

        /** Answers {@code status} with {@code headers} and {@code body}, after {@code delay}. */
        record Respond(int status, Map<String, String> headers, String body, Duration delay) implements Answer {
        }

        /** Resets the connection (an RST, no answer) once the request is read. */
        record Reset() implements Answer {
        }

        /** Never answers: holds the connection until the client gives up. */
        record Hang() implements Answer {
        }

        static Answer ok() {
            return new Respond(200, Map.of(), "{\"ok\":true}", Duration.ZERO);
        }

        static Answer status(int status) {
            return new Respond(status, Map.of(), "{\"status\":" + status + "}", Duration.ZERO);
        }
    }

    /** A request the receiver read, and what it did with it. */
    public record Received(Instant at, String method, String path, Map<String, String> headers, String body,
            Answer answer) {

        /** A header's value (names are case-insensitive), or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** Whether the sender got a 2xx answer, so that the delivery counts as received. */
        public boolean answeredSuccess() {
            return answer instanceof Answer.Respond respond && respond.status() / 100 == 2;
        }
    }

    private final Function<Received, Answer> behaviour;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final ExecutorService connections;
    private final List<Socket> open = new ArrayList<>();
    private final InetAddress address;
    private final int port;
    private volatile ServerSocket server;
    /**
     * While down: a socket bound to the port but not listening, so connections are refused and no other process's
     * free-port search takes the port before the receiver comes back on it.
     */
    private Socket placeholder;

    private ChaosReceiver(String name, Function<Received, Answer> behaviour, ServerSocket server) {
        this.address = server.getInetAddress();
        this.behaviour = behaviour;
        this.server = server;
        this.port = server.getLocalPort();
        this.connections = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "chaos-receiver-" + name);
            thread.setDaemon(true);
            return thread;
        });
        accept(server);
    }

    /**
     * Starts a receiver on a free loopback port.
     *
     * @param behaviour chooses the answer to each request, given the request (its {@code answer} is null)
     */
    public static ChaosReceiver start(String name, String loopbackAddress, Function<Received, Answer> behaviour) {
        try {
            return new ChaosReceiver(name, behaviour, listen(InetAddress.getByName(loopbackAddress), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return "http://" + address.getHostAddress() + ":" + port + path;
    }

    /** Every request read in full so far, in arrival order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Stops listening and drops every open connection: the endpoint is down, connections are refused. */
    public synchronized void goDown() {
        drop();
        for (int attempt = 1; ; attempt++) {
            try {
                Socket holder = new Socket();
                holder.setReuseAddress(true);
                holder.bind(new InetSocketAddress(address, port));
                placeholder = holder;
                return;
            } catch (IOException e) {
                // The listening socket is released a moment after close(), once its accepting thread has woken.
                if (attempt == 100) {
                    throw new UncheckedIOException("Cannot hold " + address.getHostAddress() + ":" + port, e);
                }
                Soak.sleep(Duration.ofMillis(10));
            }
        }
    }

    /** Listens again on the same port. */
    public synchronized void comeUp() {
        releasePlaceholder();
        server = listen(address, port);
        accept(server);
    }

    @Override
    public synchronized void close() {
        drop();
        releasePlaceholder();
        connections.shutdownNow();
    }

    private void drop() {
        try {
            server.close();
            for (Socket socket : open) {
                socket.close();
            }
            open.clear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void releasePlaceholder() {
        if (placeholder != null) {
            try {
                placeholder.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            placeholder = null;
        }
    }

    private static ServerSocket listen(InetAddress address, int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port), 256);
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + address.getHostAddress() + ":" + port, e);
        }
    }

    private void accept(ServerSocket listening) {
        connections.execute(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket socket = listening.accept();
                    synchronized (this) {
                        open.add(socket);
                    }
                    connections.execute(() -> serve(socket));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    /** Serves the requests of one keep-alive connection until the client closes it or an answer ends it. */
    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream()) {
            while (true) {
                Received request = read(in);
                if (request == null) {
                    return;
                }
                Answer answer = behaviour.apply(request);
                received.add(new Received(request.at(), request.method(), request.path(), request.headers(),
                        request.body(), answer));
                if (answer instanceof Answer.Reset) {
                    socket.setSoLinger(true, 0);
                    return;
                }
                if (answer instanceof Answer.Hang) {
                    // Reads until the client gives up and closes: what a stuck server looks like.
                    while (in.read() >= 0) {
                        // discard
                    }
                    return;
                }
                respond(out, (Answer.Respond) answer);
            }
        } catch (SocketException gone) {
            // The client or goDown closed the connection.
        } catch (IOException | InterruptedException e) {
            // A connection that broke is what this receiver is for; the sender sees it as such.
        } finally {
            synchronized (this) {
                open.remove(socket);
            }
        }
    }

    private static void respond(OutputStream out, Answer.Respond respond) throws IOException, InterruptedException {
        if (!respond.delay().isZero()) {
            Thread.sleep(respond.delay().toMillis());
        }
        byte[] body = respond.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(respond.status()).append(" Chaos\r\n")
                .append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        respond.headers().forEach((header, value) -> head.append(header).append(": ").append(value).append("\r\n"));
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** One request (line, headers, body by Content-Length or chunks), or null at the end of the connection. */
    private static Received read(InputStream in) throws IOException {
        String line = line(in);
        if (line == null || line.isEmpty()) {
            return null;
        }
        String[] parts = line.split(" ");
        Map<String, String> headers = new TreeMap<>();
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in).trim(), 16); size > 0;
                    size = Integer.parseInt(line(in).trim(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
            line(in);
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        }
        return new Received(Instant.now(), parts[0], parts.length > 1 ? parts[1] : "/", headers,
                body.toString(StandardCharsets.UTF_8), null);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
