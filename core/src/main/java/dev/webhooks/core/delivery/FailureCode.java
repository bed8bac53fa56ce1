package dev.webhooks.core.delivery;

/**
 * Why a delivery failed, in {@code http_response.code}. Whether it is worth retrying is decided here once, so the
 * in-invocation retry, the circuit breaker and the retry schedule agree.
 */
public enum FailureCode {
    /** The endpoint answered with a status that is not 2xx. Retryable for 5xx, 429 and 3xx only (410 is Gone). */
    HttpError(false),
    /**
     * The request never reached the endpoint: connection refused, DNS failure, TLS handshake failure. The only failure
     * retried at once within the invocation, since the endpoint cannot have seen it.
     */
    ConnectionError(true),
    /**
     * The connection broke after the request may have been sent (reset, closed without an answer). The endpoint may
     * have acted on it, so it waits for the retry schedule like a timeout.
     */
    ConnectionLost(true),
    /** No complete answer within the configured total time. */
    Timeout(true),
    /** The URL points at an address the service refuses to call (loopback, private, metadata, ...). */
    SsrfBlocked(false),
    /** The OAuth token endpoint failed or answered without a token. */
    OAuthTokenExchangeError(true),
    /** The config lacks the secret its authentication needs (it was cleared). */
    AuthMisconfigured(false),
    /**
     * The endpoint failed so often that calls to it are paused: the delivery is deferred, not attempted. Recorded while
     * it waits, and as the final failure of a delivery deferred past the longest a delivery may wait.
     */
    CircuitOpen(false),
    /** Not a failure: the delivery waits in the queue (its endpoint is slow or paused); no attempt was made. */
    Deferred(false),
    /** The endpoint answered 410 Gone: the config is disabled at once. */
    Gone(false),
    /** A scheduled retry was not made because its config was deleted or disabled meanwhile. */
    RetryDropped(false),
    /**
     * The config's rate limit held the delivery back for longer than the most a delivery may wait: it fails rather
     * than stay in progress past the delivery log's retention.
     */
    RateLimited(false),
    /**
     * The config's filter or transform could not be evaluated (its JSONata evaluators stayed busy) for longer than the
     * most a delivery may wait: it fails rather than stay in progress, and never counts as skipped.
     */
    FilterUnavailable(false),
    /**
     * The config's transform ({@code jsonataExpression}) failed on this event: an error, a timeout or a bound, or a
     * result that is not a JSON body. Nothing was sent; retrying would fail the same way.
     */
    TransformError(false),
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
