package dev.webhooks.core.config;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.core.filter.Condition;
import dev.webhooks.core.filter.ConditionGroup;
import dev.webhooks.core.filter.Filter;

/**
 * The JSON form of a config, in the wire names of the epilot contract ({@code WebhookConfig}). The API answers with it
 * and the configs table stores it, so what a client sent and what was stored can never drift apart. Secrets are never
 * part of it: they travel apart, encrypted.
 */
public final class WebhookConfigDocument {

    /** epilot's timestamp form, {@code 2021-04-27T12:01:13.000Z}: UTC with milliseconds. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private WebhookConfigDocument() {
    }

    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * The config as the API returns it: its stored document ({@link #toJson}) and the read-only health kept beside it,
     * {@code failing_since} (when its deliveries started failing without a success since; null when healthy) and
     * {@code disabled_reason} (why the service disabled it; null when enabled or disabled by its owner).
     */
    public static ObjectNode toResponse(WebhookConfig config) {
        ObjectNode json = toJson(config);
        json.put("failing_since", config.failingSince() == null ? null : timestamp(config.failingSince()));
        json.put("disabled_reason", config.disabledReason() == null ? null : config.disabledReason().wireName());
        return json;
    }

    /** The config's stored document, as the API returns it: no secret, not even the signing secret. */
    public static ObjectNode toJson(WebhookConfig config) {
        ObjectNode json = JSON.objectNode();
        json.put("id", config.id());
        json.put("name", config.name());
        json.put("eventName", config.eventName());
        json.put("url", config.url());
        json.put("httpMethod", config.httpMethod().name());
        json.put("enabled", config.enabled());
        json.put("status", config.status().wireName());
        json.put("creationTime", timestamp(config.creationTime()));
        json.put("updatedTime", timestamp(config.updatedTime()));
        json.set("auth", auth(config.auth()));
        if (config.filter() != null) {
            ObjectNode filter = json.putObject("filter");
            filter.put("keyToFilter", config.filter().keyToFilter());
            strings(filter.putArray("supportedValues"), config.filter().supportedValues());
        }
        if (config.filterConditions() != null) {
            json.set("filterConditions", conditions(config.filterConditions()));
        }
        if (config.retryPolicy() != null) {
            ObjectNode policy = json.putObject("retryPolicy");
            policy.put("enabled", config.retryPolicy().enabled());
            policy.put("maxAttempts", config.retryPolicy().maxAttempts());
        }
        if (config.rateLimitPerSecond() != null) {
            json.put("rateLimitPerSecond", config.rateLimitPerSecond());
        }
        json.setAll(config.passThrough());
        if (!config.customHeaders().isEmpty()) {
            // Names only: each value is a secret, stored encrypted beside the document and shown masked.
            ObjectNode payloadConfiguration = json.get(PassThroughFields.PAYLOAD_CONFIGURATION) instanceof ObjectNode
                    given ? given.deepCopy() : JSON.objectNode();
            ObjectNode headers = payloadConfiguration.putObject(PassThroughFields.CUSTOM_HEADERS);
            config.customHeaders().masked().forEach(headers::put);
            json.set(PassThroughFields.PAYLOAD_CONFIGURATION, payloadConfiguration);
        }
        return json;
    }

    /** The custom header names of a stored document, in order. */
    private static java.util.List<String> customHeaderNames(JsonNode json) {
        java.util.List<String> names = new java.util.ArrayList<>();
        json.path(PassThroughFields.PAYLOAD_CONFIGURATION).path(PassThroughFields.CUSTOM_HEADERS).fieldNames()
                .forEachRemaining(names::add);
        return names;
    }

    /**
     * Rebuilds a stored config. {@code authSecret} and {@code signingSecret} were decrypted by the caller.
     */
    public static WebhookConfig fromJson(JsonNode json, String organizationId, long version, Secret authSecret,
            Secret signingSecret, Instant failingSince, Secret previousSigningSecret,
            Instant previousSecretExpiresAt) {
        return fromJson(json, organizationId, version, authSecret, signingSecret, failingSince, previousSigningSecret,
                previousSecretExpiresAt, name -> null);
    }

    /**
     * Rebuilds a stored config with its custom headers: {@code customHeaderValue} gives the decrypted value of each
     * name the document lists (a name without a value is dropped).
     */
    public static WebhookConfig fromJson(JsonNode json, String organizationId, long version, Secret authSecret,
            Secret signingSecret, Instant failingSince, Secret previousSigningSecret,
            Instant previousSecretExpiresAt, java.util.function.Function<String, Secret> customHeaderValue) {
        ObjectNode passThrough = JSON.objectNode();
        for (String field : PassThroughFields.ALL) {
            if (json.has(field)) {
                passThrough.set(field, json.get(field));
            }
        }
        java.util.Map<String, Secret> headers = new java.util.LinkedHashMap<>();
        for (String name : customHeaderNames(json)) {
            Secret value = customHeaderValue.apply(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        if (passThrough.get(PassThroughFields.PAYLOAD_CONFIGURATION) instanceof ObjectNode given
                && given.has(PassThroughFields.CUSTOM_HEADERS)) {
            ObjectNode payloadConfiguration = given.deepCopy();
            payloadConfiguration.remove(PassThroughFields.CUSTOM_HEADERS);
            passThrough.set(PassThroughFields.PAYLOAD_CONFIGURATION, payloadConfiguration);
        }
        JsonNode policy = json.get("retryPolicy");
        return WebhookConfig.builder()
                .id(json.path("id").asText())
                .organizationId(organizationId)
                .name(json.path("name").asText())
                .eventName(json.path("eventName").asText())
                .url(json.path("url").asText())
                .httpMethod(HttpMethod.valueOf(json.path("httpMethod").asText()))
                .enabled(json.path("enabled").asBoolean())
                .auth(auth(json.path("auth"), authSecret))
                .filter(json.hasNonNull("filter") ? new Filter(json.path("filter").path("keyToFilter").asText(),
                        strings(json.path("filter").path("supportedValues"))) : null)
                .filterConditions(json.hasNonNull("filterConditions") ? conditions(json.path("filterConditions")) : null)
                .retryPolicy(policy == null || policy.isNull() ? null
                        : new RetryPolicy(policy.path("enabled").asBoolean(), policy.path("maxAttempts").asInt()))
                .passThrough(passThrough)
                .signingSecret(signingSecret)
                .creationTime(Instant.parse(json.path("creationTime").asText()))
                .updatedTime(Instant.parse(json.path("updatedTime").asText()))
                .version(version)
                .rateLimitPerSecond(json.hasNonNull("rateLimitPerSecond") ? json.path("rateLimitPerSecond").asInt() : null)
                .failingSince(failingSince)
                .previousSigningSecret(previousSigningSecret)
                .previousSecretExpiresAt(previousSecretExpiresAt)
                .customHeaders(new CustomHeaders(headers))
                .build();
    }

    private static ObjectNode auth(Auth auth) {
        ObjectNode json = JSON.objectNode();
        json.put("authType", auth.type().name());
        if (auth instanceof Auth.Basic basic) {
            ObjectNode config = json.putObject("basicAuthConfig");
            config.put("username", basic.username());
            config.put("passwordIsEnvVar", basic.passwordIsEnvVar());
        } else if (auth instanceof Auth.ApiKey apiKey) {
            ObjectNode config = json.putObject("apiKeyConfig");
            config.put("keyName", apiKey.keyName());
            config.put("keyValueIsEnvVar", apiKey.keyValueIsEnvVar());
        } else if (auth instanceof Auth.OAuthClientCredentials oauth) {
            ObjectNode config = json.putObject("oauthConfig");
            config.put("clientId", oauth.clientId());
            config.put("clientSecretIsEnvVar", oauth.clientSecretIsEnvVar());
            config.put("endpoint", oauth.endpoint());
            config.put("httpMethod", oauth.httpMethod().name());
            ArrayNode parameters = config.putArray("customParameterList");
            for (Auth.CustomParameter parameter : oauth.customParameters()) {
                parameters.addObject()
                        .put("type", parameter.type().name().toLowerCase(Locale.ROOT))
                        .put("key", parameter.key())
                        .put("value", parameter.value());
            }
        }
        return json;
    }

    private static Auth auth(JsonNode json, Secret secret) {
        AuthType type = AuthType.valueOf(json.path("authType").asText());
        return switch (type) {
            case NONE -> Auth.NONE;
            case BASIC -> {
                JsonNode config = json.path("basicAuthConfig");
                yield new Auth.Basic(config.path("username").asText(), secret,
                        config.path("passwordIsEnvVar").asBoolean());
            }
            case API_KEY -> {
                JsonNode config = json.path("apiKeyConfig");
                yield new Auth.ApiKey(config.path("keyName").asText(), secret,
                        config.path("keyValueIsEnvVar").asBoolean());
            }
            case OAUTH_CLIENT_CREDENTIALS -> {
                JsonNode config = json.path("oauthConfig");
                List<Auth.CustomParameter> parameters = new ArrayList<>();
                for (JsonNode parameter : config.path("customParameterList")) {
                    parameters.add(new Auth.CustomParameter(
                            Auth.CustomParameter.Location.valueOf(parameter.path("type").asText().toUpperCase(
                                    Locale.ROOT)),
                            parameter.path("key").asText(), parameter.path("value").asText()));
                }
                yield new Auth.OAuthClientCredentials(config.path("clientId").asText(), secret,
                        config.path("clientSecretIsEnvVar").asBoolean(), config.path("endpoint").asText(),
                        HttpMethod.valueOf(config.path("httpMethod").asText()), parameters);
            }
        };
    }

    private static ObjectNode conditions(ConditionGroup group) {
        ObjectNode json = JSON.objectNode();
        ArrayNode list = json.putArray("conditions");
        for (Condition condition : group.conditions()) {
            ObjectNode item = list.addObject();
            if (condition.isExpression()) {
                item.put("jsonata_expression", condition.jsonataExpression());
                continue;
            }
            item.put("field", condition.field());
            item.put("operation", condition.operation().wireName());
            strings(item.putArray("values"), condition.values());
            item.put("field_type", condition.fieldType().wireName());
            item.put("is_array_field", condition.isArrayField());
            item.put("repeatable_item_op", condition.repeatableItemOp());
        }
        json.put("logical_operator", group.logicalOperator().name());
        return json;
    }

    private static ConditionGroup conditions(JsonNode json) {
        List<Condition> conditions = new ArrayList<>();
        for (JsonNode item : json.path("conditions")) {
            if (item.hasNonNull("jsonata_expression")) {
                conditions.add(new Condition(null, null, List.of(), null, false, false,
                        item.path("jsonata_expression").asText()));
                continue;
            }
            conditions.add(new Condition(
                    item.path("field").asText(),
                    Condition.Operation.valueOf(item.path("operation").asText().toUpperCase(Locale.ROOT)),
                    strings(item.path("values")),
                    Condition.FieldType.valueOf(item.path("field_type").asText("string").toUpperCase(Locale.ROOT)),
                    item.path("is_array_field").asBoolean(),
                    item.path("repeatable_item_op").asBoolean(),
                    null));
        }
        return new ConditionGroup(conditions,
                ConditionGroup.LogicalOperator.valueOf(json.path("logical_operator").asText("AND")));
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        Iterator<JsonNode> elements = array.elements();
        while (elements.hasNext()) {
            values.add(elements.next().asText());
        }
        return values;
    }
}
