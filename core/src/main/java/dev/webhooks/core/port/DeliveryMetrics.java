package dev.webhooks.core.port;

import dev.webhooks.core.delivery.DeliveryMetric;

/**
 * Where the delivery path's metrics go. Deployed: CloudWatch Embedded Metric Format documents in the function's log
 * stream, written as each thing happens, so nothing is buffered across invocations and no API is called.
 */
public interface DeliveryMetrics {

    void record(DeliveryMetric metric);
}
