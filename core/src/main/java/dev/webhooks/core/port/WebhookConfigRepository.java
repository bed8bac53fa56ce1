package dev.webhooks.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.webhooks.core.config.DisabledReason;
import dev.webhooks.core.config.WebhookConfig;

/**
 * Where configs live. Every method is scoped by organization: there is no way to read or write another
 * organization's config through this port.
 */
public interface WebhookConfigRepository {

    /**
     * Stores a new config.
     *
     * @throws ConfigIdTakenException when a config of the organization already has its id (ids are random, so this is
     *         a collision or a repeated insert, never another client's concurrent change)
     */
    void insert(WebhookConfig config);

    Optional<WebhookConfig> find(String organizationId, String configId);

    /** The organization's configs, newest first; only those of {@code eventName} when it is not {@code null}. */
    List<WebhookConfig> list(String organizationId, String eventName);

    /**
     * Replaces a config if its stored version is still {@code expectedVersion}.
     *
     * @throws StaleVersionException when another write came first, or the config was deleted meanwhile
     */
    void replace(WebhookConfig config, long expectedVersion);

    /** Deletes a config; {@code false} when there was none. */
    boolean delete(String organizationId, String configId);

    /**
     * The dispatcher's hot read: the enabled configs of one organization for one event, in one query on an index
     * that holds only enabled configs.
     */
    List<WebhookConfig> findEnabled(String organizationId, String eventName);

    /**
     * Disables a config the service judged unreachable (410 Gone, or failing for too long), as one conditional write:
     * only while it is enabled and still at the version the judgement was made on, so a config its owner changed or
     * enabled again meanwhile is left alone.
     *
     * @param reason why, kept beside the config ({@code disabled_reason}) until it is enabled again
     * @return the disabled config, or empty when it no longer exists, was already disabled or has moved on
     */
    Optional<WebhookConfig> disable(String organizationId, String configId, long expectedVersion,
            DisabledReason reason, Instant now);

    /**
     * Records that a delivery to the config failed.
     *
     * @return when its deliveries started failing (the first failure after its last success), or empty when the config
     *         no longer exists
     */
    Optional<Instant> recordFailure(String organizationId, String configId, Instant now);

    /** Records that a delivery succeeded: the config is healthy again. */
    void recordSuccess(String organizationId, String configId);

    /** An insert found its id taken. */
    class ConfigIdTakenException extends RuntimeException {
        public ConfigIdTakenException(String message) {
            super(message, null, false, false);
        }
    }

    /** Another write changed the record between a read and a conditional write. */
    class StaleVersionException extends RuntimeException {
        public StaleVersionException(String message) {
            super(message, null, false, false);
        }
    }
}
