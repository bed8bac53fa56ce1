package dev.webhooks.core.adapter;

import java.util.Set;

/**
 * Whether the adapters should do their first request's work in Lambda's init phase (build their clients, send
 * DynamoDB one query). Only where init is kept apart from the request that started it: a SnapStart snapshot, taken
 * after init and restored for each new instance, and a provisioned instance, initialised before any request. An
 * on-demand cold start runs init and its first request back to back, so the work would only move, and the api's
 * requests that read no storage would pay for it.
 */
public final class InitPhase {

    /** Lambda's {@code AWS_LAMBDA_INITIALIZATION_TYPE} values where init happens before any request waits. */
    private static final Set<String> AHEAD_OF_REQUESTS = Set.of("snap-start", "provisioned-concurrency");

    private InitPhase() {
    }

    /** Whether this instance's init is ahead of its requests ({@code AWS_LAMBDA_INITIALIZATION_TYPE}). */
    public static boolean isAheadOfRequests() {
        return isAheadOfRequests(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"));
    }

    static boolean isAheadOfRequests(String initializationType) {
        return initializationType != null && AHEAD_OF_REQUESTS.contains(initializationType);
    }
}
