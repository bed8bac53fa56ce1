package dev.webhooks.core.filter;

import java.util.Objects;

/**
 * Whether an event passed a config's filter and, when it did not, why.
 *
 * @param matched true when the event is to be delivered
 * @param failedRule {@code null} when matched; otherwise a human explanation naming the first rule that failed, e.g.
 *        {@code filterConditions.conditions[1]: entity.status equals [active] failed (value: 'draft')}
 */
public record FilterResult(boolean matched, String failedRule) {

    private static final FilterResult MATCH = new FilterResult(true, null);

    public FilterResult {
        if (matched && failedRule != null) {
            throw new IllegalArgumentException("a match has no failed rule");
        }
        if (!matched) {
            Objects.requireNonNull(failedRule, "a non-match names its failed rule");
        }
    }

    public static FilterResult match() {
        return MATCH;
    }

    public static FilterResult noMatch(String failedRule) {
        return new FilterResult(false, failedRule);
    }

    /** The same verdict with its explanation prefixed by where the rule sits, e.g. {@code filterConditions.conditions[2]}. */
    FilterResult within(String location) {
        return matched ? this : noMatch(location + ": " + failedRule);
    }
}
