package dev.webhooks.testing;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.logging.Logger;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The Quarkus test resource every module's {@code @QuarkusTest}s use: starts the emulators ({@link AwsEmulators}),
 * points the functions' AWS clients at them, and configures a throw-away encryption key and the
 * {@link TokenIssuer}'s verification key.
 *
 * <p>With {@code -Dwebhooks.test.localstack=true} and a Docker daemon, LocalStack (Testcontainers) replaces the
 * emulators; without Docker that request is logged and the emulators are used, so the path is skipped, never failed.
 */
public class AwsEmulatorsResource implements QuarkusTestResourceLifecycleManager {

    private static final Logger LOG = Logger.getLogger(AwsEmulatorsResource.class);

    private AwsEmulators emulators;

    @Override
    public Map<String, String> start() {
        emulators = Boolean.getBoolean("webhooks.test.localstack") ? LocalStack.startIfDockerPresent() : null;
        if (emulators == null) {
            emulators = AwsEmulators.start();
        }
        Map<String, String> config = new LinkedHashMap<>(emulators.quarkusConfig());
        config.put("webhooks.encryption.key", EncryptionKeys.random());
        config.put("webhooks.auth.jwt.public-key", TokenIssuer.shared().publicKeyPem());
        config.put("webhooks.auth.jwt.issuer", TokenIssuer.ISSUER);
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(emulators, new TestInjector.MatchesType(AwsEmulators.class));
    }

    @Override
    public void stop() {
        if (emulators != null) {
            emulators.close();
        }
    }

    /** The optional LocalStack path; isolated so that Testcontainers is touched only when asked for. */
    static final class LocalStack {
        static AwsEmulators startIfDockerPresent() {
            if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
                LOG.warn("webhooks.test.localstack=true but no Docker daemon answers: using dynalite and ElasticMQ");
                return null;
            }
            var container = new org.testcontainers.containers.localstack.LocalStackContainer(
                    org.testcontainers.utility.DockerImageName.parse("localstack/localstack:3.8"))
                    .withServices(org.testcontainers.containers.localstack.LocalStackContainer.Service.DYNAMODB,
                            org.testcontainers.containers.localstack.LocalStackContainer.Service.SQS);
            container.start();
            String endpoint = container.getEndpoint().toString();
            return AwsEmulators.attach(container::stop, endpoint, endpoint);
        }
    }
}
