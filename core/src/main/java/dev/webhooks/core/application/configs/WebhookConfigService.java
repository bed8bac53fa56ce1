package dev.webhooks.core.application.configs;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.config.CustomHeaders;
import dev.webhooks.core.config.Origins;
import dev.webhooks.core.config.CreatedConfig;
import dev.webhooks.core.config.RetryPolicy;
import dev.webhooks.core.config.SecretInput;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.config.WebhookConfigRequest;
import dev.webhooks.core.config.WebhookConfigRequestReader.Mode;
import dev.webhooks.core.config.WebhookConfigRequestReader;
import dev.webhooks.core.error.ConflictException;
import dev.webhooks.core.error.NotFoundException;
import dev.webhooks.core.error.PreconditionFailedException;
import dev.webhooks.core.error.ValidationException;
import dev.webhooks.core.port.WebhookConfigRepository.ConfigIdTakenException;
import dev.webhooks.core.application.signing.OrganizationSigningKeys;
import dev.webhooks.core.port.WebhookConfigRepository.StaleVersionException;
import dev.webhooks.core.port.WebhookConfigRepository;

/** The use cases of webhook configs: create, read, list, replace, delete, always within one organization. */
@ApplicationScoped
public class WebhookConfigService {

    /** How many ids a create draws before it gives up (see {@link #insertWithFreshId}). */
    static final int MAX_ID_DRAWS = 3;

    private final WebhookConfigRepository repository;
    private final WebhookConfigRequestReader reader;
    private final ConfigIds ids;
    private final OrganizationSigningKeys signingKeys;
    private final Clock clock;

    public WebhookConfigService(WebhookConfigRepository repository, WebhookConfigRequestReader reader, ConfigIds ids,
            OrganizationSigningKeys signingKeys, Clock clock) {
        this.repository = repository;
        this.reader = reader;
        this.ids = ids;
        this.signingKeys = signingKeys;
        this.clock = clock;
    }

    /**
     * Creates a config; the organization's first also makes its signing key pair, so its public key can be served
     * before its first delivery.
     */
    public CreatedConfig create(String organizationId, JsonNode body) {
        WebhookConfigRequest request = reader.read(body, Mode.CREATE);
        signingKeys.ensure(organizationId);
        Instant now = clock.instant();
        WebhookConfig.Builder draft = WebhookConfig.builder()
                .organizationId(organizationId)
                .creationTime(now)
                .updatedTime(now)
                .signingSecret(ids.newSigningSecret())
                .name(request.name() != null ? request.name() : request.eventName())
                .eventName(request.eventName())
                .url(request.url())
                .httpMethod(request.httpMethod())
                .enabled(request.enabled() == null || request.enabled())
                .auth(request.auth().resolve(null))
                .filter(request.filter())
                .filterConditions(request.filterConditions())
                .retryPolicy(request.retryPolicy() != null ? request.retryPolicy() : RetryPolicy.DEFAULT)
                .passThrough(request.passThrough())
                .customHeaders(CustomHeaders.resolve(request.customHeaders(), CustomHeaders.NONE, false))
                .rateLimitPerSecond(request.rateLimitPerSecond());
        WebhookConfig config = insertWithFreshId(draft);
        return new CreatedConfig(config, config.signingSecret());
    }

    /**
     * Inserts the config under a new random id, drawing another if the id is taken. Ids have 128 random bits, so a
     * second draw is all but unheard of and a third means the id generator is broken.
     */
    private WebhookConfig insertWithFreshId(WebhookConfig.Builder draft) {
        for (int draw = 1;; draw++) {
            WebhookConfig config = draft.id(ids.newConfigId()).build();
            try {
                repository.insert(config);
                return config;
            } catch (ConfigIdTakenException e) {
                if (draw == MAX_ID_DRAWS) {
                    throw new IllegalStateException("The config id generator repeated itself " + draw + " times", e);
                }
            }
        }
    }

    public WebhookConfig get(String organizationId, String configId) {
        if (!ConfigIds.isWellFormed(configId)) {
            throw NotFoundException.config(configId);
        }
        return repository.find(organizationId, configId).orElseThrow(() -> NotFoundException.config(configId));
    }

    public List<WebhookConfig> list(String organizationId, String eventName) {
        return repository.list(organizationId, eventName);
    }

    /**
     * A full update with the contract's exceptions: a secret, {@code enabled} or {@code retryPolicy} left out keeps the
     * stored value.
     *
     * @param expectedVersion the client's {@code If-Match} version, or {@code null} when it sent none
     */
    public WebhookConfig update(String organizationId, String configId, JsonNode body, Long expectedVersion) {
        WebhookConfigRequest request = reader.read(body, Mode.UPDATE);
        WebhookConfig stored = get(organizationId, configId);
        if (expectedVersion != null && expectedVersion != stored.version()) {
            throw new PreconditionFailedException("Config " + configId + " is at version " + stored.version()
                    + ", not " + expectedVersion + ": read it again before updating");
        }
        request.auth().requireSecretForNewDestination(stored.auth(), stored.url(), request.url());
        CustomHeaders customHeaders = CustomHeaders.resolve(request.customHeaders(), stored.customHeaders(),
                !Origins.of(stored.url()).equals(Origins.of(request.url())));
        Auth auth = request.auth().resolve(stored.auth());
        if (!auth.complete() && request.auth().secret() instanceof SecretInput.Keep) {
            throw new ValidationException(auth.type().secretField(),
                    "is required when the authentication type changes");
        }
        boolean enabled = request.enabled() != null ? request.enabled() : stored.enabled();
        WebhookConfig updated = stored.toBuilder()
                .name(request.name() != null ? request.name() : request.eventName())
                .eventName(request.eventName())
                .url(request.url())
                .httpMethod(request.httpMethod())
                .enabled(enabled)
                // Enabling a disabled config starts its health afresh: failures from before do not count.
                .failingSince(enabled && !stored.enabled() ? null : stored.failingSince())
                // Why the service disabled it stays while it stays disabled; enabled, it is history.
                .disabledReason(enabled ? null : stored.disabledReason())
                .auth(auth)
                .filter(request.filter())
                .filterConditions(request.filterConditions())
                .retryPolicy(request.retryPolicy() != null ? request.retryPolicy() : stored.retryPolicy())
                .passThrough(request.passThrough())
                .customHeaders(customHeaders)
                .rateLimitPerSecond(request.rateLimitPerSecond())
                .updatedTime(clock.instant())
                .version(stored.version() + 1)
                .build();
        try {
            repository.replace(updated, stored.version());
        } catch (StaleVersionException e) {
            throw new ConflictException("Config " + configId
                    + " was changed or deleted by another request at the same time: read it again and retry");
        }
        return updated;
    }

    /** Longest grace a rotation may give the old secret. */
    public static final java.time.Duration MAX_ROTATION_GRACE = java.time.Duration.ofDays(7);

    /**
     * Replaces the signing secret. During {@code grace} deliveries carry a signature with the old secret beside the
     * new one, so receivers can switch without dropping a delivery. The new secret is shown this once.
     */
    public CreatedConfig rotateSigningSecret(String organizationId, String configId, java.time.Duration grace) {
        WebhookConfig stored = get(organizationId, configId);
        Instant now = clock.instant();
        WebhookConfig rotated = stored.toBuilder()
                .signingSecret(ids.newSigningSecret())
                .previousSigningSecret(grace.isZero() ? null : stored.signingSecret())
                .previousSecretExpiresAt(grace.isZero() ? null : now.plus(grace))
                .updatedTime(now)
                .version(stored.version() + 1)
                .build();
        try {
            repository.replace(rotated, stored.version());
        } catch (StaleVersionException e) {
            throw new ConflictException("Config " + configId
                    + " was changed by another request at the same time: try the rotation again");
        }
        return new CreatedConfig(rotated, rotated.signingSecret());
    }

    public void delete(String organizationId, String configId) {
        if (!ConfigIds.isWellFormed(configId) || !repository.delete(organizationId, configId)) {
            throw NotFoundException.config(configId);
        }
    }
}
