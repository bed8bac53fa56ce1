package dev.webhooks.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;

import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.core.config.WebhookConfigRequestReader.Mode;
import dev.webhooks.core.error.FieldError;
import dev.webhooks.core.error.ValidationException;
import dev.webhooks.core.event.EventCatalog;
import dev.webhooks.core.filter.Condition;
import dev.webhooks.core.filter.ConditionGroup;
import dev.webhooks.core.filter.Filter;

/**
 * The config request rules of the contract, one row per rule: each invalid body must be refused with a field error
 * naming exactly the field the client has to fix, and nothing else.
 */
class WebhookConfigRequestReaderTest {

    /** Single quotes keep the JSON literals of this table readable. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();
    private static final EventCatalog CATALOG = EventCatalog.load(new ObjectMapper());

    private static final String VALID = """
            {'name': 'Solar leads', 'eventName': 'customer_request_created',
             'url': 'https://hooks.example.com/epilot', 'httpMethod': 'POST', 'enabled': true,
             'auth': {'authType': 'BASIC', 'basicAuthConfig': {'username': 'epilot', 'password': 's3cret-pass'}}}""";
    private static final String API_KEY_AUTH = """
            {'authType': 'API_KEY', 'apiKeyConfig': {'keyName': 'X-Api-Key', 'keyValue': 'key-123'}}""";
    private static final String OAUTH_AUTH = """
            {'authType': 'OAUTH_CLIENT_CREDENTIALS',
             'oauthConfig': {'clientId': 'hooks-client', 'clientSecret': 'client-secret',
                             'endpoint': 'https://login.example.com/oauth/token', 'httpMethod': 'POST',
                             'customParameterList': [{'type': 'body', 'key': 'audience', 'value': 'hooks'}]}}""";

    private final WebhookConfigRequestReader reader = new WebhookConfigRequestReader(CATALOG, false);

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                // event
                Arguments.of(named("eventName left out", without(valid(), "eventName")), "eventName"),
                Arguments.of(named("eventName not a configured event", valid("eventName", "order_created")),
                        "eventName"),
                Arguments.of(named("eventName blank", valid("eventName", "  ")), "eventName"),
                Arguments.of(named("eventName a number", valid("eventName", 42)), "eventName"),
                // url
                Arguments.of(named("url left out", without(valid(), "url")), "url"),
                Arguments.of(named("url relative", valid("url", "/hooks")), "url"),
                Arguments.of(named("url with ftp scheme", valid("url", "ftp://hooks.example.com/in")), "url"),
                Arguments.of(named("url plain http while https is required", valid("url", "http://hooks.example.com")),
                        "url"),
                Arguments.of(named("url longer than 2048 characters",
                        valid("url", "https://hooks.example.com/" + "a".repeat(2048))), "url"),
                Arguments.of(named("url plain http spelled in upper case", valid("url", "HTTP://hooks.example.com")),
                        "url"),
                Arguments.of(named("url with a fragment", valid("url", "https://hooks.example.com/in#top")), "url"),
                Arguments.of(named("url with a space", valid("url", "https://hooks.example.com/a b")), "url"),
                Arguments.of(named("url without host", valid("url", "https:///in")), "url"),
                // method
                Arguments.of(named("httpMethod left out", without(valid(), "httpMethod")), "httpMethod"),
                Arguments.of(named("httpMethod TRACE is not offered", valid("httpMethod", "TRACE")), "httpMethod"),
                Arguments.of(named("httpMethod in lower case", valid("httpMethod", "post")), "httpMethod"),
                // name and flags
                Arguments.of(named("name longer than 256 characters", valid("name", "n".repeat(257))), "name"),
                Arguments.of(named("name blank", valid("name", "   ")), "name"),
                Arguments.of(named("name a number", valid("name", 7)), "name"),
                Arguments.of(named("enabled a string", valid("enabled", "true")), "enabled"),
                // auth
                Arguments.of(named("auth left out", without(valid(), "auth")), "auth"),
                Arguments.of(named("auth a string", valid("auth", "BASIC")), "auth"),
                Arguments.of(named("auth.authType left out", without(valid(), "auth.authType")), "auth.authType"),
                Arguments.of(named("auth.authType unknown", valid("auth.authType", "DIGEST")), "auth.authType"),
                Arguments.of(named("basic auth without its config", without(valid(), "auth.basicAuthConfig")),
                        "auth.basicAuthConfig"),
                Arguments.of(named("basic auth without username", without(valid(), "auth.basicAuthConfig.username")),
                        "auth.basicAuthConfig.username"),
                Arguments.of(named("basic auth with blank username", valid("auth.basicAuthConfig.username", " ")),
                        "auth.basicAuthConfig.username"),
                Arguments.of(named("basic auth without password on create",
                        without(valid(), "auth.basicAuthConfig.password")), "auth.basicAuthConfig.password"),
                Arguments.of(named("basic auth with null password on create",
                        valid("auth.basicAuthConfig.password", null)), "auth.basicAuthConfig.password"),
                Arguments.of(named("basic auth with empty password", valid("auth.basicAuthConfig.password", "")),
                        "auth.basicAuthConfig.password"),
                Arguments.of(named("basic auth with numeric password", valid("auth.basicAuthConfig.password", 1234)),
                        "auth.basicAuthConfig.password"),
                Arguments.of(named("basic auth with password longer than 4096 characters",
                        valid("auth.basicAuthConfig.password", "p".repeat(4097))), "auth.basicAuthConfig.password"),
                Arguments.of(named("basic auth with a string env-var flag",
                        valid("auth.basicAuthConfig.passwordIsEnvVar", "yes")),
                        "auth.basicAuthConfig.passwordIsEnvVar"),
                Arguments.of(named("API key name with a space is no header name",
                        apiKey("auth.apiKeyConfig.keyName", "X Key")), "auth.apiKeyConfig.keyName"),
                Arguments.of(named("API key name with a colon is no header name",
                        apiKey("auth.apiKeyConfig.keyName", "X-Key:")), "auth.apiKeyConfig.keyName"),
                Arguments.of(named("API key without name", without(apiKey(), "auth.apiKeyConfig.keyName")),
                        "auth.apiKeyConfig.keyName"),
                Arguments.of(named("API key without value on create", without(apiKey(), "auth.apiKeyConfig.keyValue")),
                        "auth.apiKeyConfig.keyValue"),
                Arguments.of(named("API key auth without its config", without(apiKey(), "auth.apiKeyConfig")),
                        "auth.apiKeyConfig"),
                Arguments.of(named("OAuth token endpoint over plain http",
                        oauth("auth.oauthConfig.endpoint", "http://login.example.com/token")),
                        "auth.oauthConfig.endpoint"),
                Arguments.of(named("OAuth token endpoint relative", oauth("auth.oauthConfig.endpoint", "/token")),
                        "auth.oauthConfig.endpoint"),
                Arguments.of(named("OAuth without token endpoint", without(oauth(), "auth.oauthConfig.endpoint")),
                        "auth.oauthConfig.endpoint"),
                Arguments.of(named("OAuth without token method", without(oauth(), "auth.oauthConfig.httpMethod")),
                        "auth.oauthConfig.httpMethod"),
                Arguments.of(named("OAuth token method unknown", oauth("auth.oauthConfig.httpMethod", "FETCH")),
                        "auth.oauthConfig.httpMethod"),
                Arguments.of(named("OAuth without client id", without(oauth(), "auth.oauthConfig.clientId")),
                        "auth.oauthConfig.clientId"),
                Arguments.of(named("OAuth without client secret on create",
                        without(oauth(), "auth.oauthConfig.clientSecret")), "auth.oauthConfig.clientSecret"),
                Arguments.of(named("OAuth custom parameter of unknown type",
                        oauth("auth.oauthConfig.customParameterList",
                                jsonValue("[{'type': 'cookie', 'key': 'a', 'value': 'b'}]"))),
                        "auth.oauthConfig.customParameterList[0].type"),
                Arguments.of(named("OAuth custom header that is no header name",
                        oauth("auth.oauthConfig.customParameterList",
                                jsonValue("[{'type': 'header', 'key': 'Bad Header', 'value': 'b'}]"))),
                        "auth.oauthConfig.customParameterList[0].key"),
                Arguments.of(named("OAuth custom parameter without value",
                        oauth("auth.oauthConfig.customParameterList", jsonValue("[{'type': 'query', 'key': 'a'}]"))),
                        "auth.oauthConfig.customParameterList[0].value"),
                Arguments.of(named("OAuth with more than 20 custom parameters",
                        oauth("auth.oauthConfig.customParameterList", JSON.valueToTree(Collections.nCopies(21,
                                java.util.Map.of("type", "body", "key", "k", "value", "v"))))),
                        "auth.oauthConfig.customParameterList"),
                // classic filter
                Arguments.of(named("filter not an object", valid("filter", "solar")), "filter"),
                Arguments.of(named("filter.keyToFilter empty",
                        filter("{'keyToFilter': '', 'supportedValues': ['solar']}")), "filter.keyToFilter"),
                Arguments.of(named("filter.keyToFilter with an empty segment",
                        filter("{'keyToFilter': 'a..b', 'supportedValues': ['solar']}")), "filter.keyToFilter"),
                Arguments.of(named("filter.keyToFilter not a field of the event",
                        filter("{'keyToFilter': 'customer_request.request_items.product_categry',"
                                + " 'supportedValues': ['solar']}")), "filter.keyToFilter"),
                Arguments.of(named("filter.keyToFilter naming an object",
                        filter("{'keyToFilter': 'customer_request', 'supportedValues': ['solar']}")),
                        "filter.keyToFilter"),
                Arguments.of(named("filter.keyToFilter left out", filter("{'supportedValues': ['solar']}")),
                        "filter.keyToFilter"),
                Arguments.of(named("filter.supportedValues empty",
                        filter("{'keyToFilter': 'metadata.origin', 'supportedValues': []}")),
                        "filter.supportedValues"),
                Arguments.of(named("filter.supportedValues left out", filter("{'keyToFilter': 'metadata.origin'}")),
                        "filter.supportedValues"),
                Arguments.of(named("filter.supportedValues a string",
                        filter("{'keyToFilter': 'metadata.origin', 'supportedValues': 'journey'}")),
                        "filter.supportedValues"),
                Arguments.of(named("filter.supportedValues with more than 100 values",
                        valid("filter", JSON.createObjectNode().put("keyToFilter", "metadata.origin")
                                .set("supportedValues", JSON.valueToTree(Collections.nCopies(101, "journey"))))),
                        "filter.supportedValues"),
                Arguments.of(named("filter.supportedValues with a number",
                        filter("{'keyToFilter': 'metadata.origin', 'supportedValues': [1]}")),
                        "filter.supportedValues[0]"),
                Arguments.of(named("filter.supportedValues with a value longer than 256 characters",
                        valid("filter", JSON.createObjectNode().put("keyToFilter", "metadata.origin")
                                .set("supportedValues", JSON.valueToTree(List.of("v".repeat(257)))))),
                        "filter.supportedValues[0]"),
                // condition group
                Arguments.of(named("more than 10 conditions", conditions(IntStream.range(0, 11)
                        .mapToObj(i -> "{'field': 'metadata.origin', 'operation': 'equals', 'values': ['journey']}")
                        .collect(Collectors.joining(",")))), "filterConditions.conditions"),
                Arguments.of(named("conditions not an array", valid("filterConditions", json("{'conditions': {}}"))),
                        "filterConditions.conditions"),
                Arguments.of(named("logical operator unknown", valid("filterConditions",
                        json("{'logical_operator': 'XOR', 'conditions': []}"))), "filterConditions.logical_operator"),
                Arguments.of(named("condition not an object", conditions("'metadata.origin'")),
                        "filterConditions.conditions[0]"),
                Arguments.of(named("condition without field",
                        conditions("{'operation': 'equals', 'values': ['journey']}")),
                        "filterConditions.conditions[0].field"),
                Arguments.of(named("condition on a field the event does not carry",
                        conditions("{'field': 'customer_request.nope', 'operation': 'is_empty'}")),
                        "filterConditions.conditions[0].field"),
                Arguments.of(named("condition field with an empty segment",
                        conditions("{'field': 'metadata..origin', 'operation': 'is_empty'}")),
                        "filterConditions.conditions[0].field"),
                Arguments.of(named("condition without operation",
                        conditions("{'field': 'metadata.origin', 'values': ['journey']}")),
                        "filterConditions.conditions[0].operation"),
                Arguments.of(named("condition with unknown operation",
                        conditions("{'field': 'metadata.origin', 'operation': 'between', 'values': ['a']}")),
                        "filterConditions.conditions[0].operation"),
                Arguments.of(named("condition operation in upper case",
                        conditions("{'field': 'metadata.origin', 'operation': 'EQUALS', 'values': ['a']}")),
                        "filterConditions.conditions[0].operation"),
                Arguments.of(named("equals without values",
                        conditions("{'field': 'metadata.origin', 'operation': 'equals'}")),
                        "filterConditions.conditions[0].values"),
                Arguments.of(named("any_of with empty values",
                        conditions("{'field': 'metadata.origin', 'operation': 'any_of', 'values': []}")),
                        "filterConditions.conditions[0].values"),
                Arguments.of(named("length_equals with a word",
                        conditions("{'field': 'customer_request.request_items', 'operation': 'length_equals',"
                                + " 'values': ['two']}")), "filterConditions.conditions[0].values[0]"),
                Arguments.of(named("length_greater_than with a negative count",
                        conditions("{'field': 'customer_request.request_items', 'operation': 'length_greater_than',"
                                + " 'values': ['-1']}")), "filterConditions.conditions[0].values[0]"),
                Arguments.of(named("field_type number with abc",
                        conditions("{'field': 'customer_request.amount_total', 'operation': 'greater_than',"
                                + " 'values': ['abc'], 'field_type': 'number'}")),
                        "filterConditions.conditions[0].values[0]"),
                Arguments.of(named("field_type boolean with yes",
                        conditions("{'field': 'customer_request.consents.data_privacy', 'operation': 'equals',"
                                + " 'values': ['yes'], 'field_type': 'boolean'}")),
                        "filterConditions.conditions[0].values[0]"),
                Arguments.of(named("field_type date in German notation",
                        conditions("{'field': 'customer_request.customer.birth_date', 'operation': 'less_than',"
                                + " 'values': ['21.06.1985'], 'field_type': 'date'}")),
                        "filterConditions.conditions[0].values[0]"),
                Arguments.of(named("field_type datetime without offset",
                        conditions("{'field': 'metadata.creation_timestamp', 'operation': 'greater_than',"
                                + " 'values': ['2025-03-14T09:26:53'], 'field_type': 'datetime'}")),
                        "filterConditions.conditions[0].values[0]"),
                Arguments.of(named("field_type unknown",
                        conditions("{'field': 'metadata.origin', 'operation': 'equals', 'values': ['a'],"
                                + " 'field_type': 'money'}")), "filterConditions.conditions[0].field_type"),
                Arguments.of(named("condition values with a number",
                        conditions("{'field': 'metadata.origin', 'operation': 'any_of', 'values': ['a', 2]}")),
                        "filterConditions.conditions[0].values[1]"),
                Arguments.of(named("is_array_field a string",
                        conditions("{'field': 'metadata.origin', 'operation': 'is_empty', 'is_array_field': 'no'}")),
                        "filterConditions.conditions[0].is_array_field"),
                Arguments.of(named("jsonata_expression together with field",
                        conditions("{'jsonata_expression': 'metadata.origin = \\\"journey\\\"',"
                                + " 'field': 'metadata.origin'}")), "filterConditions.conditions[0]"),
                Arguments.of(named("jsonata_expression together with operation",
                        conditions("{'jsonata_expression': '$exists(metadata)', 'operation': 'is_empty'}")),
                        "filterConditions.conditions[0]"),
                Arguments.of(named("jsonata_expression longer than 15000 characters",
                        valid("filterConditions", JSON.createObjectNode().set("conditions", JSON.createArrayNode()
                                .add(JSON.createObjectNode().put("jsonata_expression", "x".repeat(15_001)))))),
                        "filterConditions.conditions[0].jsonata_expression"),
                Arguments.of(named("rateLimitPerSecond zero", valid("rateLimitPerSecond", 0)), "rateLimitPerSecond"),
                Arguments.of(named("rateLimitPerSecond over 1000", valid("rateLimitPerSecond", 1001)),
                        "rateLimitPerSecond"),
                Arguments.of(named("rateLimitPerSecond a fraction", valid("rateLimitPerSecond", 2.5)),
                        "rateLimitPerSecond"),
                Arguments.of(named("rateLimitPerSecond a string", valid("rateLimitPerSecond", "10")),
                        "rateLimitPerSecond"),
                Arguments.of(named("jsonata_expression that does not parse",
                        conditions("{'jsonata_expression': 'metadata.origin = ('}")),
                        "filterConditions.conditions[0].jsonata_expression"),
                Arguments.of(named("jsonata_expression calling $eval",
                        conditions("{'jsonata_expression': '$eval(metadata.rule)'}")),
                        "filterConditions.conditions[0].jsonata_expression"),
                Arguments.of(named("jsonata_expression with a backreference RE2 cannot run",
                        conditions("{'jsonata_expression': '$contains(metadata.origin, /(a)\\\\1/)'}")),
                        "filterConditions.conditions[0].jsonata_expression"),
                Arguments.of(named("jsonataExpression (transform) calling $eval",
                        valid("jsonataExpression", "$eval(rule)")), "jsonataExpression"),
                Arguments.of(named("jsonataExpression (transform) that does not parse",
                        valid("jsonataExpression", "$count(")), "jsonataExpression"),
                Arguments.of(named("the second condition is reported with its index", conditions(
                        "{'field': 'metadata.origin', 'operation': 'is_empty'}",
                        "{'field': 'metadata.origin', 'operation': 'equals'}")),
                        "filterConditions.conditions[1].values"),
                // retry policy
                Arguments.of(named("retryPolicy without enabled", valid("retryPolicy", json("{'maxAttempts': 3}"))),
                        "retryPolicy.enabled"),
                Arguments.of(named("retryPolicy.enabled a string",
                        valid("retryPolicy", json("{'enabled': 'yes'}"))), "retryPolicy.enabled"),
                Arguments.of(named("retryPolicy.maxAttempts 0",
                        valid("retryPolicy", json("{'enabled': true, 'maxAttempts': 0}"))), "retryPolicy.maxAttempts"),
                Arguments.of(named("retryPolicy.maxAttempts 6",
                        valid("retryPolicy", json("{'enabled': true, 'maxAttempts': 6}"))), "retryPolicy.maxAttempts"),
                Arguments.of(named("retryPolicy.maxAttempts 2.5",
                        valid("retryPolicy", json("{'enabled': true, 'maxAttempts': 2.5}"))),
                        "retryPolicy.maxAttempts"),
                Arguments.of(named("retryPolicy.maxAttempts a string",
                        valid("retryPolicy", json("{'enabled': true, 'maxAttempts': '3'}"))),
                        "retryPolicy.maxAttempts"),
                Arguments.of(named("retryPolicy.maxAttempts 2^32+3 does not wrap around to 3",
                        valid("retryPolicy", json("{'enabled': true, 'maxAttempts': "
                                + BigInteger.TWO.pow(32).add(BigInteger.valueOf(3)) + "}"))),
                        "retryPolicy.maxAttempts"),
                Arguments.of(named("retryPolicy not an object", valid("retryPolicy", true)), "retryPolicy"),
                // pass-through fields of the contract
                Arguments.of(named("eventVersion without minor", valid("eventVersion", "1")), "eventVersion"),
                Arguments.of(named("eventVersion with patch", valid("eventVersion", "1.0.0")), "eventVersion"),
                Arguments.of(named("secureProxy.integration_id not a uuid",
                        valid("secureProxy", json("{'integration_id': 'proxy-1', 'use_case_slug': 'crm'}"))),
                        "secureProxy.integration_id"),
                Arguments.of(named("secureProxy without integration_id",
                        valid("secureProxy", json("{'use_case_slug': 'crm'}"))), "secureProxy.integration_id"),
                Arguments.of(named("_manifest entry not a uuid", valid("_manifest", List.of("manifest-1"))),
                        "_manifest[0]"),
                Arguments.of(named("_manifest with more than 50 entries", valid("_manifest",
                        Collections.nCopies(51, "4c8d2e1f-6a7b-4c3d-8e9f-0a1b2c3d4e5f"))), "_manifest"),
                Arguments.of(named("deliveryMode unknown", valid("deliveryMode", "xml")), "deliveryMode"),
                Arguments.of(named("enableStaticIP a string", valid("enableStaticIP", "true")), "enableStaticIP"),
                Arguments.of(named("protected a number", valid("protected", 1)), "protected"),
                Arguments.of(named("payloadConfiguration an array", valid("payloadConfiguration", List.of())),
                        "payloadConfiguration"),
                Arguments.of(named("a custom header replacing the signature", valid("payloadConfiguration",
                        json("{'custom_headers': {'webhook-signature': 'v1,forged'}}"))),
                        "payloadConfiguration.custom_headers.webhook-signature"),
                Arguments.of(named("a custom header replacing Authorization", valid("payloadConfiguration",
                        json("{'custom_headers': {'Authorization': 'Bearer x'}}"))),
                        "payloadConfiguration.custom_headers.Authorization"),
                Arguments.of(named("a custom header replacing Content-Length", valid("payloadConfiguration",
                        json("{'custom_headers': {'X-Ok': 'fine', 'Content-Length': '1'}}"))),
                        "payloadConfiguration.custom_headers.Content-Length"),
                Arguments.of(named("a custom header name with a space", valid("payloadConfiguration",
                        json("{'custom_headers': {'X Bad': 'v'}}"))), "payloadConfiguration.custom_headers.X Bad"),
                Arguments.of(named("a custom header value over two lines", valid("payloadConfiguration",
                        json("{'custom_headers': {'X-Split': 'a\\r\\nX-Injected: b'}}"))),
                        "payloadConfiguration.custom_headers.X-Split"),
                Arguments.of(named("a custom header value that is a number", valid("payloadConfiguration",
                        json("{'custom_headers': {'X-Number': 1}}"))), "payloadConfiguration.custom_headers.X-Number"),
                Arguments.of(named("custom_headers an array", valid("payloadConfiguration",
                        json("{'custom_headers': ['X-A']}"))), "payloadConfiguration.custom_headers"),
                Arguments.of(named("multipartConfig a string", valid("multipartConfig", "parts")), "multipartConfig"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void refusesAnInvalidBodyNamingTheField(ObjectNode body, String field) {
        assertThatThrownBy(() -> reader.read(body, Mode.CREATE))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.errors()).extracting(FieldError::field).containsOnly(field);
                    assertThat(e.errors()).extracting(FieldError::reason).allSatisfy(r -> assertThat(r).isNotBlank());
                });
    }

    @Test
    void theBaseBodyOfTheTableIsValid() {
        assertThat(reader.read(valid(), Mode.CREATE)).isNotNull();
        assertThat(reader.read(apiKey(), Mode.CREATE)).isNotNull();
        assertThat(reader.read(oauth(), Mode.CREATE)).isNotNull();
    }

    @Test
    void refusesABodyThatIsNotAnObject() {
        for (JsonNode body : List.of(jsonValue("[]"), jsonValue("'text'"), NullNode.getInstance())) {
            assertThat(errors(body, Mode.CREATE)).extracting(FieldError::field).containsExactly("body");
        }
        assertThat(errors(null, Mode.CREATE)).extracting(FieldError::field).containsExactly("body");
    }

    @Test
    void anUnknownFilterPathNamesTheClosestValidPaths() {
        List<FieldError> errors = errors(filter("{'keyToFilter': 'customer_request.request_items.product_categry',"
                + " 'supportedValues': ['solar']}"), Mode.CREATE);

        assertThat(errors).singleElement().satisfies(error -> assertThat(error.reason())
                .contains("closest valid paths: customer_request.request_items.product_category"));
    }

    @Test
    void aFilterOnAnObjectSaysSoAndSuggestsValues() {
        List<FieldError> errors = errors(filter("{'keyToFilter': 'customer_request.customer',"
                + " 'supportedValues': ['x']}"), Mode.CREATE);

        assertThat(errors).singleElement().satisfies(error -> assertThat(error.reason())
                .contains("names an object").contains("customer_request.customer."));
    }

    @Test
    void anUnknownEventNamesTheConfiguredOnes() {
        assertThat(errors(valid("eventName", "order_created"), Mode.CREATE)).singleElement()
                .satisfies(error -> assertThat(error.reason()).contains("customer_request_created",
                        "product_updated", "automation_rule_triggered", "automation_trigger_webhook"));
    }

    @Test
    void reportsEveryErrorAtOnce() {
        ObjectNode body = json("""
                {'eventName': 'nope', 'url': 'ftp://x', 'httpMethod': 'FETCH',
                 'auth': {'authType': 'BASIC', 'basicAuthConfig': {}},
                 'retryPolicy': {'enabled': true, 'maxAttempts': 9}, 'deliveryMode': 'xml'}""");

        assertThat(errors(body, Mode.CREATE)).extracting(FieldError::field).containsExactlyInAnyOrder(
                "eventName", "url", "httpMethod", "auth.basicAuthConfig.username", "auth.basicAuthConfig.password",
                "retryPolicy.maxAttempts", "deliveryMode");
    }

    @Test
    void theExceptionDetailListsEveryFieldAndReason() {
        ValidationException e = exception(json("{'url': 'ftp://x'}"), Mode.CREATE);

        assertThat(e.detail()).contains("eventName: is required", "url: must use https", "httpMethod: is required",
                "auth: is required");
    }

    @Test
    void ignoresUnknownAndReadOnlyFields() {
        ObjectNode body = valid();
        body.put("id", "attacker-chosen-id").put("status", "active").put("creationTime", "yesterday")
                .put("signingSecret", "whsec_x").put("somethingNew", 1).putObject("nested").put("a", "b");
        ((ObjectNode) body.path("auth")).put("extra", true);

        WebhookConfigRequest request = reader.read(body, Mode.CREATE);

        assertThat(request.passThrough()).isEmpty();
        assertThat(request.url()).isEqualTo("https://hooks.example.com/epilot");
    }

    @Test
    void readsAValidBasicAuthBody() {
        WebhookConfigRequest request = reader.read(valid("auth.basicAuthConfig.passwordIsEnvVar", true), Mode.CREATE);

        assertThat(request.name()).isEqualTo("Solar leads");
        assertThat(request.eventName()).isEqualTo("customer_request_created");
        assertThat(request.url()).isEqualTo("https://hooks.example.com/epilot");
        assertThat(request.httpMethod()).isEqualTo(HttpMethod.POST);
        assertThat(request.enabled()).isTrue();
        assertThat(request.auth().type()).isEqualTo(AuthType.BASIC);
        assertThat(request.auth().principal()).isEqualTo("epilot");
        assertThat(request.auth().secretIsEnvVar()).isTrue();
        assertThat(request.auth().secret()).isEqualTo(new SecretInput.Set(Secret.of("s3cret-pass")));
        assertThat(request.filter()).isNull();
        assertThat(request.filterConditions()).isNull();
        assertThat(request.retryPolicy()).isNull();
        assertThat(request.passThrough()).isEmpty();
    }

    @Test
    void leavesOptionalFieldsNullWhenLeftOut() {
        ObjectNode body = without(without(valid(), "name"), "enabled");

        WebhookConfigRequest request = reader.read(body, Mode.CREATE);

        assertThat(request.name()).isNull();
        assertThat(request.enabled()).isNull();
        assertThat(request.auth().secretIsEnvVar()).isFalse();
    }

    @Test
    void readsAValidApiKeyBody() {
        AuthInput auth = reader.read(apiKey(), Mode.CREATE).auth();

        assertThat(auth.type()).isEqualTo(AuthType.API_KEY);
        assertThat(auth.principal()).isEqualTo("X-Api-Key");
        assertThat(auth.secret()).isEqualTo(SecretInput.set("key-123"));
    }

    @Test
    void readsAValidOAuthBodyWithEveryParameterLocation() {
        ObjectNode body = oauth("auth.oauthConfig.customParameterList", jsonValue("""
                [{'type': 'body', 'key': 'audience', 'value': 'hooks'},
                 {'type': 'query', 'key': 'tenant', 'value': '739224'},
                 {'type': 'header', 'key': 'X-Request-Source', 'value': 'webhooks'}]"""));

        AuthInput auth = reader.read(body, Mode.CREATE).auth();

        assertThat(auth.type()).isEqualTo(AuthType.OAUTH_CLIENT_CREDENTIALS);
        assertThat(auth.principal()).isEqualTo("hooks-client");
        assertThat(auth.secret()).isEqualTo(SecretInput.set("client-secret"));
        assertThat(auth.endpoint()).isEqualTo("https://login.example.com/oauth/token");
        assertThat(auth.tokenHttpMethod()).isEqualTo(HttpMethod.POST);
        assertThat(auth.customParameters()).containsExactly(
                new Auth.CustomParameter(Auth.CustomParameter.Location.BODY, "audience", "hooks"),
                new Auth.CustomParameter(Auth.CustomParameter.Location.QUERY, "tenant", "739224"),
                new Auth.CustomParameter(Auth.CustomParameter.Location.HEADER, "X-Request-Source", "webhooks"));
    }

    @Test
    void readsAuthNoneWithoutConfig() {
        AuthInput auth = reader.read(valid("auth", json("{'authType': 'NONE'}")), Mode.CREATE).auth();

        assertThat(auth.type()).isEqualTo(AuthType.NONE);
        assertThat(auth.resolve(null)).isEqualTo(Auth.NONE);
    }

    @Test
    void readsAValidClassicFilter() {
        WebhookConfigRequest request = reader.read(filter("""
                {'keyToFilter': 'customer_request.request_items[0].product_category',
                 'supportedValues': ['solar', 'heat_pump']}"""), Mode.CREATE);

        assertThat(request.filter()).isEqualTo(new Filter("customer_request.request_items[0].product_category",
                List.of("solar", "heat_pump")));
    }

    @Test
    void acceptsTheLimitsThemselves() {
        ObjectNode body = valid("name", "n".repeat(256));
        set(body, "url", "https://hooks.example.com/" + "a".repeat(2048 - "https://hooks.example.com/".length()));
        set(body, "filter", JSON.createObjectNode().put("keyToFilter", "metadata.origin")
                .set("supportedValues", JSON.valueToTree(Collections.nCopies(100, "v".repeat(256)))));
        set(body, "filterConditions", json("{'conditions': [" + IntStream.range(0, 10)
                .mapToObj(i -> "{'field': 'metadata.origin', 'operation': 'is_not_empty'}")
                .collect(Collectors.joining(",")) + "]}"));

        WebhookConfigRequest request = reader.read(body, Mode.CREATE);

        assertThat(request.url()).hasSize(2048);
        assertThat(request.filter().supportedValues()).hasSize(100);
        assertThat(request.filterConditions().conditions()).hasSize(10);
    }

    @Test
    void readsAValidConditionGroupInBothForms() {
        ObjectNode body = valid("filterConditions", json("""
                {'logical_operator': 'OR', 'conditions': [
                  {'field': 'customer_request.notes', 'operation': 'is_empty'},
                  {'field': 'customer_request.request_items.product_category', 'operation': 'any_of',
                   'values': ['solar', 'gas'], 'is_array_field': true, 'repeatable_item_op': true},
                  {'field': 'customer_request.amount_total', 'operation': 'greater_than_or_equals',
                   'values': ['1000.50'], 'field_type': 'number'},
                  {'field': 'customer_request.request_items', 'operation': 'length_less_than', 'values': ['3']},
                  {'field': 'metadata.creation_timestamp', 'operation': 'less_than',
                   'values': ['2025-03-14T09:26:53.412Z'], 'field_type': 'datetime'},
                  {'jsonata_expression': '$count(customer_request.request_items) > 1'}]}"""));

        ConditionGroup group = reader.read(body, Mode.CREATE).filterConditions();

        assertThat(group.logicalOperator()).isEqualTo(ConditionGroup.LogicalOperator.OR);
        assertThat(group.conditions()).containsExactly(
                new Condition("customer_request.notes", Condition.Operation.IS_EMPTY, List.of(), null, false, false,
                        null),
                new Condition("customer_request.request_items.product_category", Condition.Operation.ANY_OF,
                        List.of("solar", "gas"), Condition.FieldType.STRING, true, true, null),
                new Condition("customer_request.amount_total", Condition.Operation.GREATER_THAN_OR_EQUALS,
                        List.of("1000.50"), Condition.FieldType.NUMBER, false, false, null),
                new Condition("customer_request.request_items", Condition.Operation.LENGTH_LESS_THAN, List.of("3"),
                        null, false, false, null),
                new Condition("metadata.creation_timestamp", Condition.Operation.LESS_THAN,
                        List.of("2025-03-14T09:26:53.412Z"), Condition.FieldType.DATETIME, false, false, null),
                new Condition(null, null, List.of(), null, false, false,
                        "$count(customer_request.request_items) > 1"));
        assertThat(group.conditions().get(5).isExpression()).isTrue();
    }

    @Test
    void aConditionGroupDefaultsToAnd() {
        ConditionGroup group = reader.read(conditions("{'field': 'metadata.origin', 'operation': 'is_not_empty'}"),
                Mode.CREATE).filterConditions();

        assertThat(group.logicalOperator()).isEqualTo(ConditionGroup.LogicalOperator.AND);
        assertThat(group.conditions()).hasSize(1);
    }

    @Test
    void readsARetryPolicyWithTheDefaultAttempts() {
        assertThat(reader.read(valid("retryPolicy", json("{'enabled': false}")), Mode.CREATE).retryPolicy())
                .isEqualTo(new RetryPolicy(false, RetryPolicy.DEFAULT_ATTEMPTS));
        assertThat(reader.read(valid("retryPolicy", json("{'enabled': true, 'maxAttempts': 5}")), Mode.CREATE)
                .retryPolicy()).isEqualTo(new RetryPolicy(true, 5));
        assertThat(reader.read(valid("retryPolicy", json("{'enabled': true, 'maxAttempts': 1}")), Mode.CREATE)
                .retryPolicy()).isEqualTo(new RetryPolicy(true, 1));
    }

    @Test
    void keepsThePassThroughFieldsOfTheContract() {
        ObjectNode body = valid();
        body.setAll(json("""
                {'payloadConfiguration': {'hydrate_entity': true},
                 'enableStaticIP': true, 'protected': false,
                 'secureProxy': {'integration_id': '4c8d2e1f-6a7b-4c3d-8e9f-0a1b2c3d4e5f', 'use_case_slug': 'crm'},
                 '_manifest': ['a1f0c3e2-5b47-4d8e-9f10-2a3b4c5d6e7f'],
                 'eventVersion': '2.1', 'jsonataExpression': '$', 'deliveryMode': 'binary_multipart',
                 'multipartConfig': {'parts': []}}"""));

        ObjectNode passThrough = reader.read(body, Mode.CREATE).passThrough();

        assertThat(passThrough).isEqualTo(json("""
                {'payloadConfiguration': {'hydrate_entity': true},
                 'enableStaticIP': true, 'protected': false,
                 'secureProxy': {'integration_id': '4c8d2e1f-6a7b-4c3d-8e9f-0a1b2c3d4e5f', 'use_case_slug': 'crm'},
                 '_manifest': ['a1f0c3e2-5b47-4d8e-9f10-2a3b4c5d6e7f'],
                 'eventVersion': '2.1', 'jsonataExpression': '$', 'deliveryMode': 'binary_multipart',
                 'multipartConfig': {'parts': []}}"""));
    }

    @Test
    void plainHttpIsAcceptedWhenTheDeploymentAllowsIt() {
        WebhookConfigRequestReader local = new WebhookConfigRequestReader(CATALOG, true);
        ObjectNode body = oauth("auth.oauthConfig.endpoint", "http://localhost:8081/token");
        set(body, "url", "http://localhost:8080/hooks");

        WebhookConfigRequest request = local.read(body, Mode.CREATE);

        assertThat(request.url()).isEqualTo("http://localhost:8080/hooks");
        assertThat(request.auth().endpoint()).isEqualTo("http://localhost:8081/token");
        assertThat(errors(body, Mode.CREATE)).extracting(FieldError::field)
                .containsExactlyInAnyOrder("url", "auth.oauthConfig.endpoint");
    }

    @Test
    void ftpStaysRefusedWhenPlainHttpIsAllowed() {
        WebhookConfigRequestReader local = new WebhookConfigRequestReader(CATALOG, true);

        assertThatThrownBy(() -> local.read(valid("url", "ftp://hooks.example.com"), Mode.CREATE))
                .isInstanceOfSatisfying(ValidationException.class, e ->
                        assertThat(e.errors()).extracting(FieldError::field).containsExactly("url"));
    }

    static Stream<Arguments> secretFieldsOnUpdate() {
        return Stream.of(
                Arguments.of(named("basic password", valid()), "auth.basicAuthConfig.password"),
                Arguments.of(named("API key value", apiKey()), "auth.apiKeyConfig.keyValue"),
                Arguments.of(named("OAuth client secret", oauth()), "auth.oauthConfig.clientSecret"));
    }

    @ParameterizedTest(name = "{0} left out keeps the stored one")
    @MethodSource("secretFieldsOnUpdate")
    void onUpdateAnOmittedSecretIsKept(ObjectNode body, String secretPath) {
        AuthInput auth = reader.read(without(body, secretPath), Mode.UPDATE).auth();

        assertThat(auth.secret()).isSameAs(SecretInput.KEEP);
    }

    @ParameterizedTest(name = "{0} null clears the stored one")
    @MethodSource("secretFieldsOnUpdate")
    void onUpdateANullSecretIsCleared(ObjectNode body, String secretPath) {
        AuthInput auth = reader.read(set(body, secretPath, null), Mode.UPDATE).auth();

        assertThat(auth.secret()).isSameAs(SecretInput.CLEAR);
    }

    @ParameterizedTest(name = "{0} as a string replaces the stored one")
    @MethodSource("secretFieldsOnUpdate")
    void onUpdateAStringSecretIsSet(ObjectNode body, String secretPath) {
        AuthInput auth = reader.read(set(body, secretPath, "rotated"), Mode.UPDATE).auth();

        assertThat(auth.secret()).isEqualTo(new SecretInput.Set(Secret.of("rotated")));
    }

    @ParameterizedTest(name = "{0} empty is refused on update too")
    @MethodSource("secretFieldsOnUpdate")
    void onUpdateAnEmptySecretIsRefused(ObjectNode body, String secretPath) {
        assertThat(errors(set(body, secretPath, ""), Mode.UPDATE)).extracting(FieldError::field)
                .containsExactly(secretPath);
    }

    @ParameterizedTest(name = "{0} is required on create")
    @MethodSource("secretFieldsOnUpdate")
    void onCreateEverySecretIsRequired(ObjectNode body, String secretPath) {
        assertThat(errors(without(body, secretPath), Mode.CREATE)).extracting(FieldError::field)
                .containsExactly(secretPath);
        assertThat(errors(set(body, secretPath, null), Mode.CREATE)).extracting(FieldError::field)
                .containsExactly(secretPath);
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    /** A config cannot set a header the service sets: framing, hop-by-hop, Content-Type, the signature headers. */
    @ParameterizedTest
    @ValueSource(strings = { "Host", "content-length", "Transfer-Encoding", "Connection", "Upgrade", "TE",
            "Keep-Alive", "Trailer", "Proxy-Authorization", "webhook-id", "Webhook-Timestamp", "WEBHOOK-SIGNATURE",
            "Content-Type" })
    void anApiKeyOrAnOAuthHeaderCannotBeAHeaderTheServiceSets(String name) {
        assertThat(errors(apiKey("auth.apiKeyConfig.keyName", name), Mode.CREATE)).extracting(FieldError::field)
                .containsExactly("auth.apiKeyConfig.keyName");
        assertThat(errors(oauth("auth.oauthConfig.customParameterList",
                jsonValue("[{'type': 'header', 'key': '" + name + "', 'value': 'v'}]")), Mode.CREATE))
                .extracting(FieldError::field).containsExactly("auth.oauthConfig.customParameterList[0].key");
    }

    @Test
    void authorizationStaysAllowedAsAnApiKeyName() {
        assertThat(reader.read(apiKey("auth.apiKeyConfig.keyName", "Authorization"), Mode.CREATE).auth().principal())
                .isEqualTo("Authorization");
    }

    /** Pass-through values DynamoDB could not store are refused where they are, before anything is written. */
    @ParameterizedTest
    @ValueSource(strings = { "payloadConfiguration", "multipartConfig" })
    void aPassThroughObjectDynamoDbCannotStoreIsRefusedAtItsPath(String field) throws Exception {
        String deep = "{\"k\":".repeat(40) + "1" + "}".repeat(40);
        assertThat(errors(valid(field, JSON.readTree(deep)), Mode.CREATE)).extracting(FieldError::reason)
                .singleElement().asString().contains("nested deeper");
        assertThat(errors(valid(field, JSON.readTree("{\"a\": {\"\": 1}}")), Mode.CREATE))
                .extracting(FieldError::field).containsExactly(field + ".a");
        assertThat(errors(valid(field, JSON.readTree("{\"n\": 1e400}")), Mode.CREATE))
                .extracting(FieldError::field).containsExactly(field + ".n");
        assertThat(errors(valid(field, JSON.readTree("{\"n\": 123456789012345678901234567890123456789}")),
                Mode.CREATE)).extracting(FieldError::field).containsExactly(field + ".n");
        assertThat(reader.read(valid(field, JSON.readTree("{\"n\": 1.5e10, \"list\": [1, {\"b\": null}]}")),
                Mode.CREATE)).isNotNull();
    }

    private List<FieldError> errors(JsonNode body, Mode mode) {
        return exception(body, mode).errors();
    }

    private ValidationException exception(JsonNode body, Mode mode) {
        try {
            reader.read(body, mode);
        } catch (ValidationException e) {
            return e;
        }
        throw new AssertionError("expected a ValidationException for " + body);
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("not an object: " + text, e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static JsonNode jsonValue(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static ObjectNode valid() {
        return json(VALID);
    }

    private static ObjectNode valid(String path, Object value) {
        return set(valid(), path, value);
    }

    private static ObjectNode apiKey() {
        return valid("auth", json(API_KEY_AUTH));
    }

    private static ObjectNode apiKey(String path, Object value) {
        return set(apiKey(), path, value);
    }

    private static ObjectNode oauth() {
        return valid("auth", json(OAUTH_AUTH));
    }

    private static ObjectNode oauth(String path, Object value) {
        return set(oauth(), path, value);
    }

    private static ObjectNode filter(String filter) {
        return valid("filter", json(filter));
    }

    private static ObjectNode conditions(String... conditions) {
        return valid("filterConditions", json("{'conditions': [" + String.join(",", conditions) + "]}"));
    }

    /** Sets the value at a dot path of {@code body} (creating objects on the way); {@code null} writes JSON null. */
    private static ObjectNode set(ObjectNode body, String path, Object value) {
        String[] names = path.split("\\.");
        ObjectNode parent = body;
        for (int i = 0; i < names.length - 1; i++) {
            parent = parent.get(names[i]) instanceof ObjectNode child ? child : parent.putObject(names[i]);
        }
        JsonNode node = value == null ? NullNode.getInstance()
                : value instanceof JsonNode tree ? tree : JSON.valueToTree(value);
        parent.set(names[names.length - 1], node);
        return body;
    }

    /** Removes the field at a dot path of {@code body}. */
    private static ObjectNode without(ObjectNode body, String path) {
        int dot = path.lastIndexOf('.');
        JsonNode parent = dot < 0 ? body : body.at("/" + path.substring(0, dot).replace('.', '/'));
        ((ObjectNode) parent).remove(path.substring(dot + 1));
        return body;
    }
}
