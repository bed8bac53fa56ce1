package dev.webhooks.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A DynamoDB-compatible server: npm's {@code dynalite}, run with node on a free loopback port, in memory. It is
 * installed from the repository's {@code package-lock.json} ({@link NodeModules}).
 */
public final class Dynalite implements AutoCloseable {

    private final Process process;
    private final int port;

    private Dynalite(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Dynalite start() {
        Path cli = NodeModules.with("dynalite").resolve("dynalite/cli.js");
        int port = FreePorts.find();
        try {
            // Table status changes are instant: otherwise a new table stays CREATING for 500 ms.
            Process process = new ProcessBuilder(List.of("node", cli.toString(), "--host", "127.0.0.1",
                    "--port", Integer.toString(port), "--createTableMs", "0", "--deleteTableMs", "0",
                    "--updateTableMs", "0"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            Dynalite dynalite = new Dynalite(process, port);
            FreePorts.awaitListening(port, Duration.ofSeconds(20), process);
            return dynalite;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start dynalite (is node on the PATH?)", e);
        }
    }

    /** The dynalite process (the reliability soak freezes it). */
    public ProcessHandle process() {
        return process.toHandle();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
