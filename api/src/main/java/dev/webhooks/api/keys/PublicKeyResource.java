package dev.webhooks.api.keys;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.webhooks.api.security.Public;
import dev.webhooks.core.application.signing.OrganizationSigningKeys;
import dev.webhooks.core.error.NotFoundException;
import dev.webhooks.core.error.ValidationException;

/**
 * The Ed25519 public key receivers verify an organization's {@code v1a} signatures with ({@code getPublicKey}).
 *
 * <p>Public, as in the contract: a public key is no secret, and a receiver fetches it without a token. So this route
 * only reads: an organization's key is made with its first config (or its first signed delivery), never here, and an
 * organization without one answers 404. Serving a key reads only its public half (cached apart from the private one),
 * so an unauthenticated request never decrypts anything; the SAM template throttles the public routes.
 */
@Path("/v1/webhooks/.well-known/public-key")
public class PublicKeyResource {

    static final int MAX_ORGANIZATION_ID_LENGTH = 128;
    static final String ALGORITHM = "ed25519";

    /** {@code PublicKeyResponse}. */
    public record PublicKeyResponse(@JsonProperty("public_key") String publicKey, String algorithm, String issuer) {
    }

    private final OrganizationSigningKeys keys;
    private final SigningSettings settings;

    public PublicKeyResource(OrganizationSigningKeys keys, SigningSettings settings) {
        this.keys = keys;
        this.settings = settings;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Public
    public PublicKeyResponse getPublicKey(@QueryParam("orgId") String orgId) {
        if (orgId == null || orgId.isBlank()) {
            throw new ValidationException("orgId", "is required");
        }
        if (orgId.length() > MAX_ORGANIZATION_ID_LENGTH) {
            throw new ValidationException("orgId", "must be at most " + MAX_ORGANIZATION_ID_LENGTH + " characters");
        }
        String pem = keys.publicKeyPem(orgId).orElseThrow(() -> new NotFoundException("Organization " + orgId
                + " has no signing key: it is made with the organization's first config"));
        return new PublicKeyResponse(pem, ALGORITHM, settings.issuer());
    }
}
