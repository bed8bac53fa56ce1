package dev.webhooks.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.webhooks.core.config.RetryPolicy;

/** The Standard Webhooks schedule, its jitter, Retry-After and the retry policy's limits. */
class RetryScheduleTest {

    private static final List<Duration> STANDARD = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5));

    private static RetrySchedule withRandom(double value) {
        return new RetrySchedule(STANDARD, 0.2, () -> value);
    }

    static Stream<Arguments> steps() {
        return Stream.of(Arguments.of(1, Duration.ofSeconds(5)), Arguments.of(2, Duration.ofMinutes(5)),
                Arguments.of(3, Duration.ofMinutes(30)), Arguments.of(4, Duration.ofHours(2)),
                Arguments.of(5, Duration.ofHours(5)));
    }

    @ParameterizedTest(name = "retry {0} waits {1} without jitter")
    @MethodSource("steps")
    void theMiddleOfTheJitterIsTheStandardStep(int retry, Duration step) {
        assertThat(withRandom(0.5).waitBefore(retry, null)).isEqualTo(step);
    }

    @ParameterizedTest(name = "retry {0} stays within ±20 % of {1}")
    @MethodSource("steps")
    void jitterSpreadsAtMostTwentyPercent(int retry, Duration step) {
        assertThat(withRandom(0.0).waitBefore(retry, null)).isEqualTo(Duration.ofMillis(step.toMillis() * 8 / 10));
        assertThat(withRandom(0.999_999).waitBefore(retry, null).toMillis())
                .isBetween(step.toMillis() * 119 / 100, step.toMillis() * 12 / 10);
    }

    @Test
    void aLongerRetryAfterIsHonoured() {
        assertThat(withRandom(0.5).waitBefore(1, Duration.ofSeconds(8))).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void aShorterRetryAfterDoesNotShortenTheSchedule() {
        assertThat(withRandom(0.5).waitBefore(2, Duration.ofSeconds(1))).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void retryAfterIsCappedAtTwiceTheStep() {
        assertThat(withRandom(0.5).waitBefore(1, Duration.ofDays(3))).isEqualTo(Duration.ofSeconds(10));
        assertThat(withRandom(0.5).waitBefore(3, Duration.ofDays(3))).isEqualTo(Duration.ofHours(1));
    }

    static Stream<Arguments> policies() {
        return Stream.of(
                Arguments.of("no policy (stored before policies existed)", null, 1, false),
                Arguments.of("policy disabled", new RetryPolicy(false, 5), 1, false),
                Arguments.of("1 of 3 made", new RetryPolicy(true, 3), 1, true),
                Arguments.of("3 of 3 retries: 4 attempts made", new RetryPolicy(true, 3), 4, false),
                Arguments.of("3 made with maxAttempts 3", new RetryPolicy(true, 3), 3, true),
                Arguments.of("maxAttempts 1: one retry", new RetryPolicy(true, 1), 1, true),
                Arguments.of("maxAttempts 1: then no more", new RetryPolicy(true, 1), 2, false),
                Arguments.of("maxAttempts 5: the last retry", new RetryPolicy(true, 5), 5, true),
                Arguments.of("maxAttempts 5: done", new RetryPolicy(true, 5), 6, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void thePolicyDecidesWhetherAnotherAttemptFollows(String name, RetryPolicy policy, int made, boolean expected) {
        assertThat(withRandom(0.5).allowsRetry(policy, made)).isEqualTo(expected);
    }

    @Test
    void aShortScheduleLimitsTheRetriesToo() {
        RetrySchedule twoSteps = new RetrySchedule(STANDARD.subList(0, 2), 0, () -> 0.5);
        assertThat(twoSteps.allowsRetry(new RetryPolicy(true, 5), 2)).isTrue();
        assertThat(twoSteps.allowsRetry(new RetryPolicy(true, 5), 3)).isFalse();
    }

    @Test
    void aScheduleNeedsAStep() {
        assertThatThrownBy(() -> new RetrySchedule(List.of(), 0.2, () -> 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
