package dev.webhooks.core.config;

/** Why the service disabled a config (its {@code disabled_reason}); a config its owner disabled has none. */
public enum DisabledReason {
    /** The endpoint answered 410 Gone. */
    ENDPOINT_GONE("endpoint_gone"),
    /** Every delivery failed for the configured period. */
    FAILING_TOO_LONG("failing_too_long");

    private final String wireName;

    DisabledReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The reason named {@code wireName}, or {@code null} for a name this version does not know. */
    public static DisabledReason fromWireName(String wireName) {
        for (DisabledReason reason : values()) {
            if (reason.wireName.equals(wireName)) {
                return reason;
            }
        }
        return null;
    }
}
