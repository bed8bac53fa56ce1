package dev.webhooks.core.application.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.webhooks.core.fakes.Faults;
import dev.webhooks.core.fakes.InMemoryWebhookConfigRepository;
import dev.webhooks.core.fakes.MutableClock;
import dev.webhooks.core.fakes.TestDeliverySettings;

/** The enabled-config cache: one query per burst, keyed by organization and event, expiring on the clock. */
class EnabledConfigCacheTest {

    private final InMemoryWebhookConfigRepository repository = new InMemoryWebhookConfigRepository(new Faults());
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final EnabledConfigCache cache = new EnabledConfigCache(repository, clock,
            TestDeliverySettings.with(Map.of("configCacheTtl", "30s")));

    @Test
    void aBurstOfEventsCostsOneQuery() {
        for (int i = 0; i < 50; i++) {
            cache.enabled("org-1", "product_updated");
        }
        assertThat(repository.enabledQueries()).containsExactly("org-1/product_updated");
    }

    @Test
    void entriesAreKeyedByOrganizationAndEvent() {
        cache.enabled("org-1", "product_updated");
        cache.enabled("org-2", "product_updated");
        cache.enabled("org-1", "customer_request_created");
        assertThat(repository.enabledQueries()).hasSize(3);
    }

    @Test
    void anEntryExpiresAfterTheTtl() {
        cache.enabled("org-1", "product_updated");
        clock.advance(Duration.ofSeconds(29));
        cache.enabled("org-1", "product_updated");
        clock.advance(Duration.ofSeconds(1));
        cache.enabled("org-1", "product_updated");
        assertThat(repository.enabledQueries()).hasSize(2);
    }

    @Test
    void aForgottenEntryIsQueriedAgain() {
        cache.enabled("org-1", "product_updated");
        cache.forget("org-1", "product_updated");
        cache.enabled("org-1", "product_updated");
        assertThat(repository.enabledQueries()).hasSize(2);
    }

    @Test
    void aZeroTtlAlwaysQueries() {
        EnabledConfigCache uncached = new EnabledConfigCache(repository, clock,
                TestDeliverySettings.with(Map.of("configCacheTtl", "0s")));
        uncached.enabled("org-1", "product_updated");
        uncached.enabled("org-1", "product_updated");
        assertThat(repository.enabledQueries()).hasSize(2);
    }

    @Test
    void theCacheIsBounded() {
        int pairs = 2 * EnabledConfigCache.MAX_ENTRIES;
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < pairs; i++) {
                cache.enabled("org-" + i, "product_updated");
            }
        }
        // Twice as many pairs as the cache holds: at least half of the second pass must query again.
        assertThat(repository.enabledQueries().size()).isGreaterThan(pairs + pairs / 2);
    }
}
