package dev.webhooks.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import dev.webhooks.core.adapter.crypto.AesGcmSecretCipher;
import dev.webhooks.core.adapter.dynamodb.DynamoDbDeliveryLogRepository;
import dev.webhooks.core.adapter.dynamodb.DynamoDbDeliveryStatistics;
import dev.webhooks.core.adapter.dynamodb.DynamoDbRateLimiter;
import dev.webhooks.core.adapter.dynamodb.DynamoDbSendLeases;
import dev.webhooks.core.adapter.dynamodb.DynamoDbWebhookConfigRepository;
import dev.webhooks.core.fakes.contract.ConfigHealthContract;
import dev.webhooks.core.fakes.contract.DeliveryLogContract;
import dev.webhooks.core.fakes.contract.DeliveryStatisticsContract;
import dev.webhooks.core.fakes.contract.RateLimiterContract;
import dev.webhooks.core.fakes.contract.SendLeasesContract;
import dev.webhooks.core.port.DeliveryLogRepository;
import dev.webhooks.core.port.RateLimiter;
import dev.webhooks.core.port.WebhookConfigRepository;
import dev.webhooks.core.settings.TableSettings;

/**
 * The port contracts that the dispatcher's unit tests rely on, run against the DynamoDB adapters on a real dynalite:
 * the in-memory fakes in core pass the same tests, so they behave as the adapters do.
 */
class DynamoDbContractsTest {

    /** A throwaway AES key: the contracts store no secret that matters. */
    private static final String KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);

    private static AwsEmulators emulators;
    private static DynamoDbClient dynamo;

    private static final TableSettings TABLES = AwsEmulators.defaultTables();

    @BeforeAll
    static void start() {
        emulators = AwsEmulators.start();
        dynamo = emulators.dynamoClient();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        emulators.close();
    }

    @Test
    void theContractsRunOnDynaliteTables() {
        assertThat(dynamo.listTables().tableNames()).contains(TABLES.configs(), TABLES.deliveries(),
                TABLES.rateLimits());
    }

    @Nested
    class DeliveryLog extends DeliveryLogContract {
        @Override
        protected DeliveryLogRepository log() {
            return new DynamoDbDeliveryLogRepository(dynamo, TABLES);
        }
    }

    @Nested
    class RateLimits extends RateLimiterContract {
        @Override
        protected RateLimiter limiter() {
            return new DynamoDbRateLimiter(dynamo, TABLES);
        }
    }

    @Nested
    class Statistics extends DeliveryStatisticsContract {
        @Override
        protected dev.webhooks.core.port.DeliveryStatistics statistics() {
            return new DynamoDbDeliveryStatistics(dynamo, TABLES);
        }
    }

    @Nested
    class SendLeases extends SendLeasesContract {
        @Override
        protected dev.webhooks.core.port.SendLeases leases() {
            return new DynamoDbSendLeases(dynamo, TABLES);
        }
    }

    @Nested
    class ConfigHealth extends ConfigHealthContract {
        @Override
        protected WebhookConfigRepository configs() {
            return new DynamoDbWebhookConfigRepository(dynamo, new AesGcmSecretCipher(KEY), TABLES);
        }
    }
}
