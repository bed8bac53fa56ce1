package dev.webhooks.core.application.configs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.webhooks.core.config.Auth;
import dev.webhooks.core.application.signing.OrganizationSigningKeys;
import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.config.WebhookConfigRequestReader;
import dev.webhooks.core.error.ValidationException;
import dev.webhooks.core.event.EventCatalog;
import dev.webhooks.core.fakes.Faults;
import dev.webhooks.core.fakes.InMemorySigningKeys;
import dev.webhooks.core.fakes.InMemoryWebhookConfigRepository;
import dev.webhooks.core.fakes.MutableClock;

/**
 * A stored secret goes only to the destination it was given for: an update that leaves the secret out but changes
 * where it would be sent is refused with a 400 naming the secret's field, and changes nothing; sending the secret
 * again, or changing nothing about the destination, is accepted.
 */
class SecretDestinationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ORG = "org-1";

    private final InMemoryWebhookConfigRepository repository = new InMemoryWebhookConfigRepository(new Faults());
    private final WebhookConfigService service = new WebhookConfigService(repository,
            new WebhookConfigRequestReader(EventCatalog.load(MAPPER), true), new ConfigIds(new SecureRandom()),
            new OrganizationSigningKeys(new InMemorySigningKeys()), new MutableClock(Instant.parse("2026-11-30T10:00:00Z")));

    private static final String BASIC = """
            {"authType": "BASIC", "basicAuthConfig": {"username": "partner"%s}}""";
    private static final String API_KEY = """
            {"authType": "API_KEY", "apiKeyConfig": {"keyName": "%s"%s}}""";
    private static final String OAUTH = """
            {"authType": "OAUTH_CLIENT_CREDENTIALS", "oauthConfig": {"clientId": "client", "endpoint": "%s",
             "httpMethod": "POST"%s}}""";

    private static JsonNode body(String url, String auth) throws Exception {
        return MAPPER.readTree("""
                {"eventName": "customer_request_created", "url": "%s", "httpMethod": "POST", "auth": %s}"""
                .formatted(url, auth));
    }

    private WebhookConfig created(String auth) throws Exception {
        return service.create(ORG, body("https://hooks.example.com/in", auth)).config();
    }

    @ParameterizedTest(name = "BASIC to {0}: {1}")
    @CsvSource({
            "https://evil.example.net/in, refused",
            "https://hooks.example.com:8443/in, refused",
            "http://hooks.example.com/in, refused",
            "https://HOOKS.example.com:443/other/path, kept",
            "https://hooks.example.com/in?v=2, kept" })
    void aPasswordStaysWithTheUrlsOrigin(String url, String expected) throws Exception {
        WebhookConfig config = created(BASIC.formatted(", \"password\": \"s3cret\""));

        assertOutcome(config, body(url, BASIC.formatted("")), expected, "auth.basicAuthConfig.password");
    }

    @ParameterizedTest(name = "API key named {0} at {1}: {2}")
    @CsvSource({
            "X-Api-Key, https://evil.example.net/in, refused",
            "X-Other, https://hooks.example.com/in, refused",
            "x-api-key, https://hooks.example.com/elsewhere, kept" })
    void anApiKeyStaysWithTheUrlsOriginAndItsHeader(String keyName, String url, String expected) throws Exception {
        WebhookConfig config = created(API_KEY.formatted("X-Api-Key", ", \"keyValue\": \"k-123\""));

        assertOutcome(config, body(url, API_KEY.formatted(keyName, "")), expected, "auth.apiKeyConfig.keyValue");
    }

    @ParameterizedTest(name = "token endpoint {0}, url {1}: {2}")
    @CsvSource({
            "https://evil.example.net/token, https://hooks.example.com/in, refused",
            "https://login.example.com/token2, https://hooks.example.com/in, refused",
            "https://login.example.com/token, https://elsewhere.example.org/in, kept" })
    void aClientSecretStaysWithItsTokenEndpoint(String endpoint, String url, String expected) throws Exception {
        WebhookConfig config = created(OAUTH.formatted("https://login.example.com/token",
                ", \"clientSecret\": \"cs-1\""));

        assertOutcome(config, body(url, OAUTH.formatted(endpoint, "")), expected, "auth.oauthConfig.clientSecret");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "password | https://evil.example.net/in | " + "{\"authType\": \"BASIC\", \"basicAuthConfig\": "
                    + "{\"username\": \"partner\", \"password\": \"new\"}}" })
    void sendingTheSecretAgainMovesIt(String name, String url, String auth) throws Exception {
        WebhookConfig config = created(BASIC.formatted(", \"password\": \"s3cret\""));

        WebhookConfig updated = service.update(ORG, config.id(), body(url, auth), null);

        assertThat(updated.url()).isEqualTo(url);
        assertThat(((Auth.Basic) updated.auth()).password().reveal()).isEqualTo("new");
    }

    private void assertOutcome(WebhookConfig config, JsonNode update, String expected, String field) {
        if (expected.equals("kept")) {
            WebhookConfig updated = service.update(ORG, config.id(), update, null);
            assertThat(updated.auth().secret()).isEqualTo(config.auth().secret());
            return;
        }
        assertThatThrownBy(() -> service.update(ORG, config.id(), update, null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage()).contains(field)
                        .contains("must be sent again"));
        WebhookConfig unchanged = repository.find(ORG, config.id()).orElseThrow();
        assertThat(unchanged.version()).as("nothing written").isEqualTo(config.version());
        assertThat(unchanged.url()).isEqualTo(config.url());
    }
}
