package dev.webhooks.api.config;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.webhooks.api.http.JsonBodies;
import dev.webhooks.api.security.Caller;
import dev.webhooks.core.application.configs.WebhookConfigService;
import dev.webhooks.core.application.history.EventHistoryService;
import dev.webhooks.core.delivery.DeliveryRecord;
import dev.webhooks.core.config.CreatedConfig;
import dev.webhooks.core.config.WebhookConfig;
import dev.webhooks.core.config.WebhookConfigDocument;
import dev.webhooks.core.error.ValidationException;

/**
 * Webhook config CRUD ({@code createConfig}, {@code getConfigs}, {@code getConfig}, {@code updateConfig},
 * {@code deleteConfig}). Responses carry the config's version as a strong {@code ETag}; an update may send it back in
 * {@code If-Match} to refuse to overwrite a change it has not seen.
 */
@Path("/v1/webhooks/configs")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookConfigResource {

    private final WebhookConfigService configs;
    private final EventHistoryService history;
    private final JsonBodies bodies;
    private final Caller caller;

    public WebhookConfigResource(WebhookConfigService configs, EventHistoryService history, JsonBodies bodies,
            Caller caller) {
        this.configs = configs;
        this.history = history;
        this.bodies = bodies;
        this.caller = caller;
    }

    @GET
    public List<ObjectNode> getConfigs(@QueryParam("eventName") String eventName) {
        List<WebhookConfig> found = configs.list(caller.organizationId(), eventName);
        Map<String, Optional<DeliveryRecord>> last = history.lastDeliveries(caller.organizationId(),
                found.stream().map(WebhookConfig::id).toList());
        return found.stream().map(config -> response(config, last.get(config.id()))).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createConfig(byte[] body) {
        CreatedConfig created = configs.create(caller.organizationId(), bodies.read(body));
        ObjectNode json = WebhookConfigDocument.toResponse(created.config());
        json.put("signingSecret", created.signingSecret().reveal());
        return Response.created(URI.create("/v1/webhooks/configs/" + created.config().id()))
                .tag(etag(created.config()))
                .entity(json)
                .build();
    }

    @GET
    @Path("/{configId}")
    public Response getConfig(@PathParam("configId") String configId) {
        WebhookConfig config = configs.get(caller.organizationId(), configId);
        return Response.ok(response(config)).tag(etag(config)).build();
    }

    @PUT
    @Path("/{configId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response updateConfig(@PathParam("configId") String configId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, byte[] body) {
        WebhookConfig updated = configs.update(caller.organizationId(), configId, bodies.read(body),
                expectedVersion(ifMatch));
        return Response.ok(response(updated)).tag(etag(updated)).build();
    }

    @DELETE
    @Path("/{configId}")
    public Response deleteConfig(@PathParam("configId") String configId) {
        configs.delete(caller.organizationId(), configId);
        return Response.noContent().build();
    }

    /**
     * The config with (our addition) its last delivery: {@code last_delivery_status} and {@code last_delivery_at} (when
     * it finished, or was recorded if it has not), from the newest record of its history; null when it has none.
     */
    private ObjectNode response(WebhookConfig config) {
        return response(config, history.lastDelivery(config.organizationId(), config.id()));
    }

    private static ObjectNode response(WebhookConfig config, Optional<DeliveryRecord> last) {
        ObjectNode json = WebhookConfigDocument.toResponse(config);
        json.put("last_delivery_status", last.map(record -> record.status().wireName()).orElse(null));
        json.put("last_delivery_at", last.map(record -> WebhookConfigDocument.timestamp(record.outcome() != null
                ? record.outcome().endedAt() : record.createdAt())).orElse(null));
        return json;
    }

    private static EntityTag etag(WebhookConfig config) {
        return new EntityTag(Long.toString(config.version()));
    }

    /** {@code "3"}, {@code W/"3"} and {@code 3} all name version 3; {@code *} or no header means any version. */
    private static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String version = ifMatch.trim().replaceFirst("^W/", "").replace("\"", "");
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw new ValidationException("If-Match", "must be the ETag of a config, such as \"3\"");
        }
    }
}
