package dev.webhooks.api;

import dev.webhooks.core.adapter.dynamodb.Tables;
import dev.webhooks.core.port.WebhookConfigRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A resource written the wrong way, for {@link ArchitectureTest} only: it reaches past the use cases into a port, an
 * adapter and the AWS SDK. Test sources are not analysed as main classes, so it never fails the build by itself.
 */
final class LeakingResourceSample {

    String tableOf(WebhookConfigRepository repository, DynamoDbClient dynamo) {
        return Tables.Deliveries.configKey("org", "config") + repository + dynamo;
    }
}
