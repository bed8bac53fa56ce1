package dev.webhooks.core.delivery;

import java.util.List;

/**
 * A page of history and where the next one starts. Paging is stable: new records are newer than every position, so
 * they never push an older record onto a page it was already shown on.
 *
 * @param next the position after this page's last record, or {@code null} when there is nothing older
 */
public record HistoryPage(List<DeliveryRecord> records, HistoryQuery.Position next) {
}
