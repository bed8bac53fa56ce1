package dev.webhooks.api;

import static dev.webhooks.api.ConfigRequests.CONFIGS;
import static dev.webhooks.api.ConfigRequests.as;
import static dev.webhooks.api.ConfigRequests.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.webhooks.core.adapter.dynamodb.Tables;
import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.testing.AwsEmulators;
import dev.webhooks.testing.AwsEmulatorsResource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Secrets are write-only: never in a response, never in a log line, encrypted in the table; and an update keeps,
 * clears or replaces them as the contract says (left out, {@code null}, a string).
 */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class SecretHandlingTest {

    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final String CLIENT_SECRET = "cs-" + UUID.randomUUID();
    private static final String API_KEY = "key-" + UUID.randomUUID();
    private static final String HEADER_VALUE = "hv-" + UUID.randomUUID();

    private final String org = "org-" + UUID.randomUUID();
    private final List<String> logLines = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logLines.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters())
                    + " " + record.getThrown());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    AwsEmulators emulators;

    @Inject
    WebhookConfigRepository repository;

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void noSecretWasLogged() {
        Logger.getLogger("").removeHandler(capture);
        assertThat(logLines).as("the capture sees the access log").anyMatch(line -> line.contains("/v1/webhooks/configs"));
        assertThat(String.join("\n", logLines)).doesNotContain(PASSWORD, CLIENT_SECRET, API_KEY, HEADER_VALUE);
    }

    private static String oauthConfig(String clientSecretJson) {
        return """
                {"eventName": "product_updated", "url": "https://partner.example.com", "httpMethod": "POST",
                 "auth": {"authType": "OAUTH_CLIENT_CREDENTIALS", "oauthConfig": {"clientId": "client-1",
                   %s "endpoint": "https://idp.example.com/token", "httpMethod": "POST",
                   "customParameterList": [{"type": "body", "key": "audience", "value": "partner-api"}]}}}
                """.formatted(clientSecretJson);
    }

    @Test
    void noResponseEverContainsASecret() {
        String created = as(org).contentType(ContentType.JSON)
                .body(oauthConfig("\"clientSecret\": \"" + CLIENT_SECRET + "\","))
                .when().post(CONFIGS).then().statusCode(201).extract().asString();
        assertThat(created).doesNotContain(CLIENT_SECRET);
        String id = io.restassured.path.json.JsonPath.from(created).getString("id");
        String signingSecret = io.restassured.path.json.JsonPath.from(created).getString("signingSecret");

        String read = as(org).when().get(CONFIGS + "/" + id).then().statusCode(200).extract().asString();
        String listed = as(org).when().get(CONFIGS).then().statusCode(200).extract().asString();
        String updated = as(org).contentType(ContentType.JSON).body(oauthConfig("")).when().put(CONFIGS + "/" + id)
                .then().statusCode(200).extract().asString();
        for (String body : List.of(read, listed, updated)) {
            assertThat(body).doesNotContain(CLIENT_SECRET).doesNotContain(signingSecret)
                    .doesNotContain("clientSecret\"").doesNotContain("signingSecret");
        }
    }

    @Test
    void theStoredItemHoldsNoPlaintextSecret() {
        String id = create(org, """
                {"eventName": "product_updated", "url": "https://partner.example.com", "httpMethod": "POST",
                 "auth": {"authType": "BASIC", "basicAuthConfig": {"username": "u", "password": "%s"}},
                 "payloadConfiguration": {"custom_headers": {"X-Partner-Key": "%s"}}}
                """.formatted(PASSWORD, HEADER_VALUE));
        String signingSecret = repository.find(org, id).orElseThrow().signingSecret().reveal();
        try (DynamoDbClient dynamo = emulators.dynamoClient()) {
            Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(Tables.CONFIGS_DEFAULT_NAME)
                    .key(Map.of(Tables.Configs.ORGANIZATION_ID, AttributeValue.fromS(org),
                            Tables.Configs.CONFIG_ID, AttributeValue.fromS(id)))).item();
            assertThat(item).isNotEmpty();
            String raw = item.toString();
            assertThat(raw).doesNotContain(PASSWORD).doesNotContain(HEADER_VALUE).doesNotContain(signingSecret)
                    .doesNotContain(signingSecret.substring("whsec_".length()));
            assertThat(item.get(Tables.Configs.SECRETS).m().get("auth").s()).startsWith("v1:");
            assertThat(item.get(Tables.Configs.SECRETS).m().get("header:X-Partner-Key").s()).startsWith("v1:");
        }
    }

    @Test
    void anUpdateKeepsClearsOrReplacesTheSecret() {
        String id = create(org, """
                {"eventName": "product_updated", "url": "https://partner.example.com", "httpMethod": "POST",
                 "auth": {"authType": "API_KEY", "apiKeyConfig": {"keyName": "X-Api-Key", "keyValue": "%s"}}}
                """.formatted(API_KEY));
        String signing = repository.find(org, id).orElseThrow().signingSecret().reveal();

        put(id, "{\"keyName\": \"X-Api-Key\"}").then().statusCode(200).body("status", equalTo("active"));
        assertThat(storedKey(id)).isEqualTo(API_KEY);

        put(id, "{\"keyName\": \"X-Api-Key\", \"keyValue\": \"rotated-value\"}").then().statusCode(200);
        assertThat(storedKey(id)).isEqualTo("rotated-value");

        put(id, "{\"keyName\": \"X-Api-Key\", \"keyValue\": null}").then().statusCode(200)
                .body("status", equalTo("incomplete"));
        assertThat(storedKey(id)).isNull();

        assertThat(repository.find(org, id).orElseThrow().signingSecret().reveal())
                .as("the signing secret survives every update").isEqualTo(signing);
    }

    /** Through the API: moving a stored key to another host needs the key again, and a refused update changes nothing. */
    @Test
    void aStoredSecretIsNotMovedToAnotherHostWithoutBeingSentAgain() {
        String id = create(org, """
                {"eventName": "product_updated", "url": "https://partner.example.com", "httpMethod": "POST",
                 "auth": {"authType": "API_KEY", "apiKeyConfig": {"keyName": "X-Api-Key", "keyValue": "%s"}}}
                """.formatted(API_KEY));

        as(org).contentType(ContentType.JSON).body("""
                {"eventName": "product_updated", "url": "https://collector.attacker.example", "httpMethod": "POST",
                 "auth": {"authType": "API_KEY", "apiKeyConfig": {"keyName": "X-Api-Key"}}}
                """).when().put(CONFIGS + "/" + id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("auth.apiKeyConfig.keyValue"))
                .body("errors[0].reason", containsString("must be sent again"));

        WebhookConfig stored = repository.find(org, id).orElseThrow();
        assertThat(stored.url()).isEqualTo("https://partner.example.com");
        assertThat(storedKey(id)).isEqualTo(API_KEY);
    }

    private io.restassured.response.Response put(String id, String apiKeyConfig) {
        return as(org).contentType(ContentType.JSON).body("""
                {"eventName": "product_updated", "url": "https://partner.example.com", "httpMethod": "POST",
                 "auth": {"authType": "API_KEY", "apiKeyConfig": %s}}
                """.formatted(apiKeyConfig)).when().put(CONFIGS + "/" + id);
    }

    private String storedKey(String id) {
        WebhookConfig config = repository.find(org, id).orElseThrow();
        Auth.ApiKey auth = (Auth.ApiKey) config.auth();
        return auth.keyValue() == null ? null : auth.keyValue().reveal();
    }
}
