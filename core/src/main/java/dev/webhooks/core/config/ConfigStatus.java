package dev.webhooks.core.config;

/**
 * What a config's owner sees in the list. Derived, never taken from the client: {@code incomplete} when its
 * authentication lacks a secret it needs (a secret cleared with {@code null}), otherwise {@code active} or
 * {@code inactive} by {@code enabled}.
 */
public enum ConfigStatus {
    ACTIVE("active"), INACTIVE("inactive"), INCOMPLETE("incomplete");

    private final String wireName;

    ConfigStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
