package dev.webhooks.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Where a delivery over its rate limit waits: its place in the second's line, at the limit's pace. */
class RateLimitBacklogTest {

    private static final Instant START_OF_SECOND = Instant.parse("2026-11-30T10:00:00Z");

    static Stream<Arguments> places() {
        return Stream.of(
                Arguments.of("the first of the second is admitted", 1, 2, START_OF_SECOND, Duration.ZERO),
                Arguments.of("the last within the limit is admitted", 2, 2, START_OF_SECOND, Duration.ZERO),
                Arguments.of("the first over the limit waits for the next second", 3, 2, START_OF_SECOND,
                        Duration.ofSeconds(1)),
                Arguments.of("the second over takes the next second's other slot", 4, 2, START_OF_SECOND,
                        Duration.ofMillis(1500)),
                Arguments.of("the third over waits two seconds", 5, 2, START_OF_SECOND, Duration.ofSeconds(2)),
                Arguments.of("the wait counts from now, not from the second's start", 3, 2,
                        START_OF_SECOND.plusMillis(400), Duration.ofMillis(600)),
                Arguments.of("at 1/s the tenth over waits ten seconds", 11, 1, START_OF_SECOND,
                        Duration.ofSeconds(10)),
                Arguments.of("at 1000/s the 1001st over waits two seconds", 2001, 1000, START_OF_SECOND,
                        Duration.ofSeconds(2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("places")
    void waitsForItsPlaceInLine(String rule, long count, int perSecond, Instant now, Duration expected) {
        assertThat(RateLimitBacklog.waitFor(count, perSecond, now)).isEqualTo(expected);
    }

    @Test
    void aBacklogComesBackAtTheLimitsPace() {
        int perSecond = 3;
        int[] perLaterSecond = new int[10];
        for (long count = perSecond + 1; count <= perSecond + 27; count++) {
            Duration wait = RateLimitBacklog.waitFor(count, perSecond, START_OF_SECOND);
            perLaterSecond[(int) wait.toSeconds()]++;
        }
        assertThat(perLaterSecond[0]).isZero();
        for (int second = 1; second <= 9; second++) {
            assertThat(perLaterSecond[second]).as("second %d", second).isEqualTo(perSecond);
        }
    }

    @Test
    void aLimitMustBePositive() {
        assertThatThrownBy(() -> RateLimitBacklog.waitFor(1, 0, START_OF_SECOND))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
