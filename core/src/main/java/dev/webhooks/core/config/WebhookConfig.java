package dev.webhooks.core.config;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.core.filter.ConditionGroup;
import dev.webhooks.core.filter.Filter;

/**
 * A webhook subscription of one organization: which event, where to send it, how to authenticate, which events to let
 * through. Immutable; an update produces a new instance with the next {@link #version()}.
 *
 * @param filter classic filter, or {@code null}
 * @param filterConditions condition group, or {@code null}
 * @param retryPolicy {@code null} for configs stored before retry policies existed: treated as disabled
 * @param passThrough the contract fields that only make sense inside epilot's platform ({@code payloadConfiguration},
 *        {@code enableStaticIP}, {@code secureProxy}, {@code protected}, {@code _manifest}, ...): validated, stored and
 *        returned, see {@link PassThroughFields}
 * @param signingSecret the Standard Webhooks secret ({@code whsec_...}), shown to the client once, at creation
 * @param version optimistic-locking counter, starts at 1
 * @param rateLimitPerSecond our extension: at most this many deliveries per second to this config, or {@code null}
 * @param failingSince when its deliveries started failing without a success since, or {@code null}: kept by the
 *        dispatcher beside the config, not part of what clients write
 * @param previousSigningSecret after a rotation, the secret it replaced, still used beside the new one until
 *        {@code previousSecretExpiresAt}; otherwise {@code null}
 * @param customHeaders headers sent with every delivery ({@code payloadConfiguration.custom_headers}), write-only
 *        like the other secrets; never {@code null}
 * @param disabledReason why the service disabled the config, while it stays disabled; {@code null} when it is enabled
 *        or its owner disabled it. Kept by the dispatcher beside the config, like {@code failingSince}
 */
public record WebhookConfig(
        String id,
        String organizationId,
        String name,
        String eventName,
        String url,
        HttpMethod httpMethod,
        boolean enabled,
        Auth auth,
        Filter filter,
        ConditionGroup filterConditions,
        RetryPolicy retryPolicy,
        ObjectNode passThrough,
        Secret signingSecret,
        Instant creationTime,
        Instant updatedTime,
        long version,
        Integer rateLimitPerSecond,
        Instant failingSince,
        Secret previousSigningSecret,
        Instant previousSecretExpiresAt,
        CustomHeaders customHeaders,
        DisabledReason disabledReason) {

    public WebhookConfig {
        Objects.requireNonNull(id);
        Objects.requireNonNull(organizationId);
        Objects.requireNonNull(eventName);
        Objects.requireNonNull(url);
        Objects.requireNonNull(httpMethod);
        Objects.requireNonNull(auth);
        Objects.requireNonNull(passThrough);
        Objects.requireNonNull(creationTime);
        Objects.requireNonNull(updatedTime);
        customHeaders = customHeaders == null ? CustomHeaders.NONE : customHeaders;
    }

    public ConfigStatus status() {
        if (!auth.complete()) {
            return ConfigStatus.INCOMPLETE;
        }
        return enabled ? ConfigStatus.ACTIVE : ConfigStatus.INACTIVE;
    }

    public static final int MAX_RATE_LIMIT_PER_SECOND = 1_000;

    /**
     * The payload transform ({@code jsonataExpression}), or {@code null}. It is kept among the contract's other
     * stored fields, where it arrives, and was checked to parse and to run in the sandbox when the config was saved.
     */
    public String jsonataExpression() {
        JsonNode expression = passThrough.get(PassThroughFields.JSONATA_EXPRESSION);
        return expression != null && expression.isTextual() ? expression.textValue() : null;
    }

    /** The secrets deliveries are signed with at {@code now}: the current one, and the previous one during its grace. */
    public List<Secret> signingSecretsAt(Instant now) {
        if (previousSigningSecret != null && previousSecretExpiresAt != null && now.isBefore(previousSecretExpiresAt)) {
            return List.of(signingSecret, previousSigningSecret);
        }
        return List.of(signingSecret);
    }

    /** Whether the dispatcher should deliver to this config at all. */
    public boolean deliverable() {
        return status() == ConfigStatus.ACTIVE;
    }

    /** A builder for a new config; every field starts empty (a version of 1). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this config: the way to derive a changed copy. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.id = id;
        builder.organizationId = organizationId;
        builder.name = name;
        builder.eventName = eventName;
        builder.url = url;
        builder.httpMethod = httpMethod;
        builder.enabled = enabled;
        builder.auth = auth;
        builder.filter = filter;
        builder.filterConditions = filterConditions;
        builder.retryPolicy = retryPolicy;
        builder.passThrough = passThrough;
        builder.signingSecret = signingSecret;
        builder.creationTime = creationTime;
        builder.updatedTime = updatedTime;
        builder.version = version;
        builder.rateLimitPerSecond = rateLimitPerSecond;
        builder.failingSince = failingSince;
        builder.previousSigningSecret = previousSigningSecret;
        builder.previousSecretExpiresAt = previousSecretExpiresAt;
        builder.customHeaders = customHeaders;
        builder.disabledReason = disabledReason;
        return builder;
    }

    /** Builds a {@link WebhookConfig} by field name, so no caller depends on the order of twenty components. */
    public static final class Builder {

        private String id;
        private String organizationId;
        private String name;
        private String eventName;
        private String url;
        private HttpMethod httpMethod;
        private boolean enabled;
        private Auth auth;
        private Filter filter;
        private ConditionGroup filterConditions;
        private RetryPolicy retryPolicy;
        private ObjectNode passThrough;
        private Secret signingSecret;
        private Instant creationTime;
        private Instant updatedTime;
        private long version = 1;
        private Integer rateLimitPerSecond;
        private Instant failingSince;
        private Secret previousSigningSecret;
        private Instant previousSecretExpiresAt;
        private CustomHeaders customHeaders = CustomHeaders.NONE;
        private DisabledReason disabledReason;

        private Builder() {
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder organizationId(String organizationId) {
            this.organizationId = organizationId;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder eventName(String eventName) {
            this.eventName = eventName;
            return this;
        }

        public Builder url(String url) {
            this.url = url;
            return this;
        }

        public Builder httpMethod(HttpMethod httpMethod) {
            this.httpMethod = httpMethod;
            return this;
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder auth(Auth auth) {
            this.auth = auth;
            return this;
        }

        public Builder filter(Filter filter) {
            this.filter = filter;
            return this;
        }

        public Builder filterConditions(ConditionGroup filterConditions) {
            this.filterConditions = filterConditions;
            return this;
        }

        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = retryPolicy;
            return this;
        }

        public Builder passThrough(ObjectNode passThrough) {
            this.passThrough = passThrough;
            return this;
        }

        public Builder signingSecret(Secret signingSecret) {
            this.signingSecret = signingSecret;
            return this;
        }

        public Builder creationTime(Instant creationTime) {
            this.creationTime = creationTime;
            return this;
        }

        public Builder updatedTime(Instant updatedTime) {
            this.updatedTime = updatedTime;
            return this;
        }

        public Builder version(long version) {
            this.version = version;
            return this;
        }

        public Builder rateLimitPerSecond(Integer rateLimitPerSecond) {
            this.rateLimitPerSecond = rateLimitPerSecond;
            return this;
        }

        public Builder failingSince(Instant failingSince) {
            this.failingSince = failingSince;
            return this;
        }

        public Builder previousSigningSecret(Secret previousSigningSecret) {
            this.previousSigningSecret = previousSigningSecret;
            return this;
        }

        public Builder customHeaders(CustomHeaders customHeaders) {
            this.customHeaders = customHeaders;
            return this;
        }

        public Builder disabledReason(DisabledReason disabledReason) {
            this.disabledReason = disabledReason;
            return this;
        }

        public Builder previousSecretExpiresAt(Instant previousSecretExpiresAt) {
            this.previousSecretExpiresAt = previousSecretExpiresAt;
            return this;
        }

        public WebhookConfig build() {
            return new WebhookConfig(id, organizationId, name, eventName, url, httpMethod, enabled, auth, filter,
                    filterConditions, retryPolicy, passThrough, signingSecret, creationTime, updatedTime, version,
                    rateLimitPerSecond, failingSince, previousSigningSecret, previousSecretExpiresAt, customHeaders,
                    disabledReason);
        }
    }
}
