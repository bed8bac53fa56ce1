package dev.webhooks.core.delivery;

import java.time.Instant;

/**
 * One page of a config's delivery history, newest first.
 *
 * @param status only records with this status, or {@code null}
 * @param from only records created at or after this, or {@code null}
 * @param to only records created at or before this, or {@code null}
 * @param after the cursor: only records older than this position, or {@code null} for the first page
 */
public record HistoryQuery(int limit, DeliveryStatus status, Instant from, Instant to, Position after) {

    public static final int MAX_LIMIT = 25;

    /** A place in the newest-first order: the last record of the previous page. */
    public record Position(Instant createdAt, String eventId) {
    }
}
