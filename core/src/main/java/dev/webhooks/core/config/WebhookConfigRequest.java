package dev.webhooks.core.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.core.filter.ConditionGroup;
import dev.webhooks.core.filter.Filter;

/**
 * A create or update request after validation: every field is within the contract's rules.
 *
 * @param name {@code null} when the request left it out (it then defaults to the event name)
 * @param enabled {@code null} when left out: {@code true} on create, unchanged on update
 * @param retryPolicy {@code null} when left out: the default on create, unchanged on update
 * @param rateLimitPerSecond {@code null} for no limit
 * @param customHeaders {@code payloadConfiguration.custom_headers} as sent, names to values ({@link CustomHeaders#MASK}
 *        to keep a stored value); empty when none. Never part of {@code passThrough}.
 */
public record WebhookConfigRequest(
        String name,
        String eventName,
        String url,
        HttpMethod httpMethod,
        Boolean enabled,
        AuthInput auth,
        Filter filter,
        ConditionGroup filterConditions,
        RetryPolicy retryPolicy,
        ObjectNode passThrough,
        Integer rateLimitPerSecond,
        java.util.Map<String, String> customHeaders) {
}
