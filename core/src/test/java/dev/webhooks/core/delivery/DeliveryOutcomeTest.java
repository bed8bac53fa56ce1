package dev.webhooks.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which outcomes are worth another attempt, one row per rule: the in-invocation retry, the circuit breaker and the
 * retry schedule all ask {@link DeliveryOutcome#retryable()}.
 */
class DeliveryOutcomeTest {

    private static final Instant STARTED = Instant.parse("2024-05-01T10:00:00Z");

    static Stream<Arguments> outcomes() {
        return Stream.of(
                arguments("500 is a server error", 500, FailureCode.HttpError, true),
                arguments("502 is a bad gateway", 502, FailureCode.HttpError, true),
                arguments("503 is unavailable for now", 503, FailureCode.HttpError, true),
                arguments("504 is a gateway timeout", 504, FailureCode.HttpError, true),
                arguments("429 asks to slow down", 429, FailureCode.HttpError, true),
                arguments("301 is a redirect, not followed, maybe fixed later", 301, FailureCode.HttpError, true),
                arguments("302 is a redirect", 302, FailureCode.HttpError, true),
                arguments("307 is a redirect", 307, FailureCode.HttpError, true),
                arguments("308 is a redirect", 308, FailureCode.HttpError, true),
                arguments("400 is the request's fault", 400, FailureCode.HttpError, false),
                arguments("401 is wrong credentials", 401, FailureCode.HttpError, false),
                arguments("403 is forbidden", 403, FailureCode.HttpError, false),
                arguments("404 is a wrong URL", 404, FailureCode.HttpError, false),
                arguments("410 is gone for good", 410, FailureCode.HttpError, false),
                arguments("422 is a refused payload", 422, FailureCode.HttpError, false),
                arguments("a connection error may pass", null, FailureCode.ConnectionError, true),
                arguments("a timeout may pass", null, FailureCode.Timeout, true),
                arguments("a failed token exchange may pass", null, FailureCode.OAuthTokenExchangeError, true),
                arguments("a token endpoint's 500 may pass", 500, FailureCode.OAuthTokenExchangeError, true),
                arguments("a token endpoint's 401 is still a token exchange error", 401,
                        FailureCode.OAuthTokenExchangeError, true),
                arguments("a delivery held back by an open circuit past its longest wait", null,
                        FailureCode.CircuitOpen, false),
                arguments("a deferral is not a failed attempt", null, FailureCode.Deferred, false),
                arguments("a refused address stays refused", null, FailureCode.SsrfBlocked, false),
                arguments("a missing secret stays missing", null, FailureCode.AuthMisconfigured, false),
                arguments("200 succeeded", 200, null, false),
                arguments("204 succeeded", 204, null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outcomes")
    void retryableFollowsTheStatusAndCode(String rule, Integer statusCode, FailureCode code, boolean retryable) {
        DeliveryOutcome outcome = new DeliveryOutcome(statusCode, code, rule, null, null, STARTED, STARTED);

        assertThat(outcome.retryable()).isEqualTo(retryable);
        assertThat(outcome.succeeded()).isEqualTo(code == null);
    }

    @Test
    void aFailureWithoutAnswerHasNoStatusAndItsDuration() {
        DeliveryOutcome outcome = DeliveryOutcome.failure(FailureCode.Timeout, "no answer in 10 s", STARTED,
                STARTED.plusMillis(10_000));

        assertThat(outcome.statusCode()).isNull();
        assertThat(outcome.responseBody()).isNull();
        assertThat(outcome.retryAfter()).isNull();
        assertThat(outcome.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(outcome.succeeded()).isFalse();
    }
}
