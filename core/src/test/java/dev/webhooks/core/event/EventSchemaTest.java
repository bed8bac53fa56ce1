package dev.webhooks.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.webhooks.core.event.EventSchema.PathTarget;

/** Which dot paths an event's schema declares: what lets the API refuse a filter on a field the event never carries. */
class EventSchemaTest {

    private static final EventCatalog CATALOG = EventCatalog.load(new ObjectMapper());
    private static final EventSchema CUSTOMER_REQUEST = schema("customer_request_created");
    private static final EventSchema PRODUCT = schema("product_updated");

    static Stream<Arguments> customerRequestPaths() {
        return Stream.of(
                arguments(named("a leaf inside every array item", "customer_request.request_items.product_category"),
                        PathTarget.VALUE),
                arguments(named("an array index in dot form", "customer_request.request_items.0.product_category"),
                        PathTarget.VALUE),
                arguments(named("an array index in bracket form", "customer_request.request_items[0].product_category"),
                        PathTarget.VALUE),
                arguments(named("a large index", "customer_request.request_items[12].product_category"),
                        PathTarget.VALUE),
                arguments(named("a top-level object", "customer_request"), PathTarget.OBJECT),
                arguments(named("a nested object", "customer_request.billing_address"), PathTarget.OBJECT),
                arguments(named("an array of objects", "customer_request.request_items"), PathTarget.OBJECT),
                arguments(named("one item of an array of objects", "customer_request.request_items[1]"),
                        PathTarget.OBJECT),
                arguments(named("a metadata leaf", "metadata.organization_id"), PathTarget.VALUE),
                arguments(named("a boolean leaf", "customer_request.consents.data_privacy"), PathTarget.VALUE),
                arguments(named("an undeclared child", "customer_request.nope"), PathTarget.MISSING),
                arguments(named("an undeclared top-level field", "order"), PathTarget.MISSING),
                arguments(named("a typo in the leaf", "customer_request.request_items.product_categry"),
                        PathTarget.MISSING),
                arguments(named("an index on an object", "customer_request.0.id"), PathTarget.MISSING),
                arguments(named("two indices on a flat array", "customer_request.request_items.0.0.id"),
                        PathTarget.MISSING),
                arguments(named("a path below a leaf", "metadata.organization_id.value"), PathTarget.MISSING),
                arguments(named("a case variant", "Customer_Request"), PathTarget.MISSING));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("customerRequestPaths")
    void resolvesPathsOfCustomerRequestCreated(String path, PathTarget expected) {
        assertThat(CUSTOMER_REQUEST.resolve(path)).isEqualTo(expected);
    }

    @Test
    void anArrayOfStringsIsAValue() {
        assertThat(PRODUCT.resolve("product.tags")).isEqualTo(PathTarget.VALUE);
        assertThat(PRODUCT.resolve("product.prices")).isEqualTo(PathTarget.OBJECT);
        assertThat(PRODUCT.resolve("product.prices.unit_amount")).isEqualTo(PathTarget.VALUE);
    }

    @Test
    void closestPutsTheOneTypoAwayPathFirst() {
        List<String> closest = CUSTOMER_REQUEST.closest("customer_request.request_items.product_categry", 3);

        assertThat(closest).hasSize(3).first().isEqualTo("customer_request.request_items.product_category");
    }

    @Test
    void closestOffersOnlyValuesAndHonoursTheLimit() {
        List<String> closest = CUSTOMER_REQUEST.closest("customer_request.customer", 5);

        assertThat(closest).hasSize(5)
                .allSatisfy(path -> assertThat(CUSTOMER_REQUEST.resolve(path)).isEqualTo(PathTarget.VALUE))
                .doesNotContain("customer_request.customer");
    }

    @Test
    void closestNormalisesBracketIndices() {
        assertThat(CUSTOMER_REQUEST.closest("customer_request.request_items[0].product_name", 1))
                .containsExactly("customer_request.request_items.product_name");
    }

    @Test
    void pathsListsObjectsAndLeavesWithoutArrayNoise() {
        assertThat(CUSTOMER_REQUEST.paths())
                .contains("metadata", "metadata.organization_id", "customer_request",
                        "customer_request.request_items", "customer_request.request_items.product_category")
                .noneMatch(path -> path.contains("items.items") || path.contains("properties"))
                .doesNotHaveDuplicates();
    }

    static Stream<Arguments> segmentCases() {
        return Stream.of(
                arguments(named("plain dots", "a.b.c"), List.of("a", "b", "c")),
                arguments(named("a bracket index", "items[1].id"), List.of("items", "1", "id")),
                arguments(named("a dot index", "items.1.id"), List.of("items", "1", "id")),
                arguments(named("nested brackets", "matrix[10][2]"), List.of("matrix", "10", "2")),
                arguments(named("a bracket at the end", "items[3]"), List.of("items", "3")),
                arguments(named("a single segment", "metadata"), List.of("metadata")),
                arguments(named("an empty segment is kept", "a..b"), List.of("a", "", "b")),
                arguments(named("a trailing dot", "a."), List.of("a", "")),
                arguments(named("a non-numeric bracket stays", "a[x]"), List.of("a[x]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("segmentCases")
    void segmentsSplitsDotsAndBrackets(String path, List<String> expected) {
        assertThat(EventSchema.segments(path)).containsExactlyElementsOf(expected);
    }

    private static EventSchema schema(String eventName) {
        return CATALOG.find(eventName).orElseThrow().schema();
    }
}
