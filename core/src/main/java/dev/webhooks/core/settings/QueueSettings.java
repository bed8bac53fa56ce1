package dev.webhooks.core.settings;

import io.smallrye.config.ConfigMapping;

/** Queue URLs. Deployed, the SAM template sets them as {@code WEBHOOKS_QUEUES_*} environment variables. */
@ConfigMapping(prefix = "webhooks.queues")
public interface QueueSettings {

    /** The event queue the dispatcher consumes. */
    String eventsUrl();

    /** The dead-letter queue: final failures and unprocessable messages. */
    String deadLetterUrl();
}
