package dev.webhooks.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.core.filter.Condition;
import dev.webhooks.core.filter.ConditionGroup;
import dev.webhooks.core.filter.Filter;

/**
 * The wire and storage form of a config: every field survives a round trip, and no secret is ever part of it (they
 * travel apart, encrypted).
 */
class WebhookConfigDocumentTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String PASSWORD = "basic-password-value";
    private static final String KEY_VALUE = "api-key-value-123";
    private static final String CLIENT_SECRET = "oauth-client-secret-value";
    private static final String SIGNING_SECRET = "whsec_c2lnbmluZy1zZWNyZXQtb2YtMzItYnl0ZXMhIQ==";
    private static final Instant CREATED = Instant.parse("2021-04-27T12:01:13.123Z");
    private static final Instant UPDATED = Instant.parse("2025-03-14T09:26:53.400Z");

    private static final Auth OAUTH = new Auth.OAuthClientCredentials("hooks-client", Secret.of(CLIENT_SECRET), true,
            "https://login.example.com/oauth/token", HttpMethod.PUT, List.of(
                    new Auth.CustomParameter(Auth.CustomParameter.Location.BODY, "audience", "hooks"),
                    new Auth.CustomParameter(Auth.CustomParameter.Location.QUERY, "tenant", "739224"),
                    new Auth.CustomParameter(Auth.CustomParameter.Location.HEADER, "X-Source", "webhooks")));

    /** A config with every optional part set. */
    static WebhookConfig fullConfig(Auth auth) {
        ObjectNode passThrough = JsonNodeFactory.instance.objectNode();
        passThrough.putObject(PassThroughFields.PAYLOAD_CONFIGURATION).put("hydrate_entity", true);
        passThrough.put(PassThroughFields.ENABLE_STATIC_IP, true);
        passThrough.put(PassThroughFields.PROTECTED, false);
        passThrough.putObject(PassThroughFields.SECURE_PROXY)
                .put("integration_id", "4c8d2e1f-6a7b-4c3d-8e9f-0a1b2c3d4e5f").put("use_case_slug", "crm");
        passThrough.putArray(PassThroughFields.MANIFEST).add("a1f0c3e2-5b47-4d8e-9f10-2a3b4c5d6e7f");
        passThrough.put(PassThroughFields.EVENT_VERSION, "2.1");
        passThrough.put(PassThroughFields.JSONATA_EXPRESSION, "$.customer_request");
        passThrough.put(PassThroughFields.DELIVERY_MODE, "json_base64");
        passThrough.putObject(PassThroughFields.MULTIPART_CONFIG).putArray("parts").add("file");
        return new WebhookConfig(
                "7kY2mQpZ4rT9vWx3NbHc5d",
                "739224",
                "Solar leads to CRM",
                "customer_request_created",
                "https://hooks.example.com/epilot?source=webhooks",
                HttpMethod.PATCH,
                true,
                auth,
                new Filter("customer_request.request_items.product_category", List.of("solar", "heat_pump")),
                new ConditionGroup(List.of(
                        new Condition("customer_request.notes", Condition.Operation.IS_EMPTY, List.of(), null, false,
                                false, null),
                        new Condition("customer_request.request_items[0].quantity",
                                Condition.Operation.GREATER_THAN_OR_EQUALS, List.of("2"), Condition.FieldType.NUMBER,
                                true, true, null),
                        new Condition("customer_request.created_at", Condition.Operation.LESS_THAN,
                                List.of("2025-03-14T00:00:00Z"), Condition.FieldType.DATETIME, false, false, null),
                        new Condition(null, null, List.of(), null, false, false,
                                "$count(customer_request.request_items) > 1")),
                        ConditionGroup.LogicalOperator.OR),
                new RetryPolicy(true, 4),
                passThrough,
                Secret.of(SIGNING_SECRET),
                CREATED,
                UPDATED,
                3,
                10,
                null,
                null,
                null,
                null, null);
    }

    /** A config with nothing optional. */
    static WebhookConfig config(Auth auth, boolean enabled) {
        return new WebhookConfig("id-1", "739224", "product_updated", "product_updated", "https://hooks.example.com",
                HttpMethod.POST, enabled, auth, null, null, null, JsonNodeFactory.instance.objectNode(),
                Secret.of(SIGNING_SECRET), CREATED, CREATED, 1, 25, null, null, null, null, null);
    }

    static Stream<Arguments> everyAuth() {
        return Stream.of(
                Arguments.of(named("OAuth client credentials with custom parameters", OAUTH)),
                Arguments.of(named("basic", new Auth.Basic("epilot", Secret.of(PASSWORD), true))),
                Arguments.of(named("API key", new Auth.ApiKey("X-Api-Key", Secret.of(KEY_VALUE), false))),
                Arguments.of(named("none", Auth.NONE)),
                Arguments.of(named("basic whose password was cleared", new Auth.Basic("epilot", null, false))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyAuth")
    void toJsonNeverContainsASecret(Auth auth) {
        ObjectNode json = WebhookConfigDocument.toJson(fullConfig(auth));

        assertThat(json.toString()).doesNotContain(PASSWORD, KEY_VALUE, CLIENT_SECRET, SIGNING_SECRET, "whsec_");
        assertThat(fieldNames(json)).doesNotContain("password", "keyValue", "clientSecret", "signingSecret", "secret",
                "secrets");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyAuth")
    void fromJsonOfToJsonRestoresEveryField(Auth auth) throws JsonProcessingException {
        WebhookConfig config = fullConfig(auth);
        // through text, as it is stored and served
        JsonNode stored = MAPPER.readTree(WebhookConfigDocument.toJson(config).toString());

        WebhookConfig restored = WebhookConfigDocument.fromJson(stored, "739224", 3, auth.secret(),
                Secret.of(SIGNING_SECRET), null, null, null);

        assertThat(restored).usingRecursiveComparison().isEqualTo(config);
        assertThat(restored).isEqualTo(config);
    }

    @Test
    void aMinimalConfigRoundTripsWithItsAbsentPartsStillAbsent() {
        WebhookConfig config = config(Auth.NONE, false);

        WebhookConfig restored = WebhookConfigDocument.fromJson(WebhookConfigDocument.toJson(config), "739224", 1,
                null, Secret.of(SIGNING_SECRET), null, null, null);

        assertThat(restored).isEqualTo(config);
        assertThat(restored.filter()).isNull();
        assertThat(restored.filterConditions()).isNull();
        assertThat(restored.retryPolicy()).isNull();
        assertThat(restored.passThrough()).isEmpty();
    }

    @Test
    void customHeadersAreStoredAsNamesAndShownMasked() throws JsonProcessingException {
        Map<String, Secret> values = new java.util.LinkedHashMap<>();
        values.put("X-Tenant", Secret.of("tenant-7"));
        values.put("X-Token", Secret.of("t0ken"));
        WebhookConfig config = fullConfig(OAUTH).toBuilder().customHeaders(new CustomHeaders(values)).build();

        JsonNode stored = MAPPER.readTree(WebhookConfigDocument.toJson(config).toString());

        assertThat(stored.path("payloadConfiguration").path("custom_headers").path("X-Token").asText())
                .isEqualTo(CustomHeaders.MASK);
        assertThat(stored.toString()).doesNotContain("tenant-7", "t0ken");
        assertThat(config.passThrough().path("payloadConfiguration").has("custom_headers")).isFalse();
        WebhookConfig restored = WebhookConfigDocument.fromJson(stored, "739224", 3, OAUTH.secret(),
                Secret.of(SIGNING_SECRET), null, null, null, values::get);
        assertThat(restored.customHeaders()).isEqualTo(config.customHeaders());
        assertThat(restored.passThrough()).isEqualTo(config.passThrough());
    }

    @Test
    void theOrganizationAndVersionComeFromTheRecordNotTheDocument() {
        ObjectNode json = WebhookConfigDocument.toJson(fullConfig(OAUTH));

        assertThat(json.has("organizationId")).isFalse();
        assertThat(json.has("version")).isFalse();
        assertThat(WebhookConfigDocument.fromJson(json, "other-org", 9, null, null, null, null, null))
                .extracting(WebhookConfig::organizationId, WebhookConfig::version).containsExactly("other-org", 9L);
    }

    @Test
    void toJsonSpeaksTheWireNamesOfTheContract() throws JsonProcessingException {
        ObjectNode json = WebhookConfigDocument.toJson(fullConfig(OAUTH));

        assertThat(json).isEqualTo(MAPPER.readTree("""
                {"id": "7kY2mQpZ4rT9vWx3NbHc5d",
                 "name": "Solar leads to CRM",
                 "eventName": "customer_request_created",
                 "url": "https://hooks.example.com/epilot?source=webhooks",
                 "httpMethod": "PATCH",
                 "enabled": true,
                 "status": "active",
                 "creationTime": "2021-04-27T12:01:13.123Z",
                 "updatedTime": "2025-03-14T09:26:53.400Z",
                 "auth": {"authType": "OAUTH_CLIENT_CREDENTIALS",
                          "oauthConfig": {"clientId": "hooks-client", "clientSecretIsEnvVar": true,
                                          "endpoint": "https://login.example.com/oauth/token", "httpMethod": "PUT",
                                          "customParameterList": [
                                            {"type": "body", "key": "audience", "value": "hooks"},
                                            {"type": "query", "key": "tenant", "value": "739224"},
                                            {"type": "header", "key": "X-Source", "value": "webhooks"}]}},
                 "filter": {"keyToFilter": "customer_request.request_items.product_category",
                            "supportedValues": ["solar", "heat_pump"]},
                 "filterConditions": {"conditions": [
                    {"field": "customer_request.notes", "operation": "is_empty", "values": [],
                     "field_type": "string", "is_array_field": false, "repeatable_item_op": false},
                    {"field": "customer_request.request_items[0].quantity", "operation": "greater_than_or_equals",
                     "values": ["2"], "field_type": "number", "is_array_field": true, "repeatable_item_op": true},
                    {"field": "customer_request.created_at", "operation": "less_than",
                     "values": ["2025-03-14T00:00:00Z"], "field_type": "datetime", "is_array_field": false,
                     "repeatable_item_op": false},
                    {"jsonata_expression": "$count(customer_request.request_items) > 1"}],
                   "logical_operator": "OR"},
                 "retryPolicy": {"enabled": true, "maxAttempts": 4},
                 "rateLimitPerSecond": 10,
                 "payloadConfiguration": {"hydrate_entity": true},
                 "enableStaticIP": true,
                 "protected": false,
                 "secureProxy": {"integration_id": "4c8d2e1f-6a7b-4c3d-8e9f-0a1b2c3d4e5f", "use_case_slug": "crm"},
                 "_manifest": ["a1f0c3e2-5b47-4d8e-9f10-2a3b4c5d6e7f"],
                 "eventVersion": "2.1",
                 "jsonataExpression": "$.customer_request",
                 "deliveryMode": "json_base64",
                 "multipartConfig": {"parts": ["file"]}}"""));
    }

    @Test
    void basicAndApiKeyAuthShowOnlyTheirNonSecretFields() {
        assertThat(WebhookConfigDocument.toJson(config(new Auth.Basic("epilot", Secret.of(PASSWORD), true), true))
                .get("auth")).isEqualTo(JsonNodeFactory.instance.objectNode().put("authType", "BASIC")
                        .set("basicAuthConfig", JsonNodeFactory.instance.objectNode().put("username", "epilot")
                                .put("passwordIsEnvVar", true)));
        assertThat(WebhookConfigDocument.toJson(config(new Auth.ApiKey("X-Api-Key", Secret.of(KEY_VALUE), false),
                true)).get("auth")).isEqualTo(JsonNodeFactory.instance.objectNode().put("authType", "API_KEY")
                        .set("apiKeyConfig", JsonNodeFactory.instance.objectNode().put("keyName", "X-Api-Key")
                                .put("keyValueIsEnvVar", false)));
    }

    @Test
    void theStatusIsDerived() {
        assertThat(WebhookConfigDocument.toJson(config(Auth.NONE, true)).get("status").asText()).isEqualTo("active");
        assertThat(WebhookConfigDocument.toJson(config(Auth.NONE, false)).get("status").asText())
                .isEqualTo("inactive");
        assertThat(WebhookConfigDocument.toJson(config(new Auth.ApiKey("X-Api-Key", null, false), true))
                .get("status").asText()).isEqualTo("incomplete");
    }

    @Test
    void timestampsAreUtcWithMilliseconds() {
        assertThat(WebhookConfigDocument.timestamp(Instant.parse("2021-04-27T12:01:13Z")))
                .isEqualTo("2021-04-27T12:01:13.000Z");
        assertThat(WebhookConfigDocument.timestamp(Instant.parse("2021-04-27T12:01:13.123456789Z")))
                .isEqualTo("2021-04-27T12:01:13.123Z");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node.isObject()) {
            Iterator<String> fields = node.fieldNames();
            while (fields.hasNext()) {
                String name = fields.next();
                names.add(name);
                names.addAll(fieldNames(node.get(name)));
            }
        } else if (node.isArray()) {
            node.forEach(child -> names.addAll(fieldNames(child)));
        }
        return names;
    }
}
