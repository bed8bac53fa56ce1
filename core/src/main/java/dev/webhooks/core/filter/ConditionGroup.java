package dev.webhooks.core.filter;

import java.util.List;

/**
 * The OpenAPI {@code WebhookConditionGroup}: up to {@value #MAX_CONDITIONS} conditions joined by AND (the default) or OR.
 */
public record ConditionGroup(List<Condition> conditions, LogicalOperator logicalOperator) {

    public static final int MAX_CONDITIONS = 10;

    public ConditionGroup {
        conditions = List.copyOf(conditions);
    }

    public enum LogicalOperator {
        AND, OR
    }
}
