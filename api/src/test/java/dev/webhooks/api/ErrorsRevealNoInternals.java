package dev.webhooks.api;

import java.util.List;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Every error answer of every API test is checked for internals: stack frames, class names, package names, loopback
 * addresses. Registered for each {@code @QuarkusTest} (through {@code META-INF/services}) as a global REST Assured
 * filter, so a test cannot forget it; a leak fails the request that caused it, naming the body.
 */
public final class ErrorsRevealNoInternals implements QuarkusTestBeforeEachCallback, Filter {

    private static final List<String> INTERNALS = List.of("\tat ", "java.", "Exception", "dev.webhooks.",
            "software.amazon", "io.quarkus", "127.0.0.1", "localhost:");

    /** Whether {@code body} shows any of the internals an error answer must not. */
    static boolean leaksInternals(String body) {
        return INTERNALS.stream().anyMatch(body::contains);
    }

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (RestAssured.filters().stream().noneMatch(ErrorsRevealNoInternals.class::isInstance)) {
            RestAssured.filters(this);
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext context) {
        Response answer = context.next(request, response);
        String body = answer.getStatusCode() >= 400 ? answer.asString() : "";
        if (body != null && leaksInternals(body)) {
            throw new AssertionError(request.getMethod() + " " + request.getURI() + " answered "
                    + answer.getStatusCode() + " revealing internals: " + body);
        }
        return answer;
    }
}
