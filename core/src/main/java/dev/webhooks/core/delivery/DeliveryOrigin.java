package dev.webhooks.core.delivery;

/**
 * How a delivery of one event to one config came about, kept by every later attempt of it (a retry, or an attempt a rate
 * limit postponed), so a replay stays a replay however often it is requeued.
 *
 * @param replayOf for a replay, the id of the event it replays; otherwise {@code null}
 */
public record DeliveryOrigin(Kind kind, String replayOf) {

    /** Why the event goes to this config. */
    public enum Kind {
        /** A producer's event, fanned out to each enabled config of its organization and event name. */
        FAN_OUT("fan_out"),
        /** The API directed it at this one config: a replay or a test trigger. */
        DIRECTED("directed");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** The kind named {@code wireName}; a message from before kinds existed is a fan-out. */
        public static Kind fromWireName(String wireName) {
            for (Kind kind : values()) {
                if (kind.wireName.equals(wireName)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("Unknown delivery origin: " + wireName);
        }
    }

    public static final DeliveryOrigin FAN_OUT = new DeliveryOrigin(Kind.FAN_OUT, null);

    public DeliveryOrigin {
        if (kind == null) {
            throw new IllegalArgumentException("A delivery origin needs a kind");
        }
        if (kind == Kind.FAN_OUT && replayOf != null) {
            throw new IllegalArgumentException("Only a directed delivery replays an event");
        }
    }

    /** A replay (with the event it replays) or a test trigger ({@code replayOf} {@code null}). */
    public static DeliveryOrigin directed(String replayOf) {
        return new DeliveryOrigin(Kind.DIRECTED, replayOf);
    }

    /** A fan-out's first attempt passes the config's filter; an event directed at a config bypasses it. */
    public boolean appliesFilter() {
        return kind == Kind.FAN_OUT;
    }

    /**
     * A fan-out goes to enabled configs only. A directed event was asked for by an admin for this config, so it is sent
     * whether or not the config is enabled, as long as the config exists.
     */
    public boolean requiresEnabledConfig() {
        return kind == Kind.FAN_OUT;
    }
}
