package dev.webhooks.api.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * One log line per request: method, path, status and duration. Never headers or bodies, which carry tokens and
 * secrets.
 */
public class AccessLog {

    private static final Logger LOG = Logger.getLogger(AccessLog.class);
    private static final String STARTED = AccessLog.class.getName() + ".started";

    @ServerRequestFilter(preMatching = true)
    public void start(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @ServerResponseFilter
    public void log(ContainerRequestContext request, ContainerResponseContext response) {
        Object started = request.getProperty(STARTED);
        long millis = started instanceof Long nanos ? (System.nanoTime() - nanos) / 1_000_000 : -1;
        LOG.infof("%s %s -> %d (%d ms)", request.getMethod(), request.getUriInfo().getPath(), response.getStatus(),
                millis);
    }
}
