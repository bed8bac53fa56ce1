package dev.webhooks.core.application.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.webhooks.core.application.telemetry.DeliveryTelemetry;
import dev.webhooks.core.config.DisabledReason;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeadLetter;
import dev.webhooks.core.delivery.DeliveryOutcome;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.WebhookDisabledEvent;
import dev.webhooks.core.port.EventQueue;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.core.settings.DeliverySettings;

/**
 * A config's endpoint health: the first failure after a success starts its failing-since clock, a success stops it, and
 * the service disables a config whose endpoint answered 410 Gone or has only failed for the configured period.
 *
 * <p>A verdict to disable is confirmed on the stored config (the cached one may be behind), and names the version it
 * was made on. Disabling is then three steps around the delivery's own writes: {@link #announce} publishes the
 * {@code webhook_disabled} event first; the delivery's record, saved next, carries the version it disables; and
 * {@link #disable} writes the disabling last, conditional on that version. The event's id is derived from the version,
 * so publishing it again after a crash is the same event: recorded once per subscriber, and if sent twice, sent under
 * one {@code webhook-id}, by which receivers deduplicate. No
 * record is left in progress, since the record is written while the config is still enabled; and a redelivered message
 * that finds the record already written finishes the disabling it names ({@link #finishDisabling}), unless the owner
 * has changed the config since.
 */
@ApplicationScoped
public class EndpointHealth {

    private final WebhookConfigRepository configs;
    private final EnabledConfigCache enabledConfigs;
    private final EventQueue events;
    private final DeliveryTelemetry telemetry;
    private final DeliverySettings settings;
    private final Clock clock;

    public EndpointHealth(WebhookConfigRepository configs, EnabledConfigCache enabledConfigs, EventQueue events,
            DeliveryTelemetry telemetry, DeliverySettings settings, Clock clock) {
        this.configs = configs;
        this.enabledConfigs = enabledConfigs;
        this.events = events;
        this.telemetry = telemetry;
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether an attempt's outcome disables the config, why, and which stored version of it. */
    public record Verdict(DisabledReason disableFor, Instant failingSince, long configVersion) {

        static final Verdict KEEP = new Verdict(null, null, 0);

        public boolean disables() {
            return disableFor != null;
        }
    }

    /**
     * Records the outcome against the config's health (a write only when the health changes: its first failure, or
     * its first success after failures; the cached config tells which) and judges whether it must be disabled. A
     * disabled config (reached by a replay or a test trigger) has no health to keep: nothing is written or judged.
     */
    public Verdict afterAttempt(WebhookConfig config, DeliveryOutcome outcome) {
        if (!config.enabled()) {
            return Verdict.KEEP;
        }
        if (outcome.succeeded()) {
            if (config.failingSince() != null) {
                configs.recordSuccess(config.organizationId(), config.id());
            }
            return Verdict.KEEP;
        }
        if (outcome.code() == FailureCode.Gone) {
            return confirmed(config).map(stored -> new Verdict(DisabledReason.ENDPOINT_GONE, null,
                    stored.version())).orElse(Verdict.KEEP);
        }
        Instant now = clock.instant();
        if (!failingTooLong(failingSince(config, now), now)) {
            return Verdict.KEEP;
        }
        // The cached config may still show a failing spell that a success has ended since: judge the stored one.
        Optional<WebhookConfig> stored = confirmed(config);
        if (stored.isEmpty()) {
            return Verdict.KEEP;
        }
        Instant storedSince = failingSince(stored.get(), now);
        return failingTooLong(storedSince, now)
                ? new Verdict(DisabledReason.FAILING_TOO_LONG, storedSince, stored.get().version())
                : Verdict.KEEP;
    }

    /** Publishes the {@code webhook_disabled} event of a config about to be disabled. */
    public void announce(WebhookConfig config, Verdict verdict, DeliveryOutcome lastFailure) {
        // The config as the disabling will write it (the next version): the event's id is derived from that version.
        WebhookConfig disabled = config.toBuilder().enabled(false).version(verdict.configVersion() + 1).build();
        events.publish(WebhookDisabledEvent.of(disabled, verdict.disableFor(), DeadLetter.describe(lastFailure),
                verdict.failingSince(), clock.instant()).toString(), Duration.ZERO);
    }

    /** Disables the config, if it is still enabled at the judged version, and forgets its event's cached configs. */
    public void disable(WebhookConfig config, Verdict verdict) {
        disable(config.organizationId(), config.id(), config.eventName(), verdict.configVersion(),
                verdict.disableFor());
    }

    /**
     * For a delivery found already recorded (a redelivered message, a retry after the fact): when its record names a
     * disabling, the attempt that wrote it may have been cut off before the disabling itself. Its event was published
     * before the record was written; only the conditional disabling is repeated, which does nothing if it was done or
     * the owner has changed the config since.
     */
    public void finishDisabling(DeliveryRecord recorded) {
        if (recorded.disablesConfigVersion() != null) {
            // The record's outcome tells which rule disabled it: a 410, or the last failure of a long failing spell.
            DisabledReason reason = recorded.outcome() != null && recorded.outcome().code() == FailureCode.Gone
                    ? DisabledReason.ENDPOINT_GONE : DisabledReason.FAILING_TOO_LONG;
            disable(recorded.organizationId(), recorded.configId(), recorded.eventName(),
                    recorded.disablesConfigVersion(), reason);
        }
    }

    private void disable(String organizationId, String configId, String eventName, long version,
            DisabledReason reason) {
        Optional<WebhookConfig> disabled = configs.disable(organizationId, configId, version, reason, clock.instant());
        enabledConfigs.forget(organizationId, eventName);
        if (disabled.isPresent()) {
            telemetry.disabled(organizationId, configId, reason);
        }
    }

    /** The stored config, if it still exists and is enabled. */
    private Optional<WebhookConfig> confirmed(WebhookConfig config) {
        return configs.find(config.organizationId(), config.id()).filter(WebhookConfig::enabled);
    }

    /** When the config's failing spell started, starting one now if none is recorded. */
    private Instant failingSince(WebhookConfig config, Instant now) {
        return config.failingSince() != null ? config.failingSince()
                : configs.recordFailure(config.organizationId(), config.id(), now).orElse(null);
    }

    private boolean failingTooLong(Instant failingSince, Instant now) {
        return failingSince != null && Duration.between(failingSince, now).compareTo(settings.autoDisableAfter()) >= 0;
    }
}
