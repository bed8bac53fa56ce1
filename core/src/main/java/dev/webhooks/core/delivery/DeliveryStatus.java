package dev.webhooks.core.delivery;

import java.util.Locale;

/** The outcome of one (event, config) pair, as the contract's {@code WebhookEvent.status} names it. */
public enum DeliveryStatus {
    /** Claimed by a dispatcher; a crash leaves it here, and redelivery of the message sends again. */
    IN_PROGRESS,
    SUCCEEDED,
    FAILED,
    /** The config's filter did not let the event through. */
    SKIPPED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this != IN_PROGRESS;
    }

    public static DeliveryStatus fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
