package dev.webhooks.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.config.Secret;
import dev.webhooks.core.delivery.Ed25519Signature;
import dev.webhooks.core.delivery.WebhookSignature;
import dev.webhooks.core.filter.Condition;
import dev.webhooks.core.filter.ConditionGroup;
import dev.webhooks.core.filter.Filter;
import dev.webhooks.core.filter.FilterEngine;
import dev.webhooks.core.filter.FilterResult;

/**
 * The dispatcher's CPU work for one (event, config) pair, each measured beside the baseline every event pays anyway:
 * parsing the customer request sample (2 KiB of JSON). docs/benchmarks.md reports the results as ratios to it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DispatchCpuBenchmark {

    private final ObjectMapper mapper = new ObjectMapper();
    private String eventJson;
    private JsonNode event;
    private FilterEngine engine;
    private Filter filter;
    private ConditionGroup conditions;
    private ConditionGroup jsonata;
    private Secret secret;
    private KeyPair ed25519;
    private Ed25519Signature.Signer ed25519Signer;

    @Setup
    public void setUp() throws Exception {
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("webhooks/events/samples/customer_request_created.json")) {
            eventJson = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        event = mapper.readTree(eventJson);
        engine = new FilterEngine(Duration.ofMillis(250));
        filter = new Filter("customer_request.request_items.product_category", List.of("solar", "electricity"));
        conditions = new ConditionGroup(List.of(
                new Condition("customer_request.request_items.product_category", Condition.Operation.ANY_OF,
                        List.of("solar", "heat_pump"), null, false, false, null),
                new Condition("customer_request.request_items.quantity", Condition.Operation.GREATER_THAN,
                        List.of("0"), Condition.FieldType.NUMBER, false, false, null),
                new Condition("customer_request.customer.email", Condition.Operation.ENDS_WITH,
                        List.of(".de", ".com"), null, false, false, null),
                new Condition("customer_request.notes", Condition.Operation.IS_NOT_EMPTY, List.of(), null, false,
                        false, null),
                new Condition("customer_request.request_items", Condition.Operation.LENGTH_GREATER_THAN_OR_EQUALS,
                        List.of("1"), null, false, false, null)),
                ConditionGroup.LogicalOperator.AND);
        jsonata = new ConditionGroup(List.of(new Condition(null, null, List.of(), null, false, false,
                "$count(customer_request.request_items[product_category = 'solar']) > 0")),
                ConditionGroup.LogicalOperator.AND);
        secret = new ConfigIds(new SecureRandom()).newSigningSecret();
        ed25519 = Ed25519Signature.newKeyPair();
        ed25519Signer = Ed25519Signature.signer(ed25519.getPrivate());
    }

    /** The baseline: what every event costs before any config is considered. */
    @Benchmark
    public JsonNode parseEvent() throws IOException {
        return mapper.readTree(eventJson);
    }

    @Benchmark
    public FilterResult classicFilter() {
        return engine.evaluate("org-1", filter, null, event);
    }

    @Benchmark
    public FilterResult fiveConditions() {
        return engine.evaluate("org-1", null, conditions, event);
    }

    @Benchmark
    public FilterResult jsonataCondition() {
        return engine.evaluate("org-1", null, jsonata, event);
    }

    @Benchmark
    public String hmacSignature() {
        return WebhookSignature.sign(secret, "msg_benchmark", 1_795_860_000L, eventJson);
    }

    /** The dispatcher's path: the organization's signer, prepared once while its key is cached. */
    @Benchmark
    public String ed25519Signature() {
        return ed25519Signer.sign("msg_benchmark", 1_795_860_000L, eventJson);
    }

    /** The JDK's EdDSA over the same bytes: what {@code v1a} cost before Bouncy Castle's implementation. */
    @Benchmark
    public byte[] ed25519SignatureJdk() throws java.security.GeneralSecurityException {
        java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
        signer.initSign(ed25519.getPrivate());
        signer.update(("msg_benchmark.1795860000." + eventJson).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return signer.sign();
    }
}
