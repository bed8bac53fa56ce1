package dev.webhooks.core.config;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;

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
        Instant previousSecretExpiresAt) {

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
    }

    public ConfigStatus status() {
        if (!auth.complete()) {
            return ConfigStatus.INCOMPLETE;
        }
        return enabled ? ConfigStatus.ACTIVE : ConfigStatus.INACTIVE;
    }

    public static final int MAX_RATE_LIMIT_PER_SECOND = 1_000;

    /** The secrets deliveries are signed with at {@code now}: the current one, and the previous one during its grace. */
    public java.util.List<Secret> signingSecretsAt(Instant now) {
        if (previousSigningSecret != null && previousSecretExpiresAt != null && now.isBefore(previousSecretExpiresAt)) {
            return java.util.List.of(signingSecret, previousSigningSecret);
        }
        return java.util.List.of(signingSecret);
    }

    /** Whether the dispatcher should deliver to this config at all. */
    public boolean deliverable() {
        return status() == ConfigStatus.ACTIVE;
    }
}
