package dev.webhooks.api.security;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jws.AlgorithmIdentifiers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

/**
 * The one place that maps a caller to an organization.
 *
 * <ul>
 * <li>Deployed, API Gateway's JWT authorizer has verified the token; its claims arrive in the request context and are
 * trusted as they are.</li>
 * <li>Locally and in tests no authorizer stands in front, so the function verifies the bearer token itself against
 * the configured public key ({@code webhooks.auth.jwt.public-key}): signature, expiry, and issuer and audience when
 * configured.</li>
 * </ul>
 * With neither, every request is refused: the function fails closed.
 */
@ApplicationScoped
public class OrganizationResolver {

    private static final Logger LOG = Logger.getLogger(OrganizationResolver.class);

    private static final String BEARER = "bearer ";
    /** Organization ids key every table; this keeps them far below DynamoDB's 2048-byte partition key limit. */
    private static final int MAX_ORGANIZATION_ID_LENGTH = 128;

    private final List<String> organizationClaims;
    private final JwtConsumer verifier;

    public OrganizationResolver(AuthSettings settings) {
        this.organizationClaims = settings.organizationClaims();
        this.verifier = settings.jwt().publicKey().map(key -> verifier(key, settings.jwt())).orElse(null);
    }

    public String organizationOf(APIGatewayV2HTTPEvent event) {
        Map<String, String> verifiedClaims = authorizerClaims(event);
        if (verifiedClaims != null) {
            return organization(verifiedClaims::get);
        }
        String token = bearerToken(event);
        if (verifier == null) {
            throw new UnauthorizedException("Token not verified: no authorizer claims and no verification key");
        }
        try {
            JwtClaims claims = verifier.processToClaims(token);
            return organization(name -> claimText(claims, name));
        } catch (InvalidJwtException e) {
            if (e.hasErrorCode(ErrorCodes.EXPIRED)) {
                throw new UnauthorizedException("Bearer token has expired");
            }
            if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
                throw new UnauthorizedException("Bearer token signature is invalid");
            }
            // jose4j's reasons quote the expected issuer and audience: the answer names the check, not the value.
            if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
                throw new UnauthorizedException("Bearer token's issuer is not accepted");
            }
            if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
                throw new UnauthorizedException("Bearer token's audience is not accepted");
            }
            LOG.debugf("Bearer token refused: %s", firstReason(e));
            throw new UnauthorizedException("Bearer token is not valid (malformed, or a claim is not accepted)");
        }
    }

    private String organization(java.util.function.Function<String, String> claim) {
        for (String name : organizationClaims) {
            String value = claim.apply(name);
            if (value != null && !value.isBlank()) {
                if (value.length() > MAX_ORGANIZATION_ID_LENGTH) {
                    throw new UnauthorizedException("Claim " + name + " is not an organization id (longer than "
                            + MAX_ORGANIZATION_ID_LENGTH + " characters)");
                }
                return value;
            }
        }
        throw new UnauthorizedException("Token names no organization (claims " + String.join(", ", organizationClaims)
                + ")");
    }

    private static Map<String, String> authorizerClaims(APIGatewayV2HTTPEvent event) {
        if (event == null || event.getRequestContext() == null
                || event.getRequestContext().getAuthorizer() == null
                || event.getRequestContext().getAuthorizer().getJwt() == null) {
            return null;
        }
        Map<String, String> claims = event.getRequestContext().getAuthorizer().getJwt().getClaims();
        return claims == null || claims.isEmpty() ? null : claims;
    }

    private static String bearerToken(APIGatewayV2HTTPEvent event) {
        String header = event == null || event.getHeaders() == null ? null
                : event.getHeaders().entrySet().stream()
                        .filter(entry -> entry.getKey().equalsIgnoreCase("authorization"))
                        .map(Map.Entry::getValue)
                        .findFirst().orElse(null);
        if (header == null || header.isBlank()) {
            throw new UnauthorizedException("Missing Authorization header: send 'Authorization: Bearer <JWT>'");
        }
        if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new UnauthorizedException("Authorization header must be 'Bearer <JWT>'");
        }
        return header.substring(BEARER.length()).trim();
    }

    private static String claimText(JwtClaims claims, String name) {
        Object value = claims.getClaimValue(name);
        return value == null ? null : value.toString();
    }

    private static String firstReason(InvalidJwtException e) {
        return e.getErrorDetails().isEmpty() ? "malformed" : e.getErrorDetails().get(0).getErrorMessage();
    }

    private static JwtConsumer verifier(String publicKey, AuthSettings.Jwt settings) {
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setVerificationKey(PublicKeys.parse(publicKey))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384,
                        AlgorithmIdentifiers.RSA_USING_SHA512, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
                        AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384)
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(30);
        Optional<String> issuer = settings.issuer();
        issuer.ifPresent(builder::setExpectedIssuer);
        settings.audience().ifPresentOrElse(builder::setExpectedAudience, builder::setSkipDefaultAudienceValidation);
        return builder.build();
    }
}
