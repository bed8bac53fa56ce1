package dev.webhooks.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's npm packages ({@code package.json}, installed from {@code package-lock.json}): dynalite, and the
 * Standard Webhooks library the receiver guide's Node snippet uses. A package that is missing, as in a fresh clone or
 * a checkout from before it was added, makes this run {@code npm ci} once, so no manual step is needed.
 */
public final class NodeModules {

    private NodeModules() {
    }

    /** The repository's {@code node_modules}, with {@code packageName} installed. */
    public static synchronized Path with(String packageName) {
        Path root = RepositoryRoot.find();
        Path modules = root.resolve("node_modules");
        if (!Files.isDirectory(modules.resolve(packageName))) {
            npmCi(root);
        }
        return modules;
    }

    private static void npmCi(Path root) {
        try {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (npm.waitFor() != 0) {
                throw new IllegalStateException("npm ci failed in " + root);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run npm ci (is npm on the PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during npm ci", e);
        }
    }
}
