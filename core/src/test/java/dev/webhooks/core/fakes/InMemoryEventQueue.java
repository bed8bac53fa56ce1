package dev.webhooks.core.fakes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.webhooks.core.delivery.DirectedEvent;
import dev.webhooks.core.delivery.QueueMessageBodies;
import dev.webhooks.core.delivery.RetryMessage;
import dev.webhooks.core.fakes.Faults.FaultPoint;
import dev.webhooks.core.port.EventQueue;

/**
 * The event queue in memory: messages are written as the SQS adapter writes them and become visible after their delay
 * on the test's clock, so a test can take what is due and feed it back to the dispatcher.
 */
public final class InMemoryEventQueue implements EventQueue {

    /**
     * A message on the queue: its body, when it becomes visible, the delay it was sent with, and how often SQS has
     * delivered it before (its next delivery's {@code ApproximateReceiveCount} is one more).
     */
    public record Queued(String body, Instant visibleAt, Duration delay, int receives) {
    }

    private final List<Queued> messages = new ArrayList<>();
    private final QueueMessageBodies bodies;
    private final Clock clock;
    private final Faults faults;

    public InMemoryEventQueue(ObjectMapper mapper, Clock clock, Faults faults) {
        this.bodies = new QueueMessageBodies(mapper);
        this.clock = clock;
        this.faults = faults;
    }

    @Override
    public synchronized void scheduleRetry(RetryMessage retry, Duration delay) {
        faults.check(FaultPoint.QUEUE_RETRY);
        messages.add(new Queued(bodies.retry(retry), clock.instant().plus(delay), delay, 0));
    }

    @Override
    public synchronized void direct(DirectedEvent event) {
        faults.check(FaultPoint.QUEUE_PUBLISH);
        messages.add(new Queued(bodies.directed(event), clock.instant(), Duration.ZERO, 0));
    }

    @Override
    public synchronized void publish(String eventJson, Duration delay) {
        faults.check(FaultPoint.QUEUE_PUBLISH);
        messages.add(new Queued(eventJson, clock.instant().plus(delay), delay, 0));
    }

    /**
     * A message SQS gets back (not acknowledged) after {@code receives} deliveries, visible again after the visibility
     * timeout; 0 puts a message on the queue that was never delivered. No fault applies.
     */
    public synchronized void returnToQueue(String body, int receives, Duration visibilityTimeout) {
        messages.add(new Queued(body, clock.instant().plus(visibilityTimeout), visibilityTimeout, receives));
    }

    /** Removes and returns the messages visible now. */
    public synchronized List<Queued> takeDue() {
        List<Queued> due = new ArrayList<>();
        Instant now = clock.instant();
        for (Iterator<Queued> it = messages.iterator(); it.hasNext();) {
            Queued message = it.next();
            if (!message.visibleAt().isAfter(now)) {
                due.add(message);
                it.remove();
            }
        }
        return due;
    }

    /** Everything on the queue, due or not. */
    public synchronized List<Queued> all() {
        return List.copyOf(messages);
    }

    /** When the next message becomes visible, if any is waiting. */
    public synchronized Instant nextVisibleAt() {
        return messages.stream().map(Queued::visibleAt).min(Instant::compareTo).orElse(null);
    }
}
