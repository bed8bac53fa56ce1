package dev.webhooks.core.application.dispatch;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.core.application.history.CountingDeliveryLog;
import dev.webhooks.core.application.signing.OrganizationSigningKeys;
import dev.webhooks.core.application.telemetry.DeliveryTelemetry;
import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.config.HttpMethod;
import dev.webhooks.core.config.RetryPolicy;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.InboundEventParser;
import dev.webhooks.core.delivery.RetrySchedule;
import dev.webhooks.core.fakes.Faults;
import dev.webhooks.core.fakes.InMemoryDeadLetterQueue;
import dev.webhooks.core.fakes.InMemoryDeliveryLog;
import dev.webhooks.core.fakes.InMemoryEventQueue;
import dev.webhooks.core.fakes.InMemoryDeliveryMetrics;
import dev.webhooks.core.fakes.InMemoryDeliveryStatistics;
import dev.webhooks.core.fakes.InMemoryRateLimiter;
import dev.webhooks.core.fakes.InMemorySendLeases;
import dev.webhooks.core.fakes.InMemorySigningKeys;
import dev.webhooks.core.fakes.InMemoryWebhookConfigRepository;
import dev.webhooks.core.fakes.MutableClock;
import dev.webhooks.core.fakes.TestDeliverySettings;
import dev.webhooks.core.filter.FilterEngine;
import dev.webhooks.core.port.DeliveryLogRepository;
import dev.webhooks.core.settings.DeliverySettings;

/**
 * The dispatcher's whole pipeline over in-memory ports, a scripted transport and a clock the test moves: no socket, no
 * sleep. The queue behaves like SQS where it matters here: delays, and a handed-back message that comes back after the
 * visibility timeout.
 */
final class DispatchHarness {

    static final String ORG = "org-1";
    static final String EVENT_NAME = "customer_request_created";
    static final String URL = "https://hooks.example.com/in";
    /** The template's visibility timeout: a handed-back message is visible again after it. */
    static final Duration VISIBILITY_TIMEOUT = Duration.ofMinutes(6);

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ConfigIds IDS = new ConfigIds(new SecureRandom());

    final Faults faults = new Faults();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    final InMemoryWebhookConfigRepository configs = new InMemoryWebhookConfigRepository(faults);
    final InMemoryDeliveryLog log = new InMemoryDeliveryLog(faults);
    final InMemorySendLeases leases = new InMemorySendLeases(faults);
    final InMemoryEventQueue queue = new InMemoryEventQueue(MAPPER, clock, faults);
    final InMemoryDeadLetterQueue deadLetters = new InMemoryDeadLetterQueue(faults);
    final InMemoryRateLimiter rateLimiter = new InMemoryRateLimiter(faults);
    final InMemoryDeliveryStatistics statistics = new InMemoryDeliveryStatistics();
    final InMemoryDeliveryMetrics metrics = new InMemoryDeliveryMetrics();
    final ScriptedTransport transport;
    final DeliverySettings settings;
    final EnabledConfigCache enabledConfigs;
    final DeliveryPool pool;
    final DispatchService dispatch;

    private int messageNumber;

    DispatchHarness(ScriptedTransport transport) {
        this(transport, Map.of());
    }

    DispatchHarness(ScriptedTransport transport, Map<String, String> settingOverrides) {
        this(transport, settingOverrides, null);
    }

    /** @param jsonataEvaluators where JSONata filters run, or {@code null} for the engine's own pool */
    DispatchHarness(ScriptedTransport transport, Map<String, String> settingOverrides,
            java.util.concurrent.ExecutorService jsonataEvaluators) {
        this.transport = transport;
        // No waits between immediate retries (the guard sleeps for real); one delivery at a time unless a test asks for
        // more, so a run is deterministic.
        Map<String, String> overrides = new java.util.HashMap<>(Map.of("immediateRetryDelay", "1ms",
                "concurrency", "1"));
        overrides.putAll(settingOverrides);
        this.settings = TestDeliverySettings.with(overrides);
        this.enabledConfigs = new EnabledConfigCache(configs, clock, settings);
        OAuthTokens tokens = new OAuthTokens(transport, MAPPER, clock);
        WebhookSender sender = new WebhookSender(transport, tokens,
                new OrganizationSigningKeys(new InMemorySigningKeys()), clock, settings.sendTimeout());
        // No jitter: every wait is the schedule's step exactly.
        RetrySchedule schedule = new RetrySchedule(settings.retrySchedule(), 0, () -> 0.5);
        DeliveryTelemetry telemetry = new DeliveryTelemetry(metrics);
        EndpointHealth health = new EndpointHealth(configs, enabledConfigs, queue, telemetry, settings, clock);
        FilterEngine filters = jsonataEvaluators == null ? new FilterEngine(settings.jsonataTimeout())
                : new FilterEngine(settings.jsonataTimeout(), jsonataEvaluators, 1);
        // The log as the functions get it: decorated so that each finished delivery is counted.
        DeliveryLogRepository counted = new CountingDeliveryLog(log, statistics, clock);
        DeliveryAttempt attempt = new DeliveryAttempt(counted, filters, new DeliveryBodies(filters), rateLimiter,
                new GuardedSender(sender, leases, settings, telemetry, clock), health, schedule, queue, deadLetters,
                telemetry, settings, clock);
        this.pool = new DeliveryPool(settings);
        this.dispatch = new DispatchService(new InboundEventParser(MAPPER), enabledConfigs, configs, counted,
                deadLetters, queue, attempt, pool, telemetry, settings, MAPPER, clock);
    }

    /** Stores an enabled POST config of {@link #ORG} for {@link #EVENT_NAME} with 3 retries, changed by {@code edit}. */
    WebhookConfig config(UnaryOperator<WebhookConfig.Builder> edit) {
        Instant now = clock.instant();
        WebhookConfig config = edit.apply(WebhookConfig.builder().id(IDS.newConfigId()).organizationId(ORG)
                .name("test").eventName(EVENT_NAME).url(URL).httpMethod(HttpMethod.POST).enabled(true)
                .auth(new Auth.None()).retryPolicy(new RetryPolicy(true, 3))
                .passThrough(JsonNodeFactory.instance.objectNode()).signingSecret(IDS.newSigningSecret())
                .creationTime(now).updatedTime(now)).build();
        configs.insert(config);
        return config;
    }

    WebhookConfig config() {
        return config(builder -> builder);
    }

    /** A producer's event (direct message shape) of {@link #ORG}. */
    static String event(String eventId) {
        return event(eventId, ORG);
    }

    /** A producer's event (direct message shape) of an organization. */
    static String event(String eventId, String organizationId) {
        ObjectNode event = MAPPER.createObjectNode();
        ObjectNode metadata = event.putObject("metadata");
        metadata.put("event_name", EVENT_NAME);
        metadata.put("organization_id", organizationId);
        metadata.put("event_id", eventId);
        event.putObject("entity").put("status", "open").put("title", "Broken boiler");
        return event.toString();
    }

    /** Dispatches one batch; answers the message ids handed back to SQS. */
    List<String> deliver(String... bodies) {
        return deliverWithin(Deadline.NONE, bodies);
    }

    /** Dispatches one batch of messages SQS delivers for the first time, in an invocation with {@code deadline} left. */
    List<String> deliverWithin(Deadline deadline, String... bodies) {
        return deliverReceived(deadline, 1, bodies);
    }

    /** Dispatches one batch of messages SQS delivers for the {@code receiveCount}th time. */
    List<String> deliverReceived(Deadline deadline, int receiveCount, String... bodies) {
        List<QueueMessage> batch = new ArrayList<>();
        for (String body : bodies) {
            batch.add(new QueueMessage("msg-" + (++messageNumber), body, receiveCount));
        }
        return dispatch.dispatch(batch, deadline);
    }

    /**
     * Plays the queue until it is empty or {@code horizon} has passed: takes what is due, moves the clock to the next
     * message when nothing is, and puts handed-back messages back after the visibility timeout, as SQS does.
     *
     * @return how many messages were handed back on the way
     */
    int runQueue(Duration horizon) {
        Instant end = clock.instant().plus(horizon);
        int handedBack = 0;
        while (true) {
            List<InMemoryEventQueue.Queued> due = queue.takeDue();
            if (due.isEmpty()) {
                Instant next = queue.nextVisibleAt();
                if (next == null || next.isAfter(end)) {
                    return handedBack;
                }
                clock.advance(Duration.between(clock.instant(), next));
                continue;
            }
            for (InMemoryEventQueue.Queued message : due) {
                int receiveCount = message.receives() + 1;
                if (!deliverReceived(Deadline.NONE, receiveCount, message.body()).isEmpty()) {
                    handedBack++;
                    queue.returnToQueue(message.body(), receiveCount, VISIBILITY_TIMEOUT);
                }
            }
        }
    }

    Optional<DeliveryRecord> record(WebhookConfig config, String eventId) {
        return log.find(config.organizationId(), config.id(), eventId);
    }

    DeliveryRecord recordOf(WebhookConfig config, String eventId) {
        return record(config, eventId).orElseThrow(() -> new AssertionError("no record of " + eventId));
    }

    /** The owner changes the config through the API: a new version, written with optimistic locking. */
    WebhookConfig update(WebhookConfig config, UnaryOperator<WebhookConfig.Builder> edit) {
        WebhookConfig stored = stored(config);
        WebhookConfig updated = edit.apply(stored.toBuilder()).version(stored.version() + 1)
                .updatedTime(clock.instant()).build();
        configs.replace(updated, stored.version());
        return updated;
    }

    WebhookConfig stored(WebhookConfig config) {
        return configs.find(config.organizationId(), config.id()).orElseThrow();
    }

    /** The queued messages of one kind ({@code webhooks.retry}, or {@code null} for published events). */
    List<ObjectNode> queued(String kind) {
        List<ObjectNode> found = new ArrayList<>();
        for (InMemoryEventQueue.Queued message : queue.all()) {
            try {
                ObjectNode body = (ObjectNode) MAPPER.readTree(message.body());
                String messageKind = body.path("kind").asText(null);
                if (kind == null ? messageKind == null : kind.equals(messageKind)) {
                    found.add(body);
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        return found;
    }
}
