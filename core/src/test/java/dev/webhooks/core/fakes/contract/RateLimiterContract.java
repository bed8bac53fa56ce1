package dev.webhooks.core.fakes.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.webhooks.core.port.RateLimiter;

/** What every {@link RateLimiter} must do (in memory in core, on dynalite in test-support). */
public abstract class RateLimiterContract {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    protected abstract RateLimiter limiter();

    private final String org = "org-" + UUID.randomUUID();

    @Test
    void aBurstOfTheLimitGoesAtOnceAndTheRestIsSpaced() {
        assertThat(limiter().reserve(org, "cfg-1", 2, T0)).isEqualTo(T0);
        assertThat(limiter().reserve(org, "cfg-1", 2, T0)).isEqualTo(T0);
        assertThat(limiter().reserve(org, "cfg-1", 2, T0)).isEqualTo(T0.plusMillis(500));
        assertThat(limiter().reserve(org, "cfg-1", 2, T0)).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void configsHaveSlotsOfTheirOwn() {
        limiter().reserve(org, "cfg-1", 1, T0);
        assertThat(limiter().reserve(org, "cfg-1", 1, T0)).isEqualTo(T0.plusSeconds(1));
        assertThat(limiter().reserve(org, "cfg-2", 1, T0)).isEqualTo(T0);
        assertThat(limiter().reserve("other-" + org, "cfg-1", 1, T0)).isEqualTo(T0);
    }

    @Test
    void anIdleConfigStartsAfresh() {
        limiter().reserve(org, "cfg-1", 1, T0);
        limiter().reserve(org, "cfg-1", 1, T0);

        assertThat(limiter().reserve(org, "cfg-1", 1, T0.plusSeconds(60))).isEqualTo(T0.plusSeconds(60));
    }
}
