package dev.webhooks.core.delivery;

import java.nio.charset.StandardCharsets;

import dev.webhooks.core.error.ValidationException;

/** Event ids as a client may name them: what the delivery log's sort key can hold. */
public final class EventIds {

    /** DynamoDB's limit for a sort key, in UTF-8 bytes. */
    public static final int MAX_BYTES = 1024;

    private EventIds() {
    }

    /**
     * Refuses an event id the log could not hold, so a lookup by it is a 400 naming {@code field}, not a storage error.
     */
    public static String requireStorable(String field, String eventId) {
        if (eventId == null || eventId.isEmpty()) {
            throw new ValidationException(field, "is required");
        }
        if (eventId.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new ValidationException(field, "must be at most " + MAX_BYTES + " bytes");
        }
        return eventId;
    }
}
