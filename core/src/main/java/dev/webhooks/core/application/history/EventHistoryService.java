package dev.webhooks.core.application.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DirectedEvent;
import dev.webhooks.core.delivery.HistoryPage;
import dev.webhooks.core.delivery.HistoryQuery;
import dev.webhooks.core.error.NotFoundException;
import dev.webhooks.core.port.DeliveryHistory;
import dev.webhooks.core.port.EventQueue;
import dev.webhooks.core.port.WebhookConfigRepository;

/**
 * A config's delivery history and replays. History outlives its config (the product description promises it): it is
 * found by (organization, config id) in the log, whether or not the config still exists. A config id that is neither a
 * config of the caller's organization nor in its history is not found, like any other organization's id.
 */
@ApplicationScoped
public class EventHistoryService {

    public static final int MAX_BATCH_REPLAY = 100;
    static final int LOOKUPS_AT_ONCE = 8;

    /** Daemon threads for the last-delivery lookups of a config list; idle ones end. */
    private final ExecutorService lookupThreads = lookupThreads();

    private final DeliveryHistory history;
    private final WebhookConfigRepository configs;
    private final EventQueue events;
    private final ConfigIds ids;

    public EventHistoryService(DeliveryHistory history, WebhookConfigRepository configs, EventQueue events,
            ConfigIds ids) {
        this.history = history;
        this.configs = configs;
        this.events = events;
        this.ids = ids;
    }

    public HistoryPage page(String organizationId, String configId, HistoryQuery query) {
        requireKnownId(configId);
        HistoryPage page = history.page(organizationId, configId, query);
        if (page.records().isEmpty() && query.after() == null
                && configs.find(organizationId, configId).isEmpty()) {
            throw NotFoundException.config(configId);
        }
        return page;
    }

    /**
     * Whether the config, as it is now, transforms its payload: what a replay with {@code reapply_transform} would
     * apply. A deleted config has none.
     */
    public boolean transformConfigured(String organizationId, String configId) {
        return ConfigIds.isWellFormed(configId) && configs.find(organizationId, configId)
                .map(config -> config.jsonataExpression() != null).orElse(false);
    }

    /**
     * The config's newest delivery record, within the log's four weeks: what its config responses show as the last
     * delivery. One query on the time-ordered index, no write.
     */
    public Optional<DeliveryRecord> lastDelivery(String organizationId, String configId) {
        return history.page(organizationId, configId, new HistoryQuery(1, null, null, null, null)).records().stream()
                .findFirst();
    }

    /**
     * The last delivery of each of the organization's configs, by config id: one query per config, at most
     * {@value #LOOKUPS_AT_ONCE} at a time, so a list of many configs costs the time of a few queries, not of all.
     */
    public Map<String, Optional<DeliveryRecord>> lastDeliveries(String organizationId, List<String> configIds) {
        Map<String, CompletableFuture<Optional<DeliveryRecord>>> lookups = new LinkedHashMap<>();
        for (String configId : configIds) {
            lookups.put(configId, CompletableFuture.supplyAsync(() -> lastDelivery(organizationId, configId),
                    lookupThreads));
        }
        Map<String, Optional<DeliveryRecord>> last = new LinkedHashMap<>();
        try {
            lookups.forEach((configId, lookup) -> last.put(configId, lookup.join()));
        } catch (java.util.concurrent.CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
        return last;
    }

    /** One recorded event, or 404. */
    public DeliveryRecord event(String organizationId, String configId, String eventId) {
        requireKnownId(configId);
        return history.find(organizationId, configId, eventId)
                .orElseThrow(() -> new NotFoundException("No event " + eventId + " for webhook config " + configId));
    }

    /**
     * Queues a replay of a recorded event to its config; answers the new event's id.
     *
     * @param reapplyTransform apply the config's current transform to the event's original payload; otherwise the
     *        body the event sent is sent again as it was
     */
    public String replay(String organizationId, String configId, String eventId, boolean reapplyTransform) {
        WebhookConfig config = configs.find(organizationId, configId).orElseThrow(() -> NotFoundException.config(configId));
        DeliveryRecord original = event(organizationId, configId, eventId);
        return enqueueReplay(config, original, reapplyTransform);
    }

    /** The ids that were queued, and those that are not in the config's history. */
    public record BatchReplay(List<String> replayed, List<String> unknown) {
    }

    public BatchReplay replay(String organizationId, String configId, List<String> eventIds,
            boolean reapplyTransform) {
        WebhookConfig config = configs.find(organizationId, configId).orElseThrow(() -> NotFoundException.config(configId));
        List<String> replayed = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String eventId : new LinkedHashSet<>(eventIds)) {
            Optional<DeliveryRecord> original = history.find(organizationId, configId, eventId);
            if (original.isPresent()) {
                enqueueReplay(config, original.get(), reapplyTransform);
                replayed.add(eventId);
            } else {
                unknown.add(eventId);
            }
        }
        return new BatchReplay(replayed, unknown);
    }

    private String enqueueReplay(WebhookConfig config, DeliveryRecord original, boolean reapplyTransform) {
        String replayId = "rpl_" + ids.newConfigId();
        events.direct(DirectedEvent.replay(config.organizationId(), config.id(), replayId, original.eventName(),
                original.eventId(), reapplyTransform));
        return replayId;
    }

    private static ExecutorService lookupThreads() {
        java.util.concurrent.atomic.AtomicInteger number = new java.util.concurrent.atomic.AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(LOOKUPS_AT_ONCE, LOOKUPS_AT_ONCE, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "last-delivery-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static void requireKnownId(String configId) {
        if (!ConfigIds.isWellFormed(configId)) {
            throw NotFoundException.config(configId);
        }
    }
}
