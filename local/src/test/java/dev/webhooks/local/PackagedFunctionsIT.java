package dev.webhooks.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.webhooks.core.adapter.crypto.AesGcmSecretCipher;
import dev.webhooks.core.adapter.dynamodb.DynamoDbWebhookConfigRepository;
import dev.webhooks.core.adapter.dynamodb.Tables;
import dev.webhooks.core.config.Auth;
import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.config.HttpMethod;
import dev.webhooks.core.config.RetryPolicy;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.settings.TableSettings;
import dev.webhooks.testing.AwsEmulators;
import dev.webhooks.testing.LambdaRuntimeApi;
import dev.webhooks.testing.RecordingReceiver;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The packaged functions run as deployed: each module's JVM {@code function.zip} is unpacked and started under AWS's
 * Lambda Runtime Interface Client with the handler the SAM template names, against a Runtime API stand-in, and fed the
 * sample events of {@code events/} (the ones {@code sam local invoke} uses). The API answers a create and a get; the
 * dispatcher delivers the configured events to a real receiver. This proves the artifacts, not dev mode.
 */
class PackagedFunctionsIT {

    private static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    private static final Duration COLD_START = Duration.ofSeconds(40);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Path root;
    private static AwsEmulators emulators;
    private static String encryptionKey;
    private static final List<Process> functions = new ArrayList<>();
    private static final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void startEmulators() {
        root = Path.of(System.getProperty("webhooks.repository.root", ".."));
        emulators = AwsEmulators.start();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        encryptionKey = Base64.getEncoder().encodeToString(key);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        functions.forEach(Process::destroyForcibly);
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        emulators.close();
    }

    @Test
    void theApiFunctionAnswersACreateAndAGet() throws Exception {
        LambdaRuntimeApi runtime = start("api");

        JsonNode created = MAPPER.readTree(runtime.invoke(read("events/api-create-config.json"), COLD_START));
        assertThat(created.path("statusCode").asInt()).as(created.toString()).isEqualTo(201);
        JsonNode config = MAPPER.readTree(created.path("body").asText());
        assertThat(config.path("signingSecret").asText()).startsWith("whsec_");

        String get = read("events/api-get-config.json").replace("REPLACE_WITH_CONFIG_ID", config.path("id").asText());
        JsonNode read = MAPPER.readTree(runtime.invoke(get, Duration.ofSeconds(30)));
        assertThat(read.path("statusCode").asInt()).isEqualTo(200);
        assertThat(MAPPER.readTree(read.path("body").asText()).path("url").asText())
                .isEqualTo("https://partner.example.com/webhooks");

        JsonNode listed = MAPPER.readTree(runtime.invoke(read("events/api-list-configs.json"), Duration.ofSeconds(30)));
        assertThat(listed.path("statusCode").asInt()).isEqualTo(200);
    }

    @Test
    void theDispatcherFunctionDeliversTheSampleBatch() throws Exception {
        RecordingReceiver receiver = RecordingReceiver.start();
        closeables.add(receiver);
        storeConfig("customer_request_created", receiver.url("/packaged"));
        LambdaRuntimeApi runtime = start("dispatcher");

        JsonNode response = MAPPER.readTree(runtime.invoke(read("events/sqs-configured-events.json"), COLD_START));

        assertThat(response.path("batchItemFailures").isArray()).as(response.toString()).isTrue();
        assertThat(response.path("batchItemFailures")).isEmpty();
        assertThat(receiver.received("/packaged")).hasSize(1);
        assertThat(receiver.received("/packaged").get(0).header("webhook-signature")).contains("v1,").contains("v1a,");
    }

    /** Unpacks {@code <module>/target/function.zip} and starts it under the Runtime Interface Client. */
    private static LambdaRuntimeApi start(String module) throws IOException {
        Path zip = root.resolve(module + "/target/function.zip");
        assertThat(zip).as("run `./mvnw package` first").exists();
        Path task = Files.createTempDirectory("lambda-task-" + module);
        unzip(zip, task);
        LambdaRuntimeApi runtime = LambdaRuntimeApi.start();
        closeables.add(runtime);
        // As in Lambda: the function's root and lib/*.jar, then the runtime client (the managed runtime's own part).
        String classpath = String.join(File.pathSeparator, task.toString(), task.resolve("lib") + File.separator + "*",
                runtimeClientClasspath());
        ProcessBuilder process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", HANDLER)
                .directory(task.toFile())
                .redirectErrorStream(true)
                .redirectOutput(task.resolve("function.log").toFile());
        process.environment().putAll(environment(runtime));
        functions.add(process.start());
        return runtime;
    }

    /** What the SAM template sets, pointed at the emulators (plus the AWS clients' endpoints and credentials). */
    private static Map<String, String> environment(LambdaRuntimeApi runtime) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
        env.put("AWS_LAMBDA_FUNCTION_NAME", "packaged-test");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_REGION", AwsEmulators.REGION);
        emulators.quarkusConfig().forEach((property, value) -> env.put(
                property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT), value));
        env.put("WEBHOOKS_TABLES_CONFIGS", Tables.CONFIGS_DEFAULT_NAME);
        env.put("WEBHOOKS_TABLES_DELIVERIES", Tables.DELIVERIES_DEFAULT_NAME);
        env.put("WEBHOOKS_TABLES_RATE_LIMITS", Tables.RATE_LIMITS_DEFAULT_NAME);
        env.put("WEBHOOKS_TABLES_SIGNING_KEYS", Tables.SIGNING_KEYS_DEFAULT_NAME);
        // KMS cannot run here: the configured-key cipher stands in for it.
        env.put("WEBHOOKS_ENCRYPTION_PROVIDER", "aes");
        env.put("WEBHOOKS_ENCRYPTION_KEY", encryptionKey);
        // The receiver listens on loopback, which only tests may call.
        env.put("WEBHOOKS_DELIVERY_ALLOWED_ADDRESS_RANGES", "127.0.0.0/8");
        return env;
    }

    private static void storeConfig(String eventName, String url) {
        TableSettings tables = AwsEmulators.defaultTables();
        ConfigIds ids = new ConfigIds(new SecureRandom());
        Instant now = Instant.now();
        DynamoDbClient dynamo = emulators.dynamoClient();
        closeables.add(dynamo);
        new DynamoDbWebhookConfigRepository(dynamo, new AesGcmSecretCipher(encryptionKey), tables)
                .insert(new WebhookConfig(ids.newConfigId(), "739224", "packaged", eventName, url, HttpMethod.POST,
                        true, Auth.NONE, null, null, RetryPolicy.DEFAULT, JsonNodeFactory.instance.objectNode(),
                        ids.newSigningSecret(), now, now, 1, null, null, null, null));
    }

    private static String runtimeClientClasspath() {
        List<String> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("aws-lambda-java-runtime-interface-client")
                    || name.startsWith("aws-lambda-java-serialization")) {
                jars.add(entry);
            }
        }
        assertThat(jars).as("the runtime interface client on the test class path").isNotEmpty();
        return String.join(File.pathSeparator, jars);
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target)) {
                    throw new IOException("Zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(in, file);
                }
            }
        }
    }

    private static String read(String file) throws IOException {
        return Files.readString(root.resolve(file));
    }
}
