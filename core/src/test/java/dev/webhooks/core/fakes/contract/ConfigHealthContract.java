package dev.webhooks.core.fakes.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.HttpMethod;
import dev.webhooks.core.config.RetryPolicy;
import dev.webhooks.core.config.Secret;
import dev.webhooks.core.config.DisabledReason;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.port.WebhookConfigRepository;

/**
 * The dispatcher's writes to a config (failing-since, disabling), as every {@link WebhookConfigRepository} must do
 * them (in memory in core, on dynalite in test-support).
 */
public abstract class ConfigHealthContract {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    protected abstract WebhookConfigRepository configs();

    private final String org = "org-" + UUID.randomUUID();

    private WebhookConfig stored() {
        WebhookConfig config = WebhookConfig.builder().id("cfg" + UUID.randomUUID().toString().substring(0, 8))
                .organizationId(org).name("health").eventName("customer_request_created")
                .url("https://hooks.example.com/in").httpMethod(HttpMethod.POST).enabled(true).auth(new Auth.None())
                .retryPolicy(RetryPolicy.DEFAULT).passThrough(JsonNodeFactory.instance.objectNode())
                .signingSecret(Secret.of("whsec_" + "A".repeat(43) + "=")).creationTime(T0).updatedTime(T0).build();
        configs().insert(config);
        return config;
    }

    @Test
    void theFirstFailureStartsTheSpellAndLaterOnesKeepIt() {
        WebhookConfig config = stored();

        assertThat(configs().recordFailure(org, config.id(), T0)).contains(T0);
        assertThat(configs().recordFailure(org, config.id(), T0.plusSeconds(60))).contains(T0);
        configs().recordSuccess(org, config.id());
        assertThat(configs().find(org, config.id()).orElseThrow().failingSince()).isNull();
        assertThat(configs().recordFailure(org, "missing", T0)).isEmpty();
    }

    @Test
    void aDisablingAtTheJudgedVersionDisablesOnce() {
        WebhookConfig config = stored();

        WebhookConfig disabled = configs().disable(org, config.id(), config.version(), DisabledReason.ENDPOINT_GONE,
                T0).orElseThrow();

        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.version()).isEqualTo(config.version() + 1);
        assertThat(disabled.disabledReason()).isEqualTo(DisabledReason.ENDPOINT_GONE);
        assertThat(configs().find(org, config.id()).orElseThrow().disabledReason())
                .isEqualTo(DisabledReason.ENDPOINT_GONE);
        assertThat(configs().disable(org, config.id(), config.version(), DisabledReason.FAILING_TOO_LONG, T0))
                .isEmpty();
        assertThat(configs().findEnabled(org, "customer_request_created")).isEmpty();
    }

    @Test
    void aDisablingForAnOlderVersionLeavesTheConfigAlone() {
        WebhookConfig config = stored();
        WebhookConfig renamed = config.toBuilder().name("renamed").version(config.version() + 1).build();
        configs().replace(renamed, config.version());

        assertThat(configs().disable(org, config.id(), config.version(), DisabledReason.FAILING_TOO_LONG, T0))
                .isEmpty();
        assertThat(configs().find(org, config.id()).orElseThrow().enabled()).isTrue();
        assertThat(configs().find(org, config.id()).orElseThrow().disabledReason()).isNull();
    }
}
