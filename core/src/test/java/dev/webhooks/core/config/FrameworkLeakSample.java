package dev.webhooks.core.config;

import java.util.List;

import jakarta.inject.Provider;

import dev.webhooks.core.adapter.dynamodb.Tables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * Deliberately breaks the dependency rule from inside a domain package. It lives in the test sources, which the
 * architecture analysis does not import; {@code ArchitectureTest} feeds it to its rules to prove they bite.
 */
public class FrameworkLeakSample {

    AttributeValue attribute;
    Provider<String> provider;

    List<CreateTableRequest> tables() {
        return Tables.all();
    }
}
