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

    private Tables() {
    }

    /** Every table, given its deployed name, in the order they are created. */
    public static List<CreateTableRequest> all(String configsTable) {
        return List.of(Configs.createRequest(configsTable));
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
