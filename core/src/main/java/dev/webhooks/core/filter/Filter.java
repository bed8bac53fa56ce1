package dev.webhooks.core.filter;

import java.util.List;

/**
 * The classic payload filter of the product description: the event is delivered when the value at the dot path
 * {@code keyToFilter} is one of {@code supportedValues} (case-sensitive).
 */
public record Filter(String keyToFilter, List<String> supportedValues) {

    public Filter {
        supportedValues = List.copyOf(supportedValues);
    }
}
