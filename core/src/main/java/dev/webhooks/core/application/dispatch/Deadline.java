package dev.webhooks.core.application.dispatch;

import java.time.Duration;

/** How much time the current invocation has left (the Lambda context's remaining time). */
@FunctionalInterface
public interface Deadline {

    Duration remaining();

    /** No limit: for callers outside Lambda. */
    Deadline NONE = () -> Duration.ofDays(1);
}
