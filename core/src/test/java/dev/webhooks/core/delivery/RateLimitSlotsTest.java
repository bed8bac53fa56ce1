package dev.webhooks.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The rate limit as reserved slots: a burst of the limit at once, then one slot per spacing, in order of asking. */
class RateLimitSlotsTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    private static List<Instant> reserve(int count, int perSecond, Instant now) {
        List<Instant> slots = new ArrayList<>();
        Instant tat = null;
        for (int i = 0; i < count; i++) {
            RateLimitSlots.Reservation reservation = RateLimitSlots.reserve(tat, perSecond, now);
            slots.add(reservation.slot());
            tat = reservation.nextTat();
        }
        return slots;
    }

    @Test
    void anIdleConfigSendsABurstOfItsLimitAtOnce() {
        assertThat(reserve(3, 3, NOW)).containsOnly(NOW);
    }

    @Test
    void beyondTheBurstSlotsAreOneSpacingApart() {
        assertThat(reserve(6, 2, NOW)).containsExactly(NOW, NOW, NOW.plusMillis(500), NOW.plusSeconds(1),
                NOW.plusMillis(1500), NOW.plusSeconds(2));
    }

    @Test
    void pastTheFirstBurstTheRateIsTheLimit() {
        int perSecond = 7;
        List<Instant> slots = reserve(1000, perSecond, NOW);
        // The burst and the slots that refill it fall in the first second (a token bucket of the limit's size)...
        assertThat(slots.get(2 * perSecond - 2)).isBefore(NOW.plusSeconds(1));
        // ...and from then on any `perSecond` consecutive slots span a whole second.
        for (int i = 2 * perSecond - 1; i < slots.size(); i++) {
            assertThat(Duration.between(slots.get(i - perSecond), slots.get(i))).as("slot %d", i)
                    .isBetween(Duration.ofMillis(999), Duration.ofMillis(1001));
        }
        assertThat(slots.get(999)).isBefore(NOW.plusSeconds(1000 / perSecond));
    }

    @Test
    void anIdleSpellForgetsThePast() {
        RateLimitSlots.Reservation old = RateLimitSlots.reserve(null, 1, NOW.minusSeconds(60));
        RateLimitSlots.Reservation fresh = RateLimitSlots.reserve(old.nextTat(), 1, NOW);

        assertThat(fresh.slot()).isEqualTo(NOW);
        assertThat(fresh.nextTat()).isEqualTo(NOW.plusSeconds(1));
    }

    @Test
    void aSlotIsNeverBeforeNow() {
        assertThat(RateLimitSlots.slotOf(NOW.plusMillis(200), NOW)).isEqualTo(NOW);
        assertThat(RateLimitSlots.slotOf(NOW.plusMillis(1200), NOW)).isEqualTo(NOW.plusMillis(200));
    }

    @Test
    void spacingIsInWholeMicroseconds() {
        assertThat(RateLimitSlots.spacing(3)).isEqualTo(Duration.ofNanos(333_333_000));
        assertThat(RateLimitSlots.spacing(1000)).isEqualTo(Duration.ofMillis(1));
        assertThatThrownBy(() -> RateLimitSlots.spacing(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
