package dev.webhooks.core.application.dispatch;

import java.util.Optional;

import dev.webhooks.core.delivery.DeliveryRecord;

/**
 * What an attempt knows of its pair's delivery-log record before it starts, so that it reads the log only when it must.
 * A retry's route has read the record already. The first attempt of a message SQS delivers for the first time assumes
 * the pair absent: only a copy of the message or of its event (a producer's duplicate, an SQS duplicate) could have
 * recorded it, so a success is written without a read, and the attempt reads the log before anything a failure or a
 * requeue would do ({@link DeliveryAttempt}). Otherwise (a redelivered message) the attempt reads it first.
 *
 * @param known whether the attempt need not read before it sends
 * @param assumed whether "absent" is an assumption rather than a read
 * @param record the record known, or {@code null} for absent
 */
record PriorRecord(boolean known, boolean assumed, DeliveryRecord record) {

    /** Not known: the attempt reads the log. */
    static final PriorRecord UNKNOWN = new PriorRecord(false, false, null);
    /** Assumed absent: a message's first receive. */
    static final PriorRecord ASSUMED_ABSENT = new PriorRecord(true, true, null);

    /** The record a route has read (absent when empty). */
    static PriorRecord of(Optional<DeliveryRecord> record) {
        return new PriorRecord(true, false, record.orElse(null));
    }

    /** Assumed absent for a message's first receive, else unknown. */
    static PriorRecord forFirstAttemptOf(QueueMessage message) {
        return message.firstReceive() ? ASSUMED_ABSENT : UNKNOWN;
    }
}
