package dev.webhooks.core.config;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A write-only value: a password, a client secret, an API key or a signing secret. Its {@link #toString()} never shows
 * the value, so a secret that reaches a log line by accident stays hidden.
 */
public final class Secret {

    private Supplier<String> source;
    private String value;

    private Secret(String value, Supplier<String> source) {
        this.value = value;
        this.source = source;
    }

    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value), null);
    }

    /**
     * A secret decrypted only when it is first revealed. Reading configs then costs no decryption (with KMS, no call)
     * unless a secret is really used: the API never needs one, the dispatcher only for the configs it sends to.
     */
    public static Secret lazy(Supplier<String> source) {
        return new Secret(null, Objects.requireNonNull(source));
    }

    /** The plain value, for the one place that needs it: encryption, an outbound header, a signature. */
    public synchronized String reveal() {
        if (value == null) {
            value = Objects.requireNonNull(source.get());
            source = null;
        }
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.reveal().equals(reveal());
    }

    @Override
    public int hashCode() {
        return reveal().hashCode();
    }

    @Override
    public String toString() {
        return "Secret[***]";
    }
}
