package dev.webhooks.core.application.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.core.settings.DeliverySettings;

/** The warm-function cache of enabled configs: one query per (organization, event) per TTL. */
class EnabledConfigCacheTest {

    private Instant now = Instant.parse("2026-11-28T10:00:00Z");
    private final List<String> queries = new ArrayList<>();

    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };

    private final WebhookConfigRepository repository = new WebhookConfigRepository() {
        @Override
        public List<WebhookConfig> findEnabled(String organizationId, String eventName) {
            queries.add(organizationId + "/" + eventName);
            return List.of();
        }

        @Override
        public void insert(WebhookConfig config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<WebhookConfig> find(String organizationId, String configId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<WebhookConfig> list(String organizationId, String eventName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void replace(WebhookConfig config, long expectedVersion) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(String organizationId, String configId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<WebhookConfig> disable(String organizationId, String configId, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Instant> recordFailure(String organizationId, String configId, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void recordSuccess(String organizationId, String configId) {
            throw new UnsupportedOperationException();
        }
    };

    private final EnabledConfigCache cache = new EnabledConfigCache(repository, clock, settings(Duration.ofSeconds(30)));

    @Test
    void aBurstOfEventsCostsOneQuery() {
        for (int i = 0; i < 50; i++) {
            cache.enabled("org-1", "product_updated");
        }
        assertThat(queries).containsExactly("org-1/product_updated");
    }

    @Test
    void entriesAreKeyedByOrganizationAndEvent() {
        cache.enabled("org-1", "product_updated");
        cache.enabled("org-2", "product_updated");
        cache.enabled("org-1", "customer_request_created");
        assertThat(queries).hasSize(3);
    }

    @Test
    void anEntryExpiresAfterTheTtl() {
        cache.enabled("org-1", "product_updated");
        now = now.plusSeconds(29);
        cache.enabled("org-1", "product_updated");
        now = now.plusSeconds(1);
        cache.enabled("org-1", "product_updated");
        assertThat(queries).hasSize(2);
    }

    @Test
    void aForgottenEntryIsQueriedAgain() {
        cache.enabled("org-1", "product_updated");
        cache.forget("org-1", "product_updated");
        cache.enabled("org-1", "product_updated");
        assertThat(queries).hasSize(2);
    }

    @Test
    void aZeroTtlAlwaysQueries() {
        EnabledConfigCache uncached = new EnabledConfigCache(repository, clock, settings(Duration.ZERO));
        uncached.enabled("org-1", "product_updated");
        uncached.enabled("org-1", "product_updated");
        assertThat(queries).hasSize(2);
    }

    private static DeliverySettings settings(Duration ttl) {
        return (DeliverySettings) java.lang.reflect.Proxy.newProxyInstance(DeliverySettings.class.getClassLoader(),
                new Class<?>[] { DeliverySettings.class }, (proxy, method, args) -> {
                    if (method.getName().equals("configCacheTtl")) {
                        return ttl;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
