package dev.webhooks.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's top folder: where {@code package.json} and {@code mvnw} are. */
public final class RepositoryRoot {

    private RepositoryRoot() {
    }

    public static Path find() {
        String configured = System.getProperty("webhooks.repository.root");
        if (configured != null && Files.exists(Path.of(configured, "package.json"))) {
            return Path.of(configured).toAbsolutePath();
        }
        Path candidate = Path.of("").toAbsolutePath();
        while (candidate != null) {
            if (Files.exists(candidate.resolve("package.json")) && Files.exists(candidate.resolve("mvnw"))) {
                return candidate;
            }
            candidate = candidate.getParent();
        }
        throw new IllegalStateException("Cannot find the repository root (package.json beside mvnw) above "
                + Path.of("").toAbsolutePath());
    }
}
