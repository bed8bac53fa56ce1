package dev.webhooks.api.config;

import java.time.Duration;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.api.http.JsonBodies;
import dev.webhooks.api.security.Caller;
import dev.webhooks.core.application.configs.WebhookConfigService;
import dev.webhooks.core.config.CreatedConfig;
import dev.webhooks.core.config.WebhookConfigDocument;
import dev.webhooks.core.error.ValidationException;

/**
 * Signing-secret rotation (our extension, as Svix has it): a new secret, returned once; for the grace period
 * ({@code grace_period_seconds}, default 24 h, at most 7 days, 0 for none) deliveries carry a {@code v1} signature
 * with the old secret beside the new one.
 */
@Path("/v1/webhooks/configs/{configId}/signing-secret/rotate")
@Produces(MediaType.APPLICATION_JSON)
public class SigningSecretResource {

    private static final Duration DEFAULT_GRACE = Duration.ofHours(24);

    private final WebhookConfigService configs;
    private final JsonBodies bodies;
    private final Caller caller;
    private final ObjectMapper mapper;

    public SigningSecretResource(WebhookConfigService configs, JsonBodies bodies, Caller caller,
            ObjectMapper mapper) {
        this.configs = configs;
        this.bodies = bodies;
        this.caller = caller;
        this.mapper = mapper;
    }

    @POST
    @Consumes({ MediaType.APPLICATION_JSON, MediaType.WILDCARD })
    public ObjectNode rotateSigningSecret(@PathParam("configId") String configId, byte[] body) {
        Duration grace = DEFAULT_GRACE;
        if (body != null && body.length > 0) {
            JsonNode request = bodies.read(body);
            JsonNode seconds = request.path("grace_period_seconds");
            if (!seconds.isMissingNode() && !seconds.isNull()) {
                if (!seconds.canConvertToExactIntegral() || !seconds.canConvertToLong() || seconds.asLong() < 0
                        || seconds.asLong() > WebhookConfigService.MAX_ROTATION_GRACE.toSeconds()) {
                    throw new ValidationException("grace_period_seconds", "must be an integer from 0 to "
                            + WebhookConfigService.MAX_ROTATION_GRACE.toSeconds() + " (7 days)");
                }
                grace = Duration.ofSeconds(seconds.asLong());
            }
        }
        CreatedConfig rotated = configs.rotateSigningSecret(caller.organizationId(), configId, grace);
        ObjectNode json = mapper.createObjectNode();
        json.put("signingSecret", rotated.signingSecret().reveal());
        if (rotated.config().previousSecretExpiresAt() != null) {
            json.put("previous_secret_expires_at",
                    WebhookConfigDocument.timestamp(rotated.config().previousSecretExpiresAt()));
        }
        return json;
    }
}
