package dev.webhooks.core.port;

import java.util.Optional;

import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.delivery.HistoryPage;
import dev.webhooks.core.delivery.HistoryQuery;

/**
 * The read side of the delivery log, for the API: a config's history, newest first and paged. It stays readable after
 * the config is deleted, until the records expire.
 */
public interface DeliveryHistory {

    HistoryPage page(String organizationId, String configId, HistoryQuery query);

    Optional<DeliveryRecord> find(String organizationId, String configId, String eventId);
}
