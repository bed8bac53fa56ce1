package dev.webhooks.core.config;

/**
 * Automatic retries after a transient failure. {@code maxAttempts} counts the retries after the first delivery, 1 to 5;
 * the waits are the first {@code maxAttempts} steps of the Standard Webhooks schedule.
 */
public record RetryPolicy(boolean enabled, int maxAttempts) {

    public static final int MIN_ATTEMPTS = 1;
    public static final int MAX_ATTEMPTS = 5;
    public static final int DEFAULT_ATTEMPTS = 3;

    /** What a newly created config gets when its request names no policy. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(true, DEFAULT_ATTEMPTS);
}
