package dev.webhooks.core.application.configs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.webhooks.core.application.signing.OrganizationSigningKeys;
import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.config.CreatedConfig;
import dev.webhooks.core.config.WebhookConfigRequestReader;
import dev.webhooks.core.event.EventCatalog;
import dev.webhooks.core.fakes.Faults;
import dev.webhooks.core.fakes.InMemorySigningKeys;
import dev.webhooks.core.fakes.InMemoryWebhookConfigRepository;
import dev.webhooks.core.fakes.MutableClock;

/** Creating configs when the id generator repeats itself: a collision is not a client's concurrent change. */
class WebhookConfigServiceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ORG = "org-1";

    private final InMemoryWebhookConfigRepository repository = new InMemoryWebhookConfigRepository(new Faults());
    private final WebhookConfigRequestReader reader = new WebhookConfigRequestReader(EventCatalog.load(MAPPER), false);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));

    @Test
    void aCollidingIdIsDrawnAgainAndTheCreateSucceeds() throws Exception {
        // The first draw of each id repeats the same 16 bytes; later draws differ.
        WebhookConfigService service = service(new RepeatingRandom(1));
        CreatedConfig first = service.create(ORG, body());

        CreatedConfig second = service(new RepeatingRandom(1)).create(ORG, body());

        assertThat(second.config().id()).isNotEqualTo(first.config().id());
        assertThat(repository.list(ORG, null)).hasSize(2);
    }

    @Test
    void anIdGeneratorThatOnlyRepeatsItselfIsABugNotAConflict() throws Exception {
        service(new RepeatingRandom(Integer.MAX_VALUE)).create(ORG, body());

        assertThatThrownBy(() -> service(new RepeatingRandom(Integer.MAX_VALUE)).create(ORG, body()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("repeated itself " + WebhookConfigService.MAX_ID_DRAWS + " times");
        assertThat(repository.list(ORG, null)).hasSize(1);
    }

    private WebhookConfigService service(SecureRandom random) {
        return new WebhookConfigService(repository, reader, new ConfigIds(random),
                new OrganizationSigningKeys(new InMemorySigningKeys()), clock);
    }

    private static JsonNode body() throws Exception {
        return MAPPER.readTree("""
                {"eventName": "customer_request_created", "url": "https://hooks.example.com/in",
                 "httpMethod": "POST", "auth": {"authType": "NONE"}}""");
    }

    /** Fills its first {@code repeats} 16-byte draws (config ids) with the same bytes; other sizes are random. */
    private static final class RepeatingRandom extends SecureRandom {
        private final int repeats;
        private final AtomicInteger idDraws = new AtomicInteger();

        RepeatingRandom(int repeats) {
            this.repeats = repeats;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length == 16 && idDraws.incrementAndGet() <= repeats) {
                Arrays.fill(bytes, (byte) 42);
                return;
            }
            super.nextBytes(bytes);
        }
    }
}
