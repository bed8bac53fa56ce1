package dev.webhooks.core.fakes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.webhooks.core.config.DisabledReason;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.fakes.Faults.FaultPoint;
import dev.webhooks.core.port.WebhookConfigRepository;

/** Configs in memory, with the conditional writes of the DynamoDB adapter. */
public final class InMemoryWebhookConfigRepository implements WebhookConfigRepository {

    private final Map<String, WebhookConfig> configs = new LinkedHashMap<>();
    private final List<String> enabledQueries = new ArrayList<>();
    private final Faults faults;

    public InMemoryWebhookConfigRepository(Faults faults) {
        this.faults = faults;
    }

    @Override
    public synchronized void insert(WebhookConfig config) {
        if (configs.putIfAbsent(key(config.organizationId(), config.id()), config) != null) {
            throw new ConfigIdTakenException("Config " + config.id() + " already exists");
        }
    }

    @Override
    public synchronized Optional<WebhookConfig> find(String organizationId, String configId) {
        return Optional.ofNullable(configs.get(key(organizationId, configId)));
    }

    @Override
    public synchronized List<WebhookConfig> list(String organizationId, String eventName) {
        return configs.values().stream()
                .filter(c -> c.organizationId().equals(organizationId)
                        && (eventName == null || c.eventName().equals(eventName)))
                .sorted(Comparator.comparing(WebhookConfig::creationTime).reversed()).toList();
    }

    @Override
    public synchronized void replace(WebhookConfig config, long expectedVersion) {
        WebhookConfig stored = configs.get(key(config.organizationId(), config.id()));
        if (stored == null || stored.version() != expectedVersion) {
            throw new StaleVersionException("Config " + config.id() + " is no longer at version " + expectedVersion);
        }
        configs.put(key(config.organizationId(), config.id()), config);
    }

    @Override
    public synchronized boolean delete(String organizationId, String configId) {
        return configs.remove(key(organizationId, configId)) != null;
    }

    @Override
    public synchronized List<WebhookConfig> findEnabled(String organizationId, String eventName) {
        enabledQueries.add(organizationId + "/" + eventName);
        return list(organizationId, eventName).stream().filter(WebhookConfig::enabled).toList();
    }

    @Override
    public synchronized Optional<WebhookConfig> disable(String organizationId, String configId, long expectedVersion,
            DisabledReason reason, Instant now) {
        faults.check(FaultPoint.CONFIG_DISABLE);
        WebhookConfig stored = configs.get(key(organizationId, configId));
        if (stored == null || !stored.enabled() || stored.version() != expectedVersion) {
            return Optional.empty();
        }
        WebhookConfig disabled = stored.toBuilder().enabled(false).updatedTime(now).version(stored.version() + 1)
                .failingSince(null).disabledReason(reason).build();
        configs.put(key(organizationId, configId), disabled);
        return Optional.of(disabled);
    }

    @Override
    public synchronized Optional<Instant> recordFailure(String organizationId, String configId, Instant now) {
        faults.check(FaultPoint.CONFIG_RECORD_FAILURE);
        WebhookConfig stored = configs.get(key(organizationId, configId));
        if (stored == null) {
            return Optional.empty();
        }
        if (stored.failingSince() == null) {
            stored = stored.toBuilder().failingSince(now).build();
            configs.put(key(organizationId, configId), stored);
        }
        return Optional.of(stored.failingSince());
    }

    @Override
    public synchronized void recordSuccess(String organizationId, String configId) {
        faults.check(FaultPoint.CONFIG_RECORD_SUCCESS);
        WebhookConfig stored = configs.get(key(organizationId, configId));
        if (stored != null) {
            configs.put(key(organizationId, configId), stored.toBuilder().failingSince(null).build());
        }
    }

    /** The (organization/event) pairs {@link #findEnabled} was asked for, in order: the dispatcher's hot query. */
    public synchronized List<String> enabledQueries() {
        return List.copyOf(enabledQueries);
    }

    private static String key(String organizationId, String configId) {
        return organizationId + "\n" + configId;
    }
}
