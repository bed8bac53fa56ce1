package dev.webhooks.core.adapter.dynamodb;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

import dev.webhooks.core.adapter.InitPhase;
import dev.webhooks.core.adapter.dynamodb.Tables.Configs;
import dev.webhooks.core.config.ConfigStatus;
import dev.webhooks.core.config.Secret;
import dev.webhooks.core.config.DisabledReason;
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
    /** Prefix of each custom header's encrypted value, followed by the header's name. */
    private static final String HEADER = "header:";
    private static final String PREVIOUS_SIGNING = "previous_signing";
    /** No organization id has a space: the init phase's query finds nothing. */
    private static final String INIT_PHASE_ORGANIZATION = "init phase";
    private static final long INIT_QUERY_TIMEOUT_MILLIS = 2_000;
    private static final Logger LOG = Logger.getLogger(DynamoDbWebhookConfigRepository.class);

    private final DynamoDbClient dynamo;
    private final SecretCipher cipher;
    private final String table;

    public DynamoDbWebhookConfigRepository(DynamoDbClient dynamo, SecretCipher cipher, TableSettings tables) {
        this.dynamo = dynamo;
        this.cipher = cipher;
        this.table = tables.configs();
    }

    /**
     * Does in Lambda's init phase what the first request would otherwise do, where init is ahead of the requests
     * ({@link InitPhase}): builds the DynamoDB client and sends one query (an organization that cannot exist), so the
     * SDK's request path is loaded. The query has {@value #INIT_QUERY_TIMEOUT_MILLIS} ms in all (Lambda gives init
     * 10 s), and a failure changes nothing: the first request does the work then, and reports what is wrong. Static,
     * so that an on-demand start creates neither this repository nor the client here.
     */
    static void primeInTheInitPhase(@Observes StartupEvent startup, DynamoDbClient dynamo, TableSettings tables) {
        if (!InitPhase.isAheadOfRequests()) {
            return;
        }
        try {
            dynamo.query(query -> query.tableName(tables.configs()).limit(1)
                    .keyConditionExpression("#org = :org")
                    .expressionAttributeNames(Map.of("#org", Configs.ORGANIZATION_ID))
                    .expressionAttributeValues(Map.of(":org", AttributeValue.fromS(INIT_PHASE_ORGANIZATION)))
                    .overrideConfiguration(call -> call.apiCallTimeout(Duration.ofMillis(INIT_QUERY_TIMEOUT_MILLIS))));
        } catch (RuntimeException failed) {
            LOG.warnf("DynamoDB's first query in the init phase failed (%s: %s); the first request will try again",
                    failed.getClass().getSimpleName(), failed.getMessage());
        }
    }

    @Override
    public void insert(WebhookConfig config) {
        try {
            dynamo.putItem(put -> put.tableName(table)
                    .item(toItem(config))
                    .conditionExpression("attribute_not_exists(#org)")
                    .expressionAttributeNames(Map.of("#org", Configs.ORGANIZATION_ID)));
        } catch (ConditionalCheckFailedException e) {
            throw new ConfigIdTakenException("Config " + config.id() + " already exists");
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

    @Override
    public Optional<WebhookConfig> disable(String organizationId, String configId, long expectedVersion,
            DisabledReason reason, Instant now) {
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(update -> update.tableName(table)
                    .key(key(organizationId, configId))
                    .updateExpression("SET #config.#enabled = :false, #config.#status = :inactive, "
                            + "#config.#updated = :now, #version = #version + :one, #reason = :reason "
                            + "REMOVE #dispatch, #failing")
                    .conditionExpression("attribute_exists(#org) AND #config.#enabled = :true AND #version = :expected")
                    .expressionAttributeNames(Map.of("#config", Configs.DOCUMENT, "#enabled", "enabled",
                            "#status", "status", "#updated", "updatedTime", "#version", Configs.VERSION,
                            "#dispatch", Configs.DISPATCH_KEY, "#failing", Configs.FAILING_SINCE,
                            "#org", Configs.ORGANIZATION_ID, "#reason", Configs.DISABLED_REASON))
                    .expressionAttributeValues(Map.of(":false", AttributeValue.fromBool(false),
                            ":reason", AttributeValue.fromS(reason.wireName()),
                            ":true", AttributeValue.fromBool(true),
                            ":inactive", AttributeValue.fromS(ConfigStatus.INACTIVE.wireName()),
                            ":now", AttributeValue.fromS(WebhookConfigDocument.timestamp(now)),
                            ":one", AttributeValue.fromN("1"),
                            ":expected", AttributeValue.fromN(Long.toString(expectedVersion))))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(fromItem(item));
        } catch (ConditionalCheckFailedException goneOrAlreadyDisabled) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Instant> recordFailure(String organizationId, String configId, Instant now) {
        try {
            Map<String, AttributeValue> updated = dynamo.updateItem(update -> update.tableName(table)
                    .key(key(organizationId, configId))
                    .updateExpression("SET #failing = if_not_exists(#failing, :now)")
                    .conditionExpression("attribute_exists(#org)")
                    .expressionAttributeNames(Map.of("#failing", Configs.FAILING_SINCE,
                            "#org", Configs.ORGANIZATION_ID))
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromS(now.toString())))
                    .returnValues(ReturnValue.UPDATED_NEW)).attributes();
            return Optional.of(Instant.parse(updated.get(Configs.FAILING_SINCE).s()));
        } catch (ConditionalCheckFailedException deleted) {
            return Optional.empty();
        }
    }

    @Override
    public void recordSuccess(String organizationId, String configId) {
        try {
            dynamo.updateItem(update -> update.tableName(table)
                    .key(key(organizationId, configId))
                    .updateExpression("REMOVE #failing")
                    .conditionExpression("attribute_exists(#org)")
                    .expressionAttributeNames(Map.of("#failing", Configs.FAILING_SINCE,
                            "#org", Configs.ORGANIZATION_ID)));
        } catch (ConditionalCheckFailedException deleted) {
            // Nothing to mark healthy.
        }
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
        if (config.previousSigningSecret() != null) {
            secrets.put(PREVIOUS_SIGNING, AttributeValue.fromS(cipher.encrypt(config.previousSigningSecret().reveal(),
                    context(config, PREVIOUS_SIGNING))));
            item.put(Configs.PREVIOUS_SECRET_EXPIRES_AT, AttributeValue.fromS(
                    config.previousSecretExpiresAt().toString()));
        }
        if (config.auth().secret() != null) {
            secrets.put(AUTH, AttributeValue.fromS(cipher.encrypt(config.auth().secret().reveal(),
                    context(config, AUTH))));
        }
        config.customHeaders().values().forEach((name, value) -> secrets.put(HEADER + name,
                AttributeValue.fromS(cipher.encrypt(value.reveal(), context(config, HEADER + name)))));
        item.put(Configs.SECRETS, AttributeValue.fromM(secrets));
        if (config.failingSince() != null) {
            item.put(Configs.FAILING_SINCE, AttributeValue.fromS(config.failingSince().toString()));
        }
        if (config.disabledReason() != null) {
            item.put(Configs.DISABLED_REASON, AttributeValue.fromS(config.disabledReason().wireName()));
        }
        return item;
    }

    private WebhookConfig fromItem(Map<String, AttributeValue> item) {
        String organizationId = item.get(Configs.ORGANIZATION_ID).s();
        String configId = item.get(Configs.CONFIG_ID).s();
        Map<String, AttributeValue> secrets = item.containsKey(Configs.SECRETS) ? item.get(Configs.SECRETS).m()
                : Map.of();
        WebhookConfig config = WebhookConfigDocument.fromJson(
                JsonAttributes.toJson(item.get(Configs.DOCUMENT)),
                organizationId,
                Long.parseLong(item.get(Configs.VERSION).n()),
                decrypt(secrets.get(AUTH), context(organizationId, configId, AUTH)),
                decrypt(secrets.get(SIGNING), context(organizationId, configId, SIGNING)),
                item.containsKey(Configs.FAILING_SINCE) ? Instant.parse(item.get(Configs.FAILING_SINCE).s()) : null,
                decrypt(secrets.get(PREVIOUS_SIGNING), context(organizationId, configId, PREVIOUS_SIGNING)),
                item.containsKey(Configs.PREVIOUS_SECRET_EXPIRES_AT)
                        ? Instant.parse(item.get(Configs.PREVIOUS_SECRET_EXPIRES_AT).s())
                        : null,
                name -> decrypt(secrets.get(HEADER + name), context(organizationId, configId, HEADER + name)));
        return item.containsKey(Configs.DISABLED_REASON) ? config.toBuilder()
                .disabledReason(DisabledReason.fromWireName(item.get(Configs.DISABLED_REASON).s())).build() : config;
    }

    /** Decrypted on first use only (see {@link Secret#lazy}). */
    private Secret decrypt(AttributeValue value, String context) {
        return value == null ? null : Secret.lazy(() -> cipher.decrypt(value.s(), context));
    }

    private static String context(WebhookConfig config, String field) {
        return context(config.organizationId(), config.id(), field);
    }

    private static String context(String organizationId, String configId, String field) {
        return "webhook-config/" + organizationId + "/" + configId + "/" + field;
    }
}
