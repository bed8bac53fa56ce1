package dev.webhooks.core.application.history;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.DeliveryStatus;
import dev.webhooks.core.port.DeliveryLogRepository;
import dev.webhooks.core.port.DeliveryStatistics;

/**
 * Counts each delivery in the statistics when, and only when, its final record is written: every path that finishes a
 * delivery (a send, a skip, a give-up, a test trigger) goes through the log's conditional save, so counting here
 * misses none and counts a delivery processed twice once (the second save finds it recorded and fails). It costs one
 * write per finished delivery. A failed count is logged and dropped: the delivery log, not the statistics, is the
 * record, and a counter may then fall one short.
 */
@Decorator
@Priority(10)
public class CountingDeliveryLog implements DeliveryLogRepository {

    private static final Logger LOG = Logger.getLogger(CountingDeliveryLog.class);

    private final DeliveryLogRepository log;
    private final DeliveryStatistics statistics;
    private final Clock clock;

    @Inject
    public CountingDeliveryLog(@Delegate DeliveryLogRepository log, DeliveryStatistics statistics, Clock clock) {
        this.log = log;
        this.statistics = statistics;
        this.clock = clock;
    }

    @Override
    public boolean save(DeliveryRecord record, int attemptsSeen) {
        boolean saved = log.save(record, attemptsSeen);
        if (saved && record.status() != DeliveryStatus.IN_PROGRESS) {
            try {
                statistics.count(record, clock.instant());
            } catch (RuntimeException notCounted) {
                LOG.warnf("Delivery of event %s to config %s not counted in the statistics: %s", record.eventId(),
                        record.configId(), notCounted.toString());
            }
        }
        return saved;
    }

    @Override
    public Optional<DeliveryRecord> find(String organizationId, String configId, String eventId) {
        return log.find(organizationId, configId, eventId);
    }

    @Override
    public List<DeliveryRecord> recentByEvent(String organizationId, String eventName, int limit) {
        return log.recentByEvent(organizationId, eventName, limit);
    }
}
