package dev.webhooks.core.port;

import dev.webhooks.core.delivery.DeadLetter;

/** Where what finally failed goes, for people and tools to inspect and redrive. */
public interface DeadLetterQueue {

    void send(DeadLetter letter);
}
