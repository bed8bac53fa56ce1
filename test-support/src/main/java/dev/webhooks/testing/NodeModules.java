package dev.webhooks.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The repository's npm packages ({@code package.json}, installed from {@code package-lock.json}): dynalite, and the
 * Standard Webhooks library the receiver guide's Node snippet uses. A package that is missing, as in a fresh clone or
 * a checkout from before it was added, makes this run {@code npm ci} once, so no manual step is needed.
 */
public final class NodeModules {

    private static boolean checked;

    private NodeModules() {
    }

    /**
     * The repository's {@code node_modules}, with {@code packageName} installed. The first call checks every package
     * {@code package.json} names and runs {@code npm ci} if one is missing, before anything has started from
     * {@code node_modules}: {@code npm ci} deletes the directory first, under whatever runs from it.
     */
    public static synchronized Path with(String packageName) {
        Path root = RepositoryRoot.find();
        Path modules = root.resolve("node_modules");
        if (!checked) {
            if (!missing(root, modules).isEmpty()) {
                npmCi(root);
            }
            checked = true;
        }
        if (!Files.isDirectory(modules.resolve(packageName))) {
            throw new IllegalStateException(packageName + " is not in package.json, so npm does not install it");
        }
        return modules;
    }

    private static List<String> missing(Path root, Path modules) {
        try {
            List<String> missing = new ArrayList<>();
            new ObjectMapper().readTree(root.resolve("package.json").toFile()).path("devDependencies").fieldNames()
                    .forEachRemaining(name -> {
                        if (!Files.isDirectory(modules.resolve(name))) {
                            missing.add(name);
                        }
                    });
            return missing;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read package.json in " + root, e);
        }
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
