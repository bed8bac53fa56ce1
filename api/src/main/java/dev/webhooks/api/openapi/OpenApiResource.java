package dev.webhooks.api.openapi;

import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.webhooks.api.security.Public;

/**
 * Serves this API's OpenAPI document. It is maintained by hand from the epilot contract plus our additions, and a
 * test keeps it honest both ways: every epilot operation we implement is in it, and everything in it is served.
 */
@Path("/v1/webhooks/openapi.json")
public class OpenApiResource {

    public static final String RESOURCE = "openapi/webhooks-openapi.json";

    private final byte[] document;

    public OpenApiResource() throws IOException {
        try (InputStream in = OpenApiResource.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + RESOURCE);
            }
            this.document = in.readAllBytes();
        }
    }

    @GET
    @Public
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] getOpenApi() {
        return document;
    }
}
