package dev.webhooks.api;

import static dev.webhooks.api.ConfigRequests.CONFIGS;
import static dev.webhooks.api.ConfigRequests.as;
import static dev.webhooks.api.ConfigRequests.basicConfig;
import static dev.webhooks.api.ConfigRequests.create;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import dev.webhooks.testing.AwsEmulatorsResource;
import dev.webhooks.testing.TokenIssuer;

/**
 * Hostile input, generated from a fixed seed: malformed and hostile bodies, query strings, path segments and headers
 * over the config and history API. Every answer is a 2xx (for input that happens to be valid) or a 4xx
 * {@code application/problem+json}, never a 5xx; and a 4xx stores nothing (the organization's configs are exactly the
 * ones the 2xx answers made, and the config under attack changed only by 2xx updates).
 *
 * <p>Reproduce a run with {@code -Dwebhooks.fuzz.seed=<seed>}; {@code -Dwebhooks.fuzz.cases=N} runs more.
 */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class HostileInputFuzzTest {

    private static final Logger LOG = Logger.getLogger(HostileInputFuzzTest.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final long SEED = Long.getLong("webhooks.fuzz.seed", 20261130L);
    static final int CASES = Integer.getInteger("webhooks.fuzz.cases", 1200);

    private final String org = "org-fuzz-" + UUID.randomUUID();
    private final String token = TokenIssuer.shared().tokenFor(org);
    private final HttpClient http = HttpClient.newHttpClient();

    /** One generated request. */
    private record Case(String description, String method, String path, String contentType, String body,
            String headerName, String headerValue) {
    }

    @Test
    void hostileInputIsAClientErrorThatStoresNothing() throws Exception {
        Random random = new Random(SEED);
        String target = create(org, basicConfig("https://partner.example.com/hooks"));
        int created = 0;
        int updates = 0;
        int clientErrors = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            Case generated = generate(random, target);
            Answer response = send(generated);
            int status = response.status();
            String contentType = response.contentType();
            if (status >= 500) {
                failures.add("#" + i + " " + generated.description() + ": " + status + " " + shortened(response));
            } else if (status >= 400) {
                clientErrors++;
                if (contentType == null || !contentType.startsWith("application/problem+json")) {
                    failures.add("#" + i + " " + generated.description() + ": " + status + " as " + contentType);
                } else if (ErrorsRevealNoInternals.leaksInternals(response.body())) {
                    failures.add("#" + i + " " + generated.description() + ": internals in " + shortened(response));
                }
            } else if (generated.method().equals("POST") && generated.path().equals(CONFIGS)) {
                created++;
            } else if (generated.method().equals("PUT")) {
                updates++;
            }
        }
        LOG.infof("Fuzz: seed %d, %d cases, %d client errors, %d creates and %d updates accepted", SEED, CASES,
                clientErrors, created, updates);

        assertThat(failures).as("seed %d", SEED).isEmpty();
        assertThat(clientErrors).as("the generator reaches the validation").isGreaterThan(CASES / 2);
        JsonNode configs = MAPPER.readTree(as(org).when().get(CONFIGS).then().statusCode(200).extract().asString());
        assertThat(configs.size()).as("configs stored: the target and the accepted creates").isEqualTo(1 + created);
        String etag = as(org).when().get(CONFIGS + "/" + target).then().statusCode(200).extract().header("ETag");
        assertThat(Long.parseLong(etag.replace("\"", ""))).as("the target changed only by accepted updates")
                .isEqualTo(1 + updates);
    }

    /** Sent with the JDK client, byte for byte as generated: no client-side encoding or content negotiation. */
    private Answer send(Case generated) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                + generated.path()))
                .header("Authorization", "Bearer " + token)
                .method(generated.method(), generated.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(generated.body()));
        if (generated.contentType() != null) {
            request.header("Content-Type", generated.contentType());
        }
        if (generated.headerName() != null) {
            request.header(generated.headerName(), generated.headerValue());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("content-type").orElse(null),
                response.body());
    }

    private record Answer(int status, String contentType, String body) {
    }

    private Case generate(Random random, String target) {
        int kind = random.nextInt(10);
        return switch (kind) {
            case 0, 1, 2 -> new Case("create with " + describe(kind), "POST", CONFIGS, contentType(random),
                    mutatedConfig(random), null, null);
            case 3 -> new Case("update", "PUT", CONFIGS + "/" + target, "application/json", mutatedConfig(random),
                    random.nextBoolean() ? "If-Match" : null, pick(random, "*", "\"1\"", "\"2\"", "W/\"1\"", "",
                            "\"99999999999999999999999\"", "\"-1\"", "abc", "\"1\", \"2\"", "\"" + "9".repeat(300)
                                    + "\""));
            case 4 -> new Case("garbage create", "POST", CONFIGS, contentType(random), garbage(random), null, null);
            case 5 -> new Case("config path", random.nextBoolean() ? "GET" : "DELETE",
                    CONFIGS + "/" + pathSegment(random), null, null, null, null);
            case 6 -> random.nextBoolean()
                    ? new Case("history query", "GET", CONFIGS + "/" + target + "/events?" + query(random), null,
                            null, null, null)
                    : new Case("statistics", "GET", CONFIGS + "/" + (random.nextBoolean() ? target
                            : pathSegment(random)) + "/stats?" + query(random), null, null, null, null);
            case 7 -> new Case("event path", random.nextBoolean() ? "GET" : "POST",
                    CONFIGS + "/" + target + "/events/" + pathSegment(random)
                            + (random.nextBoolean() ? "/replay" : ""), null, null, null, null);
            case 8 -> new Case("search", "POST", "/v2/webhooks/configs/" + target + "/events", "application/json",
                    search(random), null, null);
            default -> new Case("replay batch", "POST", CONFIGS + "/" + target + "/events/replay-batch",
                    contentType(random), replayBatch(random), null, null);
        };
    }

    private static String describe(int kind) {
        return "a mutated body (" + kind + ")";
    }

    /** A valid config body with one to three parts replaced by hostile values. */
    private String mutatedConfig(Random random) {
        ObjectNode body;
        try {
            body = (ObjectNode) MAPPER.readTree(basicConfig("https://partner.example.com/hooks"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String[] fields = { "eventName", "url", "httpMethod", "enabled", "auth", "filter", "name", "retryPolicy",
                "rateLimitPerSecond", "payloadConfiguration", "multipartConfig", "secureProxy", "_manifest",
                "eventVersion", "jsonataExpression", "deliveryMode", "filterConditions", "enableStaticIP" };
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            String field = fields[random.nextInt(fields.length)];
            if (random.nextInt(6) == 0) {
                body.remove(field);
            } else if (field.equals("auth") && random.nextBoolean()) {
                ObjectNode auth = body.putObject("auth");
                auth.put("authType", pick(random, "BASIC", "API_KEY", "OAUTH_CLIENT_CREDENTIALS", "NONE", "", "x"));
                auth.set(pick(random, "basicAuthConfig", "apiKeyConfig", "oauthConfig"), hostileValue(random, 0));
            } else {
                body.set(field, hostileValue(random, 0));
            }
        }
        return body.toString();
    }

    /** A JSON value meant to break something: deep, huge, empty-keyed, out of range, odd text. */
    private JsonNode hostileValue(Random random, int depth) {
        switch (random.nextInt(14)) {
            case 0:
                return deep(random.nextInt(60) + 20, random.nextBoolean());
            case 1:
                return JSON.numberNode(new java.math.BigDecimal(pick(random, "1e400", "-1e400", "1e-400",
                        "123456789012345678901234567890123456789012345", "1e126", "0.1e-130")));
            case 2: {
                ObjectNode empty = JSON.objectNode();
                empty.put("", "no name");
                return empty;
            }
            case 3:
                return JSON.textNode("x".repeat(random.nextInt(depth == 0 ? 80_000 : 300)));
            case 4:
                return JSON.textNode(hostileText(random, 200));
            case 5:
                return JSON.nullNode();
            case 6:
                return JSON.booleanNode(random.nextBoolean());
            case 7:
                return JSON.numberNode(random.nextLong());
            case 8: {
                ArrayNode array = JSON.arrayNode();
                int size = random.nextInt(depth == 0 ? 40 : 4);
                for (int i = 0; i < size; i++) {
                    array.add(depth > 1 ? JSON.textNode("v") : hostileValue(random, depth + 1));
                }
                return array;
            }
            case 9: {
                ObjectNode object = JSON.objectNode();
                int size = random.nextInt(depth == 0 ? 20 : 4);
                for (int i = 0; i < size; i++) {
                    object.set(hostileText(random, 20), depth > 1 ? JSON.textNode("v") : hostileValue(random,
                            depth + 1));
                }
                return object;
            }
            case 10:
                return JSON.textNode(pick(random, "http://169.254.169.254/latest", "https://", "javascript:alert(1)",
                        "https://a.example.com/" + "p".repeat(3000), "ftp://x", "https://[::1]/",
                        "https://exa mple.com", "$string($)", "$pad('x', 50000000)", "1.0", "999.999"));
            case 11:
                return JSON.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            case 12: {
                ObjectNode retry = JSON.objectNode();
                retry.set("enabled", random.nextBoolean() ? JSON.textNode("yes") : JSON.booleanNode(true));
                retry.set("maxAttempts", JSON.numberNode(random.nextInt(20) - 5));
                return retry;
            }
            default:
                return JSON.textNode(UUID.randomUUID().toString());
        }
    }

    private static JsonNode deep(int levels, boolean arrays) {
        JsonNode node = JSON.textNode("bottom");
        for (int i = 0; i < levels; i++) {
            if (arrays) {
                node = JSON.arrayNode().add(node);
            } else {
                ObjectNode parent = JSON.objectNode();
                parent.set("k", node);
                node = parent;
            }
        }
        return node;
    }

    private static String hostileText(Random random, int maxLength) {
        String[] alphabet = { "a", "Z", "0", " ", "\u0000", "\u001f", "\"", "\\", "/", "..", "%", "%00", "#", "?",
                "&", "=", "\u00e9", "\u2028", "\ud83d\ude00", "<script>", "'", ";", "\n", "${x}", "\ufeff" };
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            text.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return text.toString();
    }

    private static String garbage(Random random) {
        return pick(random, "", "{", "[", "null", "42", "\"text\"", "{\"eventName\":", "\ufeff{}", "{}{}",
                "[".repeat(5000) + "]".repeat(5000), "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
                "{\"eventName\": \"customer_request_created\", \"eventName\": 1}", "\u0000\u0001\u0002",
                Base64.getEncoder().encodeToString(new byte[64]), "{\"auth\": " + "[".repeat(100) + "]".repeat(100)
                        + "}");
    }

    private static String contentType(Random random) {
        return random.nextInt(4) == 0 ? pick(random, "text/plain", "application/xml", "application/json; charset=x",
                "multipart/form-data", "application/octet-stream") : "application/json";
    }

    /** A path segment: long, odd or encoded; always percent-encoded so it stays one segment. */
    private static String pathSegment(Random random) {
        String raw = switch (random.nextInt(5)) {
            case 0 -> "e".repeat(1000 + random.nextInt(3000));
            case 1 -> hostileText(random, 60);
            case 2 -> "..";
            case 3 -> "\u00e9".repeat(600);
            default -> UUID.randomUUID().toString();
        };
        String encoded = java.net.URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
        return encoded.isEmpty() || encoded.equals("..") || encoded.equals(".") ? "%2E%2E" : encoded;
    }

    private static String query(Random random) {
        List<String> parts = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            String name = pick(random, "cursor", "limit", "status", "from", "to", "x", "window");
            String value = switch (random.nextInt(5)) {
                case 0 -> Base64.getUrlEncoder().encodeToString(("{\"created_at\":\"2026-01-01T00:00:00Z\","
                        + "\"event_id\":\"" + "e".repeat(random.nextInt(3000)) + "\"}").getBytes(StandardCharsets.UTF_8));
                case 1 -> Base64.getUrlEncoder().encodeToString(hostileText(random, 100)
                        .getBytes(StandardCharsets.UTF_8));
                case 2 -> Integer.toString(random.nextInt() % 100_000);
                case 3 -> "9".repeat(random.nextInt(40) + 1);
                default -> hostileText(random, 50);
            };
            parts.add(name + "=" + java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return String.join("&", parts);
    }

    private String search(Random random) {
        ObjectNode body = JSON.objectNode();
        String[] fields = { "limit", "cursor", "timestamp", "event_id", "status" };
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            String field = fields[random.nextInt(fields.length)];
            body.set(field, field.equals("event_id") && random.nextBoolean()
                    ? JSON.textNode("e".repeat(500 + random.nextInt(3000)))
                    : hostileValue(random, 1));
        }
        return random.nextInt(8) == 0 ? garbage(random) : body.toString();
    }

    private String replayBatch(Random random) {
        ObjectNode body = JSON.objectNode();
        if (random.nextBoolean()) {
            ArrayNode ids = body.putArray("eventIds");
            int count = random.nextInt(130);
            for (int i = 0; i < count; i++) {
                ids.add(random.nextInt(5) == 0 ? hostileValue(random, 2) : JSON.textNode(hostileText(random, 300)));
            }
        } else {
            body.set("eventIds", hostileValue(random, 1));
        }
        return random.nextInt(8) == 0 ? garbage(random) : body.toString();
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... options) {
        return options[random.nextInt(options.length)];
    }

    private static String shortened(Answer response) {
        String body = response.body();
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
