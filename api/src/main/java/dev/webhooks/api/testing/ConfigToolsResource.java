package dev.webhooks.api.testing;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.api.http.JsonBodies;
import dev.webhooks.api.security.Caller;
import dev.webhooks.core.application.tools.OAuthTestService.OAuthTestResult;
import dev.webhooks.core.application.tools.OAuthTestService;
import dev.webhooks.core.application.tools.WebhookExampleService;

/**
 * Tools on a saved config that send nothing to its webhook: the OAuth connection test ({@code testOAuth}) and a sample
 * event ({@code getWebhookExample}). Both answer 404 for a config of another organization, as every config call does.
 * Shares its root path with {@link dev.webhooks.api.config.WebhookConfigResource}, which Quarkus REST merges.
 */
@Path("/v1/webhooks/configs")
@Produces(MediaType.APPLICATION_JSON)
public class ConfigToolsResource {

    private final OAuthTestService oauth;
    private final WebhookExampleService examples;
    private final JsonBodies bodies;
    private final Caller caller;

    public ConfigToolsResource(OAuthTestService oauth, WebhookExampleService examples, JsonBodies bodies,
            Caller caller) {
        this.oauth = oauth;
        this.examples = examples;
        this.bodies = bodies;
        this.caller = caller;
    }

    /**
     * One client-credentials exchange with the config's token endpoint. A failing token endpoint is answered with
     * 200 and {@code success: false}, not the contract's 500: the test request itself succeeded, and the upstream
     * failure is its answer, not a fault of this service (a 500 here would also be indistinguishable from one). The
     * token is never returned. 400 when the config does not use OAuth client credentials or lacks its secret.
     */
    @POST
    @Path("/{configId}/test-oauth")
    public TestOAuthResponse testOAuth(@PathParam("configId") String configId) {
        OAuthTestResult result = oauth.test(caller.organizationId(), configId);
        return new TestOAuthResponse(result.success(), result.expiresInSeconds(), result.tokenType(),
                result.message());
    }

    /**
     * A sample event of the config's {@code eventName}, from the event's JSON Schema, with {@code metadata} addressed
     * to the caller's organization and this webhook. The body ({@code ExampleRequest}) may be empty or absent, so no
     * content type is required.
     */
    @POST
    @Path("/{configId}/example")
    public ObjectNode getWebhookExample(@PathParam("configId") String configId, byte[] body) {
        return examples.example(caller.organizationId(), configId,
                body == null || body.length == 0 ? null : bodies.read(body));
    }
}
