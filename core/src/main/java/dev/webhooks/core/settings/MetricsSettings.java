package dev.webhooks.core.settings;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The delivery path's metrics (CloudWatch Embedded Metric Format in the log stream). */
@ConfigMapping(prefix = "webhooks.metrics")
public interface MetricsSettings {

    /** Whether metric documents are written. Off for a person's local run, whose console they would clutter. */
    @WithDefault("true")
    boolean enabled();

    /** The CloudWatch namespace of every metric. */
    @WithDefault("Webhooks")
    String namespace();

    /** The {@code Function} dimension: which function wrote the document ({@code api} or {@code dispatcher}). */
    @WithDefault("webhooks")
    String function();
}
