package dev.webhooks.local.soak;

import java.time.Duration;
import java.util.List;

/**
 * How hard the reliability soak pushes: the load, the faults, and the API's share.
 *
 * @param events events published, spread over the organizations
 * @param organizations organizations, each with 1 to 3 configs
 * @param publishRate events per second while publishing
 * @param kills dispatcher instances killed with SIGKILL while publishing, evenly spread
 * @param freeze how long the DynamoDB server is stopped (SIGSTOP) once, halfway through publishing
 * @param retrySchedule the dispatcher's retry schedule: seconds instead of hours, the same logic
 * @param maxQueueDelay the longest delay one queue message carries, which also caps how far deferred deliveries (a
 *        slow or paused endpoint) back off: seconds instead of SQS's 15 minutes, the same logic
 * @param endpointDowntime how long the endpoint that goes down stays down
 * @param apiClients concurrent clients creating, updating and deleting configs in the API phase
 * @param apiDuration how long the API phase lasts
 * @param seed for every random choice, so a run can be repeated
 */
public record SoakPlan(int events, int organizations, int publishRate, int kills, Duration freeze,
        List<Duration> retrySchedule, Duration maxQueueDelay, Duration endpointDowntime, int apiClients,
        Duration apiDuration, long seed) {

    private static final List<Duration> SHORT_RETRIES = List.of(Duration.ofSeconds(2), Duration.ofSeconds(4),
            Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(30));
    /** As long as the schedule's longest step. */
    private static final Duration SHORT_QUEUE_DELAY = Duration.ofSeconds(30);

    /** The full run: 10,000 events, three kills, one freeze, 50 API clients for a minute. */
    public static SoakPlan full(long seed) {
        return new SoakPlan(10_000, 20, 60, 3, Duration.ofSeconds(10), SHORT_RETRIES, SHORT_QUEUE_DELAY,
                Duration.ofMinutes(1), 50, Duration.ofSeconds(60), seed);
    }

    /** What CI runs: about 1,000 events, one kill, one freeze, and a shorter API phase. */
    public static SoakPlan reduced(long seed) {
        return new SoakPlan(1_000, 20, 40, 1, Duration.ofSeconds(10), SHORT_RETRIES, SHORT_QUEUE_DELAY,
                Duration.ofSeconds(20), 50, Duration.ofSeconds(15), seed);
    }

    /** How long publishing takes at {@link #publishRate}. */
    public Duration publishing() {
        return Duration.ofMillis(1000L * events / publishRate);
    }
}
