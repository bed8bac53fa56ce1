package dev.webhooks.core.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * A config's rate limit as reserved slots (the generic cell rate algorithm, which behaves as a token bucket the size of
 * the limit): an idle config sends a burst of up to {@code perSecond} at once, and beyond it slots are
 * {@code 1/perSecond} apart, so the rate over time never exceeds the limit. Every delivery reserves its slot once; one whose slot is later waits in the queue until then
 * and is sent on arrival without asking again, so a backlog drains at the limit with one requeue per waiting delivery,
 * however long it lasts and however many dispatchers share it.
 *
 * <p>The state is one instant per config, the theoretical arrival time ({@code tat}): when the slot after the last
 * reserved one would be due if requests were spaced evenly.
 */
public final class RateLimitSlots {

    /** A reserved slot and the config's state after it. */
    public record Reservation(Instant slot, Instant nextTat) {
    }

    private RateLimitSlots() {
    }

    /** How far apart slots are: one second divided by the limit. */
    public static Duration spacing(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be positive");
        }
        // Whole microseconds: the precision the slots are stored with.
        return Duration.ofNanos(1_000_000L / perSecond * 1_000);
    }

    /**
     * Reserves the next slot.
     *
     * @param tat the config's stored theoretical arrival time, or {@code null} when it has none (idle)
     * @return the slot (at or before {@code now}: send now) and the new state to store
     */
    public static Reservation reserve(Instant tat, int perSecond, Instant now) {
        Instant base = tat == null || tat.isBefore(now) ? now : tat;
        Instant nextTat = base.plus(spacing(perSecond));
        return new Reservation(slotOf(nextTat, now), nextTat);
    }

    /**
     * The slot of the reservation that moved the state to {@code nextTat}: a second before it (a second holds up to the
     * limit's number of slots), never before now.
     */
    public static Instant slotOf(Instant nextTat, Instant now) {
        Instant slot = nextTat.minusSeconds(1);
        return slot.isBefore(now) ? now : slot;
    }
}
