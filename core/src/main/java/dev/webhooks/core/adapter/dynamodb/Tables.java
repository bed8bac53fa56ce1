package dev.webhooks.core.adapter.dynamodb;

import java.util.List;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The one definition of every table: key schema, indexes and attribute names. The repositories read and write by it,
 * the tests and the local runner create tables from it, and a test holds the SAM template to it.
 * {@code docs/data-model.md} explains each access pattern.
 */
public final class Tables {

    public static final String CONFIGS_DEFAULT_NAME = "webhooks-configs";
    public static final String DELIVERIES_DEFAULT_NAME = "webhooks-deliveries";
    public static final String RATE_LIMITS_DEFAULT_NAME = "webhooks-rate-limits";
    public static final String SIGNING_KEYS_DEFAULT_NAME = "webhooks-signing-keys";
    public static final String STATISTICS_DEFAULT_NAME = "webhooks-statistics";

    /** Configs: one item per config, partitioned by organization so that every read is tenant-scoped by its key. */
    public static final class Configs {
        public static final String ORGANIZATION_ID = "org_id";
        public static final String CONFIG_ID = "config_id";
        /**
         * {@code <org_id>#<event_name>}, present only while the config is enabled: the dispatch index is sparse, so
         * the dispatcher's query returns enabled configs and nothing else.
         */
        public static final String DISPATCH_KEY = "dispatch_key";
        public static final String DISPATCH_INDEX = "dispatch-index";
        public static final String EVENT_NAME = "event_name";
        public static final String VERSION = "version";
        public static final String CREATED_AT = "created_at";
        /** The config in its wire form, without secrets ({@link dev.webhooks.core.config.WebhookConfigDocument}). */
        public static final String DOCUMENT = "config";
        /** Encrypted secrets: {@code signing} and {@code auth}. */
        public static final String SECRETS = "secrets";
        /** Until when the signing secret replaced by the last rotation is still used (ISO-8601). */
        public static final String PREVIOUS_SECRET_EXPIRES_AT = "previous_secret_expires_at";
        /** When the config's deliveries started failing without a success since (ISO-8601); absent when healthy. */
        public static final String FAILING_SINCE = "failing_since";
        /** Why the service disabled the config ({@code DisabledReason}); absent when enabled or disabled by its owner. */
        public static final String DISABLED_REASON = "disabled_reason";

        private Configs() {
        }

        public static String dispatchKey(String organizationId, String eventName) {
            return organizationId + "#" + eventName;
        }

        public static CreateTableRequest createRequest(String tableName) {
            return CreateTableRequest.builder()
                    .tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            attribute(ORGANIZATION_ID), attribute(CONFIG_ID), attribute(DISPATCH_KEY))
                    .keySchema(hash(ORGANIZATION_ID), range(CONFIG_ID))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                            .indexName(DISPATCH_INDEX)
                            .keySchema(hash(DISPATCH_KEY), range(CONFIG_ID))
                            .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                            .build())
                    .build();
        }
    }

    /**
     * The delivery log: one item per (event, config). Keyed by config, so a config's history is one partition and
     * stays readable after the config is deleted; a GSI orders it by creation time for paging, newest first.
     */
    public static final class Deliveries {
        /** {@code <org_id>#<config_id>}: the organization is part of the key, so history is tenant-scoped too. */
        public static final String CONFIG_KEY = "config_key";
        public static final String EVENT_ID = "event_id";
        public static final String CREATED_INDEX = "created-index";
        /** {@code <created_at ISO-8601>#<event_id>}: unique and ordered by time. */
        public static final String CREATED_KEY = "created_key";
        /** Epoch seconds after which DynamoDB's TTL removes the item (four weeks after creation). */
        public static final String EXPIRES_AT = "expires_at";
        public static final String STATUS = "status";
        /** {@code <org_id>#<event_name>}: partition key of {@link #EVENT_INDEX}. */
        public static final String ORG_EVENT = "org_event";
        /**
         * An organization's recent payloads of one event, newest first, across its configs (for the filter test over
         * history): partition {@link #ORG_EVENT}, sort {@link #CREATED_KEY}.
         */
        public static final String EVENT_INDEX = "event-index";

        private Deliveries() {
        }

        public static String configKey(String organizationId, String configId) {
            return organizationId + "#" + configId;
        }

        /**
         * {@code <created_at>#<event_id>} with the time in a fixed width (UTC, milliseconds), so that the string order
         * is the time order ({@code Instant.toString()} drops zero fractions and would not sort).
         */
        public static String createdKey(java.time.Instant createdAt, String eventId) {
            return sortableTime(createdAt) + "#" + eventId;
        }

        /** A time as the sort key spells it, for range conditions. */
        public static String sortableTime(java.time.Instant time) {
            return SORTABLE_TIME.format(time);
        }

        private static final java.time.format.DateTimeFormatter SORTABLE_TIME = java.time.format.DateTimeFormatter
                .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

        public static CreateTableRequest createRequest(String tableName) {
            return CreateTableRequest.builder()
                    .tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attribute(CONFIG_KEY), attribute(EVENT_ID), attribute(CREATED_KEY),
                            attribute(ORG_EVENT))
                    .keySchema(hash(CONFIG_KEY), range(EVENT_ID))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                            .indexName(CREATED_INDEX)
                            .keySchema(hash(CONFIG_KEY), range(CREATED_KEY))
                            .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                            .build(),
                            GlobalSecondaryIndex.builder()
                                    .indexName(EVENT_INDEX)
                                    .keySchema(hash(ORG_EVENT), range(CREATED_KEY))
                                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                                    .build())
                    .build();
        }
    }

    /**
     * What every running dispatcher shares to pace deliveries, in small items removed by TTL: the reserved rate-limit
     * slots of each config with a {@code rateLimitPerSecond} (one item per config holding its theoretical arrival
     * time), and the send leases of slow endpoints (one item per organization, endpoint and slot).
     */
    public static final class RateLimits {
        /** {@code <org_id>#<config_id>}, or {@code <org_id>#<endpoint>#send-lease-<slot>}. */
        public static final String BUCKET = "bucket";
        /** The config's theoretical arrival time, epoch microseconds (see {@code RateLimitSlots}). */
        public static final String TAT = "tat_micros";
        /** Who holds a send lease: a random id per lease. */
        public static final String LEASE_HOLDER = "holder";
        /** When a send lease runs out, epoch milliseconds. */
        public static final String LEASE_UNTIL = "lease_until_millis";
        public static final String EXPIRES_AT = "expires_at";

        private RateLimits() {
        }

        public static CreateTableRequest createRequest(String tableName) {
            return CreateTableRequest.builder()
                    .tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attribute(BUCKET))
                    .keySchema(hash(BUCKET))
                    .build();
        }
    }

    /**
     * Each organization's Ed25519 signing key: made on first use, the private half encrypted like every secret. The
     * public half is what {@code GET /v1/webhooks/.well-known/public-key} serves.
     */
    public static final class SigningKeys {
        public static final String ORGANIZATION_ID = "org_id";
        /** X.509 (SubjectPublicKeyInfo) encoding, base64. */
        public static final String PUBLIC_KEY = "public_key";
        /** PKCS#8 encoding, encrypted with the secret cipher. */
        public static final String PRIVATE_KEY = "private_key";
        public static final String CREATED_AT = "created_at";

        private SigningKeys() {
        }

        public static CreateTableRequest createRequest(String tableName) {
            return CreateTableRequest.builder()
                    .tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attribute(ORGANIZATION_ID))
                    .keySchema(hash(ORGANIZATION_ID))
                    .build();
        }
    }

    /**
     * Per-hour counters of each config's finished deliveries, kept as they finish (one {@code UpdateItem ADD} each)
     * and read by a query over one partition: the statistics endpoint never scans the delivery log.
     */
    public static final class Statistics {
        /** {@code <org_id>#<config_id>}, as in the delivery log. */
        public static final String CONFIG_KEY = "config_key";
        /** The hour, {@code yyyy-MM-ddTHH} in UTC: sorts in time order. */
        public static final String HOUR = "hour";
        /** Deliveries per final status: {@code succeeded}, {@code failed}, {@code skipped}. */
        public static final String SUCCEEDED = "succeeded";
        public static final String FAILED = "failed";
        public static final String SKIPPED = "skipped";
        /** Sent deliveries per latency bucket: {@code latency_0} ... (bounds in {@code LatencyHistogram}). */
        public static final String LATENCY_PREFIX = "latency_";
        public static final String EXPIRES_AT = "expires_at";

        private Statistics() {
        }

        public static CreateTableRequest createRequest(String tableName) {
            return CreateTableRequest.builder()
                    .tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attribute(CONFIG_KEY), attribute(HOUR))
                    .keySchema(hash(CONFIG_KEY), range(HOUR))
                    .build();
        }
    }

    private Tables() {
    }

    /** Every table, by its default name, in the order they are created. */
    public static List<CreateTableRequest> all() {
        return List.of(Configs.createRequest(CONFIGS_DEFAULT_NAME), Deliveries.createRequest(DELIVERIES_DEFAULT_NAME),
                RateLimits.createRequest(RATE_LIMITS_DEFAULT_NAME), SigningKeys.createRequest(SIGNING_KEYS_DEFAULT_NAME),
                Statistics.createRequest(STATISTICS_DEFAULT_NAME));
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement hash(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
    }

    private static KeySchemaElement range(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
    }
}
