package dev.webhooks.core.delivery;

/**
 * Why a delivery failed, in {@code http_response.code}. Whether it is worth retrying is decided here once, so the
 * in-invocation retry, the circuit breaker and the retry schedule agree.
 */
public enum FailureCode {
    /** The endpoint answered with a status that is not 2xx. Retryable for 5xx, 429 and 3xx only (410 is Gone). */
    HttpError(false),
    /** Connection refused, reset, DNS failure, TLS failure. */
    ConnectionError(true),
    /** No complete answer within the configured total time. */
    Timeout(true),
    /** The URL points at an address the service refuses to call (loopback, private, metadata, ...). */
    SsrfBlocked(false),
    /** The OAuth token endpoint failed or answered without a token. */
    OAuthTokenExchangeError(true),
    /** The config lacks the secret its authentication needs (it was cleared). */
    AuthMisconfigured(false),
    /** The endpoint's host failed so often that calls to it are paused for a while. */
    CircuitOpen(true),
    /** The endpoint answered 410 Gone: the config is disabled at once. */
    Gone(false),
    /** A scheduled retry was not made because its config was deleted or disabled meanwhile. */
    RetryDropped(false),
    /** A failure of this service, not of the endpoint. */
    INTERNAL_ERROR(true);

    private final boolean retryable;

    FailureCode(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
