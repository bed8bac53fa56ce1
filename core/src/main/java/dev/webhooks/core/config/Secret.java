package dev.webhooks.core.config;

import java.util.Objects;

/**
 * A write-only value: a password, a client secret, an API key or a signing secret. Its {@link #toString()} never shows
 * the value, so a secret that reaches a log line by accident stays hidden.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The plain value, for the one place that needs it: encryption, an outbound header, a signature. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "Secret[***]";
    }
}
