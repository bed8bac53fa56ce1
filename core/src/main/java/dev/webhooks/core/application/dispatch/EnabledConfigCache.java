package dev.webhooks.core.application.dispatch;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;

import dev.webhooks.core.application.cache.Caches;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.core.settings.DeliverySettings;

/**
 * The enabled configs of an (organization, event) pair, cached in a warm function for a short time so a burst of
 * events costs one query. A config change reaches the dispatcher within the TTL (default 30 s). Bounded; concurrent
 * misses of one pair share one query.
 */
@ApplicationScoped
public class EnabledConfigCache {

    static final int MAX_ENTRIES = 1_000;

    private final WebhookConfigRepository configs;
    private final Cache<Key, List<WebhookConfig>> entries;

    public EnabledConfigCache(WebhookConfigRepository configs, Clock clock, DeliverySettings settings) {
        this.configs = configs;
        this.entries = Caches.bounded(MAX_ENTRIES, clock)
                .expireAfterWrite(settings.configCacheTtl())
                .build();
    }

    public List<WebhookConfig> enabled(String organizationId, String eventName) {
        return entries.get(new Key(organizationId, eventName),
                key -> configs.findEnabled(key.organizationId(), key.eventName()));
    }

    /** Drops the cached configs of an (organization, event) pair, after this function changed one of them. */
    public void forget(String organizationId, String eventName) {
        entries.invalidate(new Key(organizationId, eventName));
    }

    private record Key(String organizationId, String eventName) {
    }
}
