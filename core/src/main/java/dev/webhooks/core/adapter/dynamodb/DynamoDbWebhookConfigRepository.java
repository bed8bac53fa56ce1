package dev.webhooks.core.adapter.dynamodb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.webhooks.core.adapter.dynamodb.Tables.Configs;
import dev.webhooks.core.config.Secret;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.config.WebhookConfigDocument;
import dev.webhooks.core.port.SecretCipher;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.core.settings.TableSettings;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Configs in DynamoDB, one item each, keyed by (organization, config id). Writes are single-item conditional writes:
 * an insert may not overwrite, a replace must find the version it read (optimistic locking; dynalite has no
 * transactions and none are needed). Secrets are encrypted with the organization, config and field as context.
 */
@ApplicationScoped
public class DynamoDbWebhookConfigRepository implements WebhookConfigRepository {

    private static final String SIGNING = "signing";
    private static final String AUTH = "auth";

    private final DynamoDbClient dynamo;
    private final SecretCipher cipher;
    private final String table;

    public DynamoDbWebhookConfigRepository(DynamoDbClient dynamo, SecretCipher cipher, TableSettings tables) {
        this.dynamo = dynamo;
        this.cipher = cipher;
        this.table = tables.configs();
    }

    @Override
    public void insert(WebhookConfig config) {
        try {
            dynamo.putItem(put -> put.tableName(table)
                    .item(toItem(config))
                    .conditionExpression("attribute_not_exists(#org)")
                    .expressionAttributeNames(Map.of("#org", Configs.ORGANIZATION_ID)));
        } catch (ConditionalCheckFailedException e) {
            throw new StaleVersionException("Config " + config.id() + " already exists");
        }
    }

    @Override
    public Optional<WebhookConfig> find(String organizationId, String configId) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table)
                .key(key(organizationId, configId))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public List<WebhookConfig> list(String organizationId, String eventName) {
        Map<String, String> names = new HashMap<>(Map.of("#org", Configs.ORGANIZATION_ID));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":org", AttributeValue.fromS(organizationId)));
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).keyConditionExpression("#org = :org");
        if (eventName != null) {
            names.put("#event", Configs.EVENT_NAME);
            values.put(":event", AttributeValue.fromS(eventName));
            query.filterExpression("#event = :event");
        }
        return queryAll(query.expressionAttributeNames(names).expressionAttributeValues(values).build()).stream()
                .sorted(Comparator.comparing(WebhookConfig::creationTime).reversed()
                        .thenComparing(WebhookConfig::id))
                .toList();
    }

    @Override
    public void replace(WebhookConfig config, long expectedVersion) {
        try {
            dynamo.putItem(put -> put.tableName(table)
                    .item(toItem(config))
                    .conditionExpression("#version = :expected")
                    .expressionAttributeNames(Map.of("#version", Configs.VERSION))
                    .expressionAttributeValues(Map.of(":expected",
                            AttributeValue.fromN(Long.toString(expectedVersion)))));
        } catch (ConditionalCheckFailedException e) {
            throw new StaleVersionException("Config " + config.id() + " is no longer at version " + expectedVersion);
        }
    }

    @Override
    public boolean delete(String organizationId, String configId) {
        Map<String, AttributeValue> old = dynamo.deleteItem(delete -> delete.tableName(table)
                .key(key(organizationId, configId))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        return old != null && !old.isEmpty();
    }

    @Override
    public List<WebhookConfig> findEnabled(String organizationId, String eventName) {
        return queryAll(QueryRequest.builder()
                .tableName(table)
                .indexName(Configs.DISPATCH_INDEX)
                .keyConditionExpression("#dispatch = :dispatch")
                .expressionAttributeNames(Map.of("#dispatch", Configs.DISPATCH_KEY))
                .expressionAttributeValues(Map.of(":dispatch",
                        AttributeValue.fromS(Configs.dispatchKey(organizationId, eventName))))
                .build());
    }

    private List<WebhookConfig> queryAll(QueryRequest request) {
        List<WebhookConfig> configs = new ArrayList<>();
        dynamo.queryPaginator(request).items().forEach(item -> configs.add(fromItem(item)));
        return configs;
    }

    private static Map<String, AttributeValue> key(String organizationId, String configId) {
        return Map.of(Configs.ORGANIZATION_ID, AttributeValue.fromS(organizationId),
                Configs.CONFIG_ID, AttributeValue.fromS(configId));
    }

    private Map<String, AttributeValue> toItem(WebhookConfig config) {
        Map<String, AttributeValue> item = new HashMap<>(key(config.organizationId(), config.id()));
        item.put(Configs.EVENT_NAME, AttributeValue.fromS(config.eventName()));
        item.put(Configs.VERSION, AttributeValue.fromN(Long.toString(config.version())));
        item.put(Configs.CREATED_AT, AttributeValue.fromS(config.creationTime().toString()));
        item.put(Configs.DOCUMENT, JsonAttributes.toAttribute(WebhookConfigDocument.toJson(config)));
        if (config.enabled()) {
            item.put(Configs.DISPATCH_KEY, AttributeValue.fromS(
                    Configs.dispatchKey(config.organizationId(), config.eventName())));
        }
        Map<String, AttributeValue> secrets = new HashMap<>();
        if (config.signingSecret() != null) {
            secrets.put(SIGNING, AttributeValue.fromS(cipher.encrypt(config.signingSecret().reveal(),
                    context(config, SIGNING))));
        }
        if (config.auth().secret() != null) {
            secrets.put(AUTH, AttributeValue.fromS(cipher.encrypt(config.auth().secret().reveal(),
                    context(config, AUTH))));
        }
        item.put(Configs.SECRETS, AttributeValue.fromM(secrets));
        return item;
    }

    private WebhookConfig fromItem(Map<String, AttributeValue> item) {
        String organizationId = item.get(Configs.ORGANIZATION_ID).s();
        String configId = item.get(Configs.CONFIG_ID).s();
        Map<String, AttributeValue> secrets = item.containsKey(Configs.SECRETS) ? item.get(Configs.SECRETS).m()
                : Map.of();
        return WebhookConfigDocument.fromJson(
                JsonAttributes.toJson(item.get(Configs.DOCUMENT)),
                organizationId,
                Long.parseLong(item.get(Configs.VERSION).n()),
                decrypt(secrets.get(AUTH), context(organizationId, configId, AUTH)),
                decrypt(secrets.get(SIGNING), context(organizationId, configId, SIGNING)));
    }

    private Secret decrypt(AttributeValue value, String context) {
        return value == null ? null : Secret.of(cipher.decrypt(value.s(), context));
    }

    private static String context(WebhookConfig config, String field) {
        return context(config.organizationId(), config.id(), field);
    }

    private static String context(String organizationId, String configId, String field) {
        return "webhook-config/" + organizationId + "/" + configId + "/" + field;
    }
}
