package dev.webhooks.core.fakes;

import java.util.ArrayList;
import java.util.List;

import dev.webhooks.core.delivery.DeadLetter;
import dev.webhooks.core.fakes.Faults.FaultPoint;
import dev.webhooks.core.port.DeadLetterQueue;

/** The dead-letter queue in memory. */
public final class InMemoryDeadLetterQueue implements DeadLetterQueue {

    private final List<DeadLetter> letters = new ArrayList<>();
    private final Faults faults;

    public InMemoryDeadLetterQueue(Faults faults) {
        this.faults = faults;
    }

    @Override
    public synchronized void send(DeadLetter letter) {
        faults.check(FaultPoint.DEAD_LETTER);
        letters.add(letter);
    }

    public synchronized List<DeadLetter> all() {
        return List.copyOf(letters);
    }
}
