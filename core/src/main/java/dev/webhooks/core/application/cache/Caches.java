package dev.webhooks.core.application.cache;

import java.time.Clock;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Caffeine;

/** The one way the use cases build their caches: Caffeine, bounded, on the injected clock, maintained in-line. */
public final class Caches {

    private Caches() {
    }

    /**
     * A Caffeine builder with a size bound, whose time is {@code clock} (tests move it) and whose maintenance runs on
     * the calling thread: no background pool in a Lambda sandbox that freezes between invocations.
     */
    public static Caffeine<Object, Object> bounded(long maximumSize, Clock clock) {
        return Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .ticker(() -> {
                    Instant now = clock.instant();
                    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                })
                .executor(Runnable::run);
    }
}
