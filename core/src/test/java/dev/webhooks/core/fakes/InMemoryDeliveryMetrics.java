package dev.webhooks.core.fakes;

import java.util.ArrayList;
import java.util.List;

import dev.webhooks.core.delivery.DeliveryMetric;
import dev.webhooks.core.port.DeliveryMetrics;

/** The metrics the delivery path recorded, in order, for the unit tests to read. */
public final class InMemoryDeliveryMetrics implements DeliveryMetrics {

    private final List<DeliveryMetric> recorded = new ArrayList<>();

    @Override
    public synchronized void record(DeliveryMetric metric) {
        recorded.add(metric);
    }

    public synchronized List<DeliveryMetric> all() {
        return List.copyOf(recorded);
    }

    /** How many of one kind were recorded. */
    public synchronized long count(DeliveryMetric.Kind kind) {
        return recorded.stream().filter(metric -> metric.kind() == kind).count();
    }
}
