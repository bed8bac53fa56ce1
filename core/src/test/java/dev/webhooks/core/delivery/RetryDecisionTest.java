package dev.webhooks.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.webhooks.core.config.RetryPolicy;

/**
 * {@link RetrySchedule#decide}, the whole retry rule as a pure function: (policy, attempts made, outcome with its
 * Retry-After, now) to done, retry at T, or give up. One row per rule.
 */
class RetryDecisionTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final RetrySchedule SCHEDULE = new RetrySchedule(List.of(Duration.ofSeconds(5),
            Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5)), 0, () -> 0.5);
    private static final RetryPolicy THREE = new RetryPolicy(true, 3);

    private static DeliveryOutcome http(int status) {
        return new DeliveryOutcome(status, status < 300 ? null : FailureCode.HttpError, "HTTP " + status, null, null,
                NOW, NOW);
    }

    private static DeliveryOutcome failure(FailureCode code) {
        return DeliveryOutcome.failure(code, code.name(), NOW, NOW);
    }

    private static DeliveryOutcome retryAfter(int status, Duration wait) {
        return new DeliveryOutcome(status, FailureCode.HttpError, "HTTP " + status, null, wait, NOW, NOW);
    }

    private static RetryDecision retryIn(Duration wait) {
        return RetryDecision.retryAt(NOW.plus(wait), wait);
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("a success is done", THREE, 1, http(200), RetryDecision.done()),
                Arguments.of("a success after retries is done", THREE, 3, http(204), RetryDecision.done()),
                Arguments.of("a 503 on the first attempt retries after 5 s", THREE, 1, http(503),
                        retryIn(Duration.ofSeconds(5))),
                Arguments.of("a 500 on the second attempt retries after 5 min", THREE, 2, http(500),
                        retryIn(Duration.ofMinutes(5))),
                Arguments.of("a 429 retries", THREE, 1, http(429), retryIn(Duration.ofSeconds(5))),
                Arguments.of("a redirect retries (it is not followed, the endpoint may be fixed)", THREE, 1, http(302),
                        retryIn(Duration.ofSeconds(5))),
                Arguments.of("a timeout retries", THREE, 1, failure(FailureCode.Timeout),
                        retryIn(Duration.ofSeconds(5))),
                Arguments.of("a connection lost after sending retries on the schedule", THREE, 1,
                        failure(FailureCode.ConnectionLost), retryIn(Duration.ofSeconds(5))),
                Arguments.of("a failed token exchange retries", THREE, 1, failure(FailureCode.OAuthTokenExchangeError),
                        retryIn(Duration.ofSeconds(5))),
                Arguments.of("held back past its longest wait by an open circuit gives up", THREE, 0,
                        failure(FailureCode.CircuitOpen), RetryDecision.giveUp()),
                Arguments.of("Retry-After longer than the step is honoured", THREE, 1,
                        retryAfter(503, Duration.ofSeconds(8)), retryIn(Duration.ofSeconds(8))),
                Arguments.of("Retry-After is capped at twice the step", THREE, 1,
                        retryAfter(429, Duration.ofHours(1)), retryIn(Duration.ofSeconds(10))),
                Arguments.of("Retry-After shorter than the step keeps the step", THREE, 2,
                        retryAfter(429, Duration.ofSeconds(1)), retryIn(Duration.ofMinutes(5))),
                Arguments.of("the last allowed attempt gives up", THREE, 4, http(503), RetryDecision.giveUp()),
                Arguments.of("one retry allowed: the second failure gives up", new RetryPolicy(true, 1), 2, http(503),
                        RetryDecision.giveUp()),
                Arguments.of("a disabled policy gives up at once", new RetryPolicy(false, 5), 1, http(503),
                        RetryDecision.giveUp()),
                Arguments.of("no policy (stored before policies existed) gives up", null, 1, http(503),
                        RetryDecision.giveUp()),
                Arguments.of("410 Gone gives up", THREE, 1, failure(FailureCode.Gone), RetryDecision.giveUp()),
                Arguments.of("a 400 gives up", THREE, 1, http(400), RetryDecision.giveUp()),
                Arguments.of("a 404 gives up", THREE, 1, http(404), RetryDecision.giveUp()),
                Arguments.of("a refused address gives up", THREE, 1, failure(FailureCode.SsrfBlocked),
                        RetryDecision.giveUp()),
                Arguments.of("a missing secret gives up", THREE, 1, failure(FailureCode.AuthMisconfigured),
                        RetryDecision.giveUp()),
                Arguments.of("held back too long by the rate limit gives up", THREE, 0,
                        failure(FailureCode.RateLimited), RetryDecision.giveUp()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void decides(String rule, RetryPolicy policy, int attemptsMade, DeliveryOutcome outcome, RetryDecision expected) {
        assertThat(SCHEDULE.decide(policy, attemptsMade, outcome, NOW)).isEqualTo(expected);
    }
}
