package dev.webhooks.core.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.core.settings.DeliverySettings;

/**
 * The enabled configs of an (organization, event) pair, cached in a warm function for a short time so a burst of
 * events costs one query. A config change reaches the dispatcher within the TTL (default 30 s). Bounded, least
 * recently used entries go first.
 */
@ApplicationScoped
public class EnabledConfigCache {

    private static final int MAX_ENTRIES = 1_000;

    private final WebhookConfigRepository configs;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public EnabledConfigCache(WebhookConfigRepository configs, Clock clock, DeliverySettings settings) {
        this.configs = configs;
        this.clock = clock;
        this.ttl = settings.configCacheTtl();
    }

    public List<WebhookConfig> enabled(String organizationId, String eventName) {
        String key = organizationId + "\n" + eventName;
        Instant now = clock.instant();
        synchronized (entries) {
            Entry entry = entries.get(key);
            if (entry != null && now.isBefore(entry.expiresAt())) {
                return entry.configs();
            }
        }
        List<WebhookConfig> fresh = configs.findEnabled(organizationId, eventName);
        synchronized (entries) {
            entries.put(key, new Entry(fresh, now.plus(ttl)));
        }
        return fresh;
    }

    /** Drops the cached configs of an (organization, event) pair, after this function changed one of them. */
    public void forget(String organizationId, String eventName) {
        synchronized (entries) {
            entries.remove(organizationId + "\n" + eventName);
        }
    }

    private record Entry(List<WebhookConfig> configs, Instant expiresAt) {
    }
}
