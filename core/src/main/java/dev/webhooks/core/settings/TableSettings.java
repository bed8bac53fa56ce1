package dev.webhooks.core.settings;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import dev.webhooks.core.adapter.dynamodb.Tables;

/**
 * DynamoDB table names. Deployed, the SAM template sets them as {@code WEBHOOKS_TABLES_*} environment variables; the
 * defaults are the names the local runner and the tests create.
 */
@ConfigMapping(prefix = "webhooks.tables")
public interface TableSettings {

    /** The webhook configs table. */
    @WithDefault(Tables.CONFIGS_DEFAULT_NAME)
    String configs();

    /** The delivery log table. */
    @WithDefault(Tables.DELIVERIES_DEFAULT_NAME)
    String deliveries();

    /** The per-second counters of rate-limited configs. */
    @WithDefault(Tables.RATE_LIMITS_DEFAULT_NAME)
    String rateLimits();

    /** The organizations' Ed25519 signing keys. */
    @WithDefault(Tables.SIGNING_KEYS_DEFAULT_NAME)
    String signingKeys();

    /** Per-hour counters of each config's finished deliveries. */
    @WithDefault(Tables.STATISTICS_DEFAULT_NAME)
    String statistics();
}
