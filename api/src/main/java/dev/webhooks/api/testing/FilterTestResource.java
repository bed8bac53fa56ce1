package dev.webhooks.api.testing;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.webhooks.api.http.JsonBodies;
import dev.webhooks.api.security.Caller;
import dev.webhooks.core.application.tools.FilterTestService;

/**
 * {@code POST /v1/webhooks/filter-test} (our extension): a dry run of a {@code filter} and/or
 * {@code filterConditions}, and of a {@code jsonataExpression} transform on the events that match, validated as a
 * config's are, against a {@code payload} or against the caller's most recent events of an {@code eventName} (body
 * field {@code limit}, 1 to 50, default 50). {@code configId} tests a saved config's rules and transform. Nothing is
 * stored or sent.
 */
@Path("/v1/webhooks/filter-test")
@Produces(MediaType.APPLICATION_JSON)
public class FilterTestResource {

    private final FilterTestService filterTests;
    private final JsonBodies bodies;
    private final Caller caller;
    private final ObjectMapper mapper;

    public FilterTestResource(FilterTestService filterTests, JsonBodies bodies, Caller caller, ObjectMapper mapper) {
        this.filterTests = filterTests;
        this.bodies = bodies;
        this.caller = caller;
        this.mapper = mapper;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public FilterTestResponse testFilter(byte[] body) {
        return FilterTestResponse.of(filterTests.test(caller.organizationId(), bodies.read(body)), mapper);
    }
}
