package dev.webhooks.api.error;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.webhooks.api.security.UnauthorizedException;
import dev.webhooks.core.error.ClientErrorException;
import dev.webhooks.core.error.ValidationException;
import dev.webhooks.core.filter.FilterUnavailableException;

/**
 * The API's one error policy. A client mistake becomes a 4xx {@code application/problem+json} that says what to fix;
 * anything else is logged with its cause and answered with a bare 500 that reveals nothing.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response validation(ValidationException e) {
        return Problem.response(e.status(), e.title(), e.detail(), e.errors());
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return Response.fromResponse(Problem.response(e.status(), e.title(), e.detail(), null))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response clientError(ClientErrorException e) {
        return Problem.response(e.status(), e.title(), e.detail(), null);
    }

    /**
     * A filter that could not be evaluated now (every JSONata evaluator busy): the request may be repeated, and the
     * answer says so; it is not a verdict on the filter.
     */
    @ServerExceptionMapper
    public Response filterUnavailable(FilterUnavailableException e) {
        LOG.warnf("Filter or transform not evaluated: %s", e.getMessage());
        return Response.fromResponse(Problem.response(503, "Service Unavailable",
                "The filter or transform could not be evaluated now; try again in a moment", null))
                .header(HttpHeaders.RETRY_AFTER, "1")
                .build();
    }

    /** Routing and content negotiation: unknown path 404, wrong method 405, wrong content type 415, ... */
    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() >= 500) {
            return unexpected(e, uri);
        }
        Response problem = Problem.response(status.getStatusCode(), status.getReasonPhrase(), e.getMessage(), null);
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        return allow == null ? problem : Response.fromResponse(problem).header(HttpHeaders.ALLOW, allow).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "Unhandled error on %s", uri.getPath());
        return Problem.response(500, "Internal Server Error", "The server failed to process the request", null);
    }
}
