package dev.webhooks.api.error;

import java.util.List;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.webhooks.core.error.FieldError;

/**
 * An RFC 9457 problem document. {@code message} repeats {@code detail} because the epilot contract's {@code ErrorResp}
 * has only that field, and clients generated from it read it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String message, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(int status, String title, String detail, List<FieldError> errors) {
        String slug = title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        Problem problem = new Problem("urn:webhooks:problem:" + slug, title, status, detail, detail,
                errors == null || errors.isEmpty() ? null : errors);
        return Response.status(status).type(MEDIA_TYPE).entity(problem).build();
    }
}
