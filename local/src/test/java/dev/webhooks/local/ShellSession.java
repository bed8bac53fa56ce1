package dev.webhooks.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One bash session, as a person types into a terminal: commands run one after the other in the same shell, so
 * variables one block sets are there for the next. {@code set -euo pipefail} ends the session at the first command
 * that fails, which the next {@link #run} reports with everything the session printed.
 */
final class ShellSession implements AutoCloseable {

    private final Process bash;
    private final Writer input;
    private final BufferedReader output;
    private final List<String> transcript = Collections.synchronizedList(new ArrayList<>());

    ShellSession(Path directory) {
        try {
            bash = new ProcessBuilder("bash", "--noprofile", "--norc").directory(directory.toFile())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start bash", e);
        }
        input = bash.outputWriter(StandardCharsets.UTF_8);
        output = bash.inputReader(StandardCharsets.UTF_8);
        send("set -euo pipefail");
    }

    /** Runs {@code commands} and answers what they printed (standard output and error), line by line. */
    List<String> run(String commands, long timeoutSeconds) {
        String marker = "__block_done_" + UUID.randomUUID() + "__";
        transcript.add("$ " + commands.strip().replace("\n", "\n  "));
        // A command that reads its standard input gets nothing, rather than the commands that follow it.
        send("{\n" + commands.strip() + "\n} </dev/null\necho " + marker);
        CompletableFuture<List<String>> printed = CompletableFuture.supplyAsync(() -> readUntil(marker));
        try {
            return printed.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException slow) {
            close();
            throw new AssertionError("These commands did not finish within " + timeoutSeconds + " s:\n"
                    + transcript());
        } catch (ExecutionException failed) {
            throw new AssertionError(failed.getCause().getMessage() + "\n" + transcript());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", interrupted);
        }
    }

    private String transcript() {
        synchronized (transcript) {
            return String.join("\n", transcript);
        }
    }

    private List<String> readUntil(String marker) {
        List<String> lines = new ArrayList<>();
        try {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (line.equals(marker)) {
                    return lines;
                }
                lines.add(line);
                transcript.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("A command failed and ended the shell (set -e):");
    }

    private void send(String text) {
        try {
            input.write(text + "\n");
            input.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("The shell has ended", e);
        }
    }

    @Override
    public void close() {
        bash.destroy();
    }
}
