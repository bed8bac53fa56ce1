package dev.webhooks.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.webhooks.core.error.ValidationException;

/**
 * {@code payloadConfiguration.custom_headers}: headers sent with every delivery of a config. Their values often hold
 * credentials, so they are handled as the other secrets are: encrypted at rest, never logged, returned masked
 * ({@value #MASK}), and never sent to a destination other than the one they were given for.
 *
 * <p>Updating them: a header whose value is sent back masked keeps its stored value; a new value replaces it; a header
 * left out is removed. So a client that reads a config and writes it back changes nothing.
 */
public final class CustomHeaders {

    /** What a read shows instead of a value, and what a write sends to keep the stored one. */
    public static final String MASK = "********";
    public static final CustomHeaders NONE = new CustomHeaders(Map.of());

    private final Map<String, Secret> values;

    public CustomHeaders(Map<String, Secret> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values)));
    }

    /** Names and values, in the order they were given. */
    public Map<String, Secret> values() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The names, each with the mask for its value: what a read returns. */
    public Map<String, String> masked() {
        Map<String, String> masked = new LinkedHashMap<>();
        values.keySet().forEach(name -> masked.put(name, MASK));
        return masked;
    }

    /**
     * The headers a write asks for, given the stored ones ({@link #NONE} on create): a masked value keeps the stored
     * value of that name (compared without regard to case, as HTTP names are).
     *
     * @param requested names and values as the request sent them (null: none)
     * @param destinationChanged whether the update sends the config elsewhere (its url's scheme, host or port): then a
     *        stored value cannot be kept but must be sent again
     * @throws ValidationException naming {@code payloadConfiguration.custom_headers.<name>} for a masked value with
     *         nothing stored under that name, or one that would follow the config to a new destination
     */
    public static CustomHeaders resolve(Map<String, String> requested, CustomHeaders stored,
            boolean destinationChanged) {
        if (requested == null || requested.isEmpty()) {
            return NONE;
        }
        Map<String, Secret> resolved = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : requested.entrySet()) {
            String field = "payloadConfiguration.custom_headers." + header.getKey();
            if (!MASK.equals(header.getValue())) {
                resolved.put(header.getKey(), Secret.of(header.getValue()));
                continue;
            }
            Secret kept = stored.find(header.getKey());
            if (kept == null) {
                throw new ValidationException(field, "is the masked value of a header this config does not have: "
                        + "send the value");
            }
            if (destinationChanged) {
                throw new ValidationException(field, "must be sent again because the update changes the url's scheme,"
                        + " host or port: a stored value is never sent to a destination other than the one it was"
                        + " given for");
            }
            resolved.put(header.getKey(), kept);
        }
        return new CustomHeaders(resolved);
    }

    private Secret find(String name) {
        for (Map.Entry<String, Secret> header : values.entrySet()) {
            if (header.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return header.getValue();
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof CustomHeaders that) || !values.keySet().equals(that.values.keySet())) {
            return false;
        }
        return values.entrySet().stream().allMatch(header -> header.getValue().reveal()
                .equals(that.values.get(header.getKey()).reveal()));
    }

    @Override
    public int hashCode() {
        return masked().hashCode();
    }

    @Override
    public String toString() {
        return "CustomHeaders" + masked();
    }
}
