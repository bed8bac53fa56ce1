package dev.webhooks.api.security;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ResourceInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

/**
 * Authenticates every request before its resource method runs, unless the method or its class is {@link Public}. A
 * missing or bad token ends the request with 401 before any input is read.
 */
public class AuthenticationFilter {

    @Inject
    OrganizationResolver resolver;

    @Inject
    Caller caller;

    @Inject
    APIGatewayV2HTTPEvent event;

    @ServerRequestFilter
    public void authenticate(ResourceInfo resource) {
        if (resource.getResourceMethod() == null
                || resource.getResourceMethod().isAnnotationPresent(Public.class)
                || resource.getResourceClass().isAnnotationPresent(Public.class)) {
            return;
        }
        caller.authenticate(resolver.organizationOf(event));
    }
}
