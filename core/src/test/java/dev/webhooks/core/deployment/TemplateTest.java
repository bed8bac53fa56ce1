package dev.webhooks.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import dev.webhooks.core.adapter.dynamodb.Tables;
import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.core.settings.EncryptionSettings;
import dev.webhooks.core.settings.QueueSettings;
import dev.webhooks.core.settings.TableSettings;
import io.smallrye.config.ConfigMapping;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;

/**
 * Holds the SAM template to the code: tables exactly as {@link Tables} defines them, queues as {@link Queues} does,
 * environment variables named after the typed settings, the handlers and runtimes Quarkus needs, partial batch
 * responses, the authorizer on every private route, and no wildcard resource in an IAM policy.
 */
class TemplateTest {

    private static Map<String, Object> template;
    private static Map<String, Object> resources;

    @BeforeAll
    static void readTemplate() throws IOException {
        Path root = Path.of(System.getProperty("webhooks.repository.root", ".."));
        template = new Yaml(new CloudFormationTags()).load(Files.readString(root.resolve("template.yaml")));
        resources = map(template.get("Resources"));
    }

    @Test
    void tablesAreTheOnesTheCodeDefines() {
        Map<String, Object> env = globalEnvironment();
        assertTable(ref(env.get("WEBHOOKS_TABLES_CONFIGS")), Tables.Configs.createRequest("x"), null);
        assertTable(ref(env.get("WEBHOOKS_TABLES_DELIVERIES")), Tables.Deliveries.createRequest("x"),
                Tables.Deliveries.EXPIRES_AT);
        assertTable(ref(env.get("WEBHOOKS_TABLES_RATE_LIMITS")), Tables.RateLimits.createRequest("x"),
                Tables.RateLimits.EXPIRES_AT);
        assertTable(ref(env.get("WEBHOOKS_TABLES_SIGNING_KEYS")), Tables.SigningKeys.createRequest("x"), null);
        assertTable(ref(env.get("WEBHOOKS_TABLES_STATISTICS")), Tables.Statistics.createRequest("x"),
                Tables.Statistics.EXPIRES_AT);
        long tables = resources.values().stream().filter(r -> "AWS::DynamoDB::Table".equals(map(r).get("Type")))
                .count();
        assertThat(tables).as("every table of the template is one of the code's").isEqualTo(Tables.all().size());
    }

    private static void assertTable(String resourceName, CreateTableRequest expected, String ttlAttribute) {
        Map<String, Object> properties = properties(resourceName);
        assertThat(properties.get("BillingMode")).isEqualTo("PAY_PER_REQUEST");
        assertThat(pairs(properties.get("AttributeDefinitions"), "AttributeName", "AttributeType"))
                .as("%s attribute definitions", resourceName)
                .isEqualTo(expected.attributeDefinitions().stream().collect(Collectors.toMap(
                        a -> a.attributeName(), a -> a.attributeTypeAsString())));
        assertThat(keySchema(properties.get("KeySchema"))).as("%s key schema", resourceName)
                .isEqualTo(expected.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString())
                        .toList());
        Map<String, List<String>> indexes = new HashMap<>();
        for (Object index : list(properties.getOrDefault("GlobalSecondaryIndexes", List.of()))) {
            Map<String, Object> gsi = map(index);
            assertThat(map(gsi.get("Projection")).get("ProjectionType")).isEqualTo("ALL");
            indexes.put((String) gsi.get("IndexName"), keySchema(gsi.get("KeySchema")));
        }
        Map<String, List<String>> expectedIndexes = new HashMap<>();
        for (GlobalSecondaryIndex gsi : expected.globalSecondaryIndexes()) {
            expectedIndexes.put(gsi.indexName(), gsi.keySchema().stream()
                    .map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList());
        }
        assertThat(indexes).as("%s indexes", resourceName).isEqualTo(expectedIndexes);
        if (ttlAttribute == null) {
            assertThat(properties).doesNotContainKey("TimeToLiveSpecification");
        } else {
            assertThat(map(properties.get("TimeToLiveSpecification")))
                    .containsEntry("AttributeName", ttlAttribute).containsEntry("Enabled", true);
        }
        assertThat(map(properties.get("PointInTimeRecoverySpecification")))
                .containsEntry("PointInTimeRecoveryEnabled", true);
        assertThat(map(properties.get("SSESpecification"))).containsEntry("SSEEnabled", true);
    }

    @Test
    void everyEnvironmentVariableIsASettingOfTheCodeAndEveryRequiredSettingIsSet() {
        Set<String> known = new HashSet<>();
        for (Class<?> settings : List.of(TableSettings.class, QueueSettings.class, EncryptionSettings.class)) {
            String prefix = settings.getAnnotation(ConfigMapping.class).prefix();
            for (Method method : settings.getDeclaredMethods()) {
                known.add(environmentName(prefix + "." + kebab(method.getName())));
            }
        }
        known.add("DISABLE_SIGNAL_HANDLERS");
        Map<String, Object> env = globalEnvironment();
        assertThat(known).as("settings the template must set").containsAll(env.keySet());
        assertThat(env.keySet()).contains("WEBHOOKS_TABLES_CONFIGS", "WEBHOOKS_TABLES_DELIVERIES",
                "WEBHOOKS_TABLES_RATE_LIMITS", "WEBHOOKS_TABLES_SIGNING_KEYS", "WEBHOOKS_TABLES_STATISTICS",
                "WEBHOOKS_QUEUES_EVENTS_URL",
                "WEBHOOKS_QUEUES_DEAD_LETTER_URL", "WEBHOOKS_ENCRYPTION_PROVIDER", "WEBHOOKS_ENCRYPTION_KMS_KEY_ID");
        assertThat(ref(env.get("WEBHOOKS_QUEUES_EVENTS_URL"))).isEqualTo("EventQueue");
        assertThat(ref(env.get("WEBHOOKS_QUEUES_DEAD_LETTER_URL"))).isEqualTo("DeadLetterQueue");
    }

    @Test
    void queuesFollowTheCodeAndAwsAdvice() {
        Map<String, Object> events = properties("EventQueue");
        Map<String, Object> deadLetters = properties("DeadLetterQueue");
        int dispatcherTimeout = ((Number) properties("DispatcherFunction").get("Timeout")).intValue();
        assertThat(dispatcherTimeout).isEqualTo(Queues.DISPATCHER_TIMEOUT_SECONDS);
        assertThat(((Number) events.get("VisibilityTimeout")).intValue())
                .isEqualTo(Queues.VISIBILITY_TIMEOUT_SECONDS).isGreaterThanOrEqualTo(6 * dispatcherTimeout);
        assertThat(((Number) events.get("MaximumMessageSize")).intValue()).isEqualTo(Queues.MAX_MESSAGE_BYTES);
        Map<String, Object> redrive = map(events.get("RedrivePolicy"));
        assertThat(((Number) redrive.get("maxReceiveCount")).intValue()).isEqualTo(Queues.MAX_RECEIVE_COUNT)
                .isGreaterThanOrEqualTo(5);
        assertThat(map(redrive.get("deadLetterTargetArn")).get("Fn::GetAtt")).isEqualTo("DeadLetterQueue.Arn");
        assertThat(((Number) deadLetters.get("MessageRetentionPeriod")).intValue())
                .isEqualTo(Queues.DEAD_LETTER_RETENTION_SECONDS);
    }

    @Test
    void theDispatcherReportsPartialBatchFailures() {
        Map<String, Object> sqs = properties(map(map(properties("DispatcherFunction").get("Events")).get("Events")));
        assertThat(list(sqs.get("FunctionResponseTypes"))).containsExactly("ReportBatchItemFailures");
        assertThat(map(sqs.get("Queue")).get("Fn::GetAtt")).isEqualTo("EventQueue.Arn");
        assertThat(map(sqs.get("ScalingConfig")).get("MaximumConcurrency")).isEqualTo(Map.of("Ref",
                "DispatcherMaxConcurrency"));
        assertThat(map(map(template.get("Parameters")).get("DispatcherMaxConcurrency")).get("Default"))
                .as("the local runner polls at the template's concurrency")
                .isEqualTo(Queues.DISPATCHER_MAX_CONCURRENCY_DEFAULT);
    }

    @Test
    void functionsRunAsQuarkusBuildsThem() {
        Map<String, Object> function = map(map(template.get("Globals")).get("Function"));
        assertThat(list(map(function.get("Handler")).get("Fn::If")))
                .containsExactly("IsNative", "not.used.in.provided.runtime",
                        "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
        assertThat(list(map(function.get("Runtime")).get("Fn::If")))
                .containsExactly("IsNative", "provided.al2023", "java21");
        assertThat(properties("ApiFunction").get("CodeUri")).isEqualTo("api/target/function.zip");
        assertThat(properties("DispatcherFunction").get("CodeUri")).isEqualTo("dispatcher/target/function.zip");
        assertThat(globalEnvironment()).containsKey("DISABLE_SIGNAL_HANDLERS");
    }

    @Test
    void everyPrivateRouteHasTheJwtAuthorizerAndEveryPublicOneIsThrottled() {
        Map<String, Object> api = properties("HttpApi");
        Map<String, Object> auth = map(api.get("Auth"));
        assertThat(auth.get("DefaultAuthorizer")).isEqualTo("JwtAuthorizer");
        assertThat(map(map(auth.get("Authorizers")).get("JwtAuthorizer"))).containsKey("JwtConfiguration");
        Set<String> publicPaths = new HashSet<>();
        for (Object event : map(properties("ApiFunction").get("Events")).values()) {
            Map<String, Object> route = properties(map(event));
            if (route.containsKey("Auth")) {
                assertThat(map(route.get("Auth")).get("Authorizer")).isEqualTo("NONE");
                publicPaths.add((String) route.get("Path"));
                assertThat(map(route.get("RouteSettings"))).as("a public route is throttled: %s", route.get("Path"))
                        .containsEntry("ThrottlingRateLimit", Map.of("Ref", "PublicRouteRateLimit"))
                        .containsEntry("ThrottlingBurstLimit", Map.of("Ref", "PublicRouteBurstLimit"));
            }
        }
        assertThat(publicPaths).as("only the documents, the public key and the static pages (the portal, the API "
                + "reference) are public").containsExactlyInAnyOrder("/v1/webhooks/.well-known/public-key",
                        "/v1/webhooks/openapi.json", "/v1/webhooks/configured-events/{eventName}/schema",
                        "/portal/{proxy+}", "/api-docs/{proxy+}");
    }

    @Test
    void noPolicyGrantsOnEveryResource() {
        List<String> wildcards = new ArrayList<>();
        resources.forEach((name, resource) -> {
            // A KMS key policy names the key itself as "*": AWS requires that form.
            if (!"AWS::KMS::Key".equals(map(resource).get("Type"))) {
                findWildcards(name, resource, wildcards);
            }
        });
        assertThat(wildcards).isEmpty();
    }

    private static void findWildcards(String path, Object node, List<String> found) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("Resource".equals(key) && ("*".equals(value) || (value instanceof List<?> l && l.contains("*")))) {
                    found.add(path);
                }
                findWildcards(path + "." + key, value, found);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> findWildcards(path, item, found));
        }
    }

    private static Map<String, Object> globalEnvironment() {
        return map(map(map(map(template.get("Globals")).get("Function")).get("Environment")).get("Variables"));
    }

    /** SnapStart for the JVM variant only (provided.al2023 has none), on the published versions the alias names. */
    @Test
    void theJvmVariantStartsFromASnapStartSnapshot() {
        Map<String, Object> function = map(map(template.get("Globals")).get("Function"));
        assertThat(function.get("AutoPublishAlias")).isEqualTo("live");
        List<Object> snapStart = list(map(function.get("SnapStart")).get("Fn::If"));
        assertThat(snapStart.get(0)).isEqualTo("IsNative");
        assertThat(snapStart.get(1)).isEqualTo(Map.of("Ref", "AWS::NoValue"));
        assertThat(snapStart.get(2)).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
    }

    /**
     * The JVM variant's options, chosen from measurements (docs/benchmarks.md): the serial collector and C1 alone for
     * both (Lambda's java21 defaults, written down, so that sam local and the benchmarks run them as deployed); none for
     * native images, which are no JVM.
     */
    @Test
    void theJvmVariantRunsWithTheMeasuredJvmOptions() {
        Map<String, String> expected = Map.of("ApiFunction", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1",
                "DispatcherFunction", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        expected.forEach((function, options) -> {
            Map<String, Object> variables = map(map(properties(function).get("Environment")).get("Variables"));
            List<Object> choice = list(map(variables.get("JAVA_TOOL_OPTIONS")).get("Fn::If"));
            assertThat(choice).as(function).containsExactly("IsNative", Map.of("Ref", "AWS::NoValue"), options);
        });
    }

    /**
     * {@code sam local start-api} can only set variables the template declares: the API function declares those that
     * let it verify tokens itself, empty (unset) when deployed.
     */
    @Test
    void theApiDeclaresTheTokenVerificationSettingsEmptyForSamLocal() {
        Map<String, Object> variables = map(map(properties("ApiFunction").get("Environment")).get("Variables"));
        assertThat(variables).containsEntry("WEBHOOKS_AUTH_JWT_PUBLIC_KEY", "")
                .containsEntry("WEBHOOKS_AUTH_JWT_ISSUER", "").containsEntry("WEBHOOKS_AUTH_JWT_AUDIENCE", "");
    }

    /** CORS only for the origins the deployer names; none by default. */
    @Test
    void browsersOnOtherOriginsMayCallTheApiOnlyWhenAllowed() {
        Map<String, Object> parameter = map(map(template.get("Parameters")).get("CorsAllowedOrigins"));
        assertThat(parameter.get("Default")).isEqualTo("");
        List<Object> cors = list(map(properties("HttpApi").get("CorsConfiguration")).get("Fn::If"));
        assertThat(cors.get(0)).isEqualTo("HasCorsOrigins");
        Map<String, Object> allowed = map(cors.get(1));
        assertThat(allowed.get("AllowOrigins")).isEqualTo(Map.of("Ref", "CorsAllowedOrigins"));
        assertThat(list(allowed.get("AllowHeaders"))).contains("Authorization", "Content-Type", "If-Match");
        assertThat(list(allowed.get("ExposeHeaders"))).contains("ETag", "Retry-After");
        assertThat(cors.get(2)).isEqualTo(Map.of("Ref", "AWS::NoValue"));
    }

    /**
     * Operations: an alarm on each thing the README's runbook covers, each watching a resource of this stack (never a
     * name typed by hand that could drift) and notifying the stack's topic.
     */
    @Test
    void theAlarmsWatchThisStacksResourcesAndNotifyItsTopic() {
        Map<String, String> watched = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Object> resource : resources.entrySet()) {
            Map<String, Object> definition = map(resource.getValue());
            if (!"AWS::CloudWatch::Alarm".equals(definition.get("Type"))) {
                continue;
            }
            Map<String, Object> alarm = properties(definition);
            assertThat(list(alarm.get("AlarmActions"))).as("%s notifies", resource.getKey())
                    .containsExactly(Map.of("Ref", "AlarmTopic"));
            List<Map<String, Object>> metrics = new java.util.ArrayList<>();
            if (alarm.containsKey("Metrics")) {
                for (Object query : list(alarm.get("Metrics"))) {
                    Map<String, Object> stat = map(query);
                    if (stat.containsKey("MetricStat")) {
                        metrics.add(map(map(stat.get("MetricStat")).get("Metric")));
                    }
                }
            } else {
                metrics.add(alarm);
            }
            assertThat(metrics).as("%s watches a metric", resource.getKey()).isNotEmpty();
            for (Map<String, Object> metric : metrics) {
                for (Object dimension : list(metric.get("Dimensions"))) {
                    Object value = map(dimension).get("Value");
                    String target = value instanceof Map<?, ?> reference && reference.containsKey("Ref")
                            ? (String) reference.get("Ref")
                            : ((String) map(value).get("Fn::GetAtt")).split("\\.")[0];
                    assertThat(resources).as("%s watches %s, a resource of this stack", resource.getKey(), target)
                            .containsKey(target);
                    watched.put(metric.get("Namespace") + "/" + metric.get("MetricName"), target);
                }
            }
        }
        assertThat(watched).containsEntry("AWS/SQS/ApproximateNumberOfMessagesVisible", "DeadLetterQueue")
                .containsEntry("AWS/SQS/ApproximateAgeOfOldestMessage", "EventQueue")
                .containsEntry("AWS/Lambda/Errors", "DispatcherFunction")
                .containsEntry("AWS/Lambda/Throttles", "DispatcherFunction")
                .containsEntry("AWS/ApiGateway/5xx", "HttpApi")
                .containsEntry("AWS/ApiGateway/Latency", "HttpApi");
        assertThat(properties("ApiLatencyAlarm").get("ExtendedStatistic")).isEqualTo("p99");
        assertThat(map(resources.get("AlarmEmailSubscription")).get("Condition")).isEqualTo("HasAlarmEmail");
        // CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key: the alarms would be silent.
        Object topic = map(resources.get("AlarmTopic")).get("Properties");
        assertThat(topic == null ? null : map(topic).get("KmsMasterKeyId")).isNotEqualTo("alias/aws/sns");
        assertThat(properties("AlarmEmailSubscription").get("TopicArn")).isEqualTo(Map.of("Ref", "AlarmTopic"));
    }

    private static Map<String, Object> properties(String resourceName) {
        assertThat(resources).as("resource %s", resourceName).containsKey(resourceName);
        return properties(map(resources.get(resourceName)));
    }

    private static Map<String, Object> properties(Map<String, Object> resource) {
        return map(resource.get("Properties"));
    }

    private static String ref(Object value) {
        return (String) map(value).get("Ref");
    }

    private static Map<String, String> pairs(Object list, String key, String value) {
        Map<String, String> pairs = new HashMap<>();
        for (Object item : list(list)) {
            pairs.put((String) map(item).get(key), (String) map(item).get(value));
        }
        return pairs;
    }

    private static List<String> keySchema(Object list) {
        return list(list).stream().map(item -> map(item).get("AttributeName") + ":" + map(item).get("KeyType"))
                .toList();
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The environment variable SmallRye Config reads a property from: upper case, other characters as _. */
    private static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    /** CloudFormation's short-form tags (!Ref, !GetAtt, !Sub, !If, ...) as their long forms. */
    static final class CloudFormationTags extends SafeConstructor {
        CloudFormationTags() {
            super(new LoaderOptions());
            for (String function : List.of("Ref", "GetAtt", "Sub", "If", "Equals", "Join", "Select", "Split",
                    "FindInMap", "ImportValue", "Not", "And", "Or", "Base64", "Cidr", "GetAZs", "Condition")) {
                String key = function.equals("Ref") || function.equals("Condition") ? function : "Fn::" + function;
                this.yamlConstructors.put(new Tag("!" + function), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        Object value;
                        if (node instanceof ScalarNode scalar) {
                            value = constructScalar(scalar);
                        } else if (node instanceof SequenceNode sequence) {
                            value = constructSequence(sequence);
                        } else {
                            value = constructMapping((MappingNode) node);
                        }
                        return Map.of(key, value);
                    }
                });
            }
        }
    }
}
