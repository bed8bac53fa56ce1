package dev.webhooks.core.application.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeadLetter;
import dev.webhooks.core.delivery.DeliveryOutcome;
import dev.webhooks.core.delivery.FailureCode;
import dev.webhooks.core.delivery.WebhookDisabledEvent;
import dev.webhooks.core.port.EventQueue;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.core.settings.DeliverySettings;

/**
 * A config's endpoint health: the first failure after a success starts its failing-since clock, a success stops it, and
 * the service disables a config whose endpoint answered 410 Gone or has only failed for the configured period.
 *
 * <p>Disabling is two steps the caller orders around its own writes: {@link #announce} publishes the
 * {@code webhook_disabled} event before anything else changes, and {@link #disable} comes after the delivery's record
 * is final. The event's id is derived from the config's version, so publishing it again after a crash (a redelivered
 * message repeats the path) is the same event, delivered once per subscriber by the dispatcher's claim. No record is
 * left in progress, since the record is written while the config is still enabled; a crash between the record and the
 * disabling is finished by {@link #finishDisabling} when SQS delivers the message again.
 */
@ApplicationScoped
public class EndpointHealth {

    private static final Logger LOG = Logger.getLogger(EndpointHealth.class);

    private final WebhookConfigRepository configs;
    private final EnabledConfigCache enabledConfigs;
    private final EventQueue events;
    private final DeliverySettings settings;
    private final Clock clock;

    public EndpointHealth(WebhookConfigRepository configs, EnabledConfigCache enabledConfigs, EventQueue events,
            DeliverySettings settings, Clock clock) {
        this.configs = configs;
        this.enabledConfigs = enabledConfigs;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether an attempt's outcome disables the config, and why. */
    public record Verdict(WebhookDisabledEvent.Reason disableFor, Instant failingSince) {

        static final Verdict KEEP = new Verdict(null, null);

        public boolean disables() {
            return disableFor != null;
        }
    }

    /**
     * Records the outcome against the config's health (a write only when the health changes: its first failure, or
     * its first success after failures; the cached config tells which) and judges whether it must be disabled.
     */
    public Verdict afterAttempt(WebhookConfig config, DeliveryOutcome outcome) {
        if (outcome.succeeded()) {
            if (config.failingSince() != null) {
                configs.recordSuccess(config.organizationId(), config.id());
            }
            return Verdict.KEEP;
        }
        if (outcome.code() == FailureCode.Gone) {
            return judge(outcome, null, null);
        }
        Instant now = clock.instant();
        Instant failingSince = config.failingSince() != null ? config.failingSince()
                : configs.recordFailure(config.organizationId(), config.id(), now).orElse(null);
        return judge(outcome, failingSince, now);
    }

    /** The rule alone: 410 Gone disables at once; failing since at least the configured period disables. */
    private Verdict judge(DeliveryOutcome failure, Instant failingSince, Instant now) {
        if (failure.code() == FailureCode.Gone) {
            return new Verdict(WebhookDisabledEvent.Reason.ENDPOINT_GONE, null);
        }
        if (failingSince != null && Duration.between(failingSince, now).compareTo(settings.autoDisableAfter()) >= 0) {
            return new Verdict(WebhookDisabledEvent.Reason.FAILING_TOO_LONG, failingSince);
        }
        return Verdict.KEEP;
    }

    /**
     * For a delivery found already recorded (a redelivered message): when its last outcome should have disabled the
     * config and the config is still enabled, the attempt that recorded it was cut off before disabling. Repeats the
     * announcement (the same event) and the disabling. No write unless that is the case.
     */
    public void finishDisabling(WebhookConfig config, DeliveryOutcome recorded) {
        if (!config.enabled() || recorded == null || recorded.succeeded()) {
            return;
        }
        Verdict verdict = judge(recorded, config.failingSince(), clock.instant());
        if (verdict.disables()) {
            announce(config, verdict, recorded);
            disable(config, verdict);
        }
    }

    /** Publishes the {@code webhook_disabled} event of a config about to be disabled. */
    public void announce(WebhookConfig config, Verdict verdict, DeliveryOutcome lastFailure) {
        // The config as the disabling will write it (next version): the event's id is derived from that version.
        WebhookConfig disabled = config.toBuilder().enabled(false).version(config.version() + 1).build();
        events.publish(WebhookDisabledEvent.of(disabled, verdict.disableFor(), DeadLetter.describe(lastFailure),
                verdict.failingSince(), clock.instant()).toString(), Duration.ZERO);
    }

    /** Disables the config (if it still is enabled) and forgets the cached enabled configs of its event. */
    public void disable(WebhookConfig config, Verdict verdict) {
        Optional<WebhookConfig> disabled = configs.disable(config.organizationId(), config.id(), clock.instant());
        enabledConfigs.forget(config.organizationId(), config.eventName());
        if (disabled.isPresent()) {
            LOG.warnf("Config %s of organization %s disabled: %s", config.id(), config.organizationId(),
                    verdict.disableFor().wireName());
        }
    }
}
