package dev.webhooks.testing;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * Issues RS256 bearer tokens for local runs and tests, standing in for epilot's identity provider. The key pair is
 * made once per JVM and kept in system properties, because Quarkus loads test resources and test classes in different
 * class loaders that must still agree on the key.
 */
public final class TokenIssuer {

    public static final String ISSUER = "https://webhooks.local/issuer";
    private static final String PRIVATE_PROPERTY = "webhooks.testing.jwt.private-key";
    private static final String PUBLIC_PROPERTY = "webhooks.testing.jwt.public-key";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private TokenIssuer(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** The JVM's issuer; the first call makes the key pair. */
    public static synchronized TokenIssuer shared() {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            if (System.getProperty(PRIVATE_PROPERTY) == null) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                System.setProperty(PRIVATE_PROPERTY, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
                System.setProperty(PUBLIC_PROPERTY, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
            }
            return new TokenIssuer(
                    rsa.generatePrivate(new PKCS8EncodedKeySpec(
                            Base64.getDecoder().decode(System.getProperty(PRIVATE_PROPERTY)))),
                    rsa.generatePublic(new X509EncodedKeySpec(
                            Base64.getDecoder().decode(System.getProperty(PUBLIC_PROPERTY)))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot make an RSA key pair", e);
        }
    }

    /** The verification key in PEM, for {@code webhooks.auth.jwt.public-key}. */
    public String publicKeyPem() {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(publicKey.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }

    /** A token for the organization, valid for an hour, with epilot's {@code org_id} claim. */
    public String tokenFor(String organizationId) {
        return token(Map.of("org_id", organizationId), Duration.ofHours(1));
    }

    /** A token with the given claims, expiring after {@code lifetime} (negative for an expired token). */
    public String token(Map<String, Object> claims, Duration lifetime) {
        return sign(claims, lifetime, privateKey);
    }

    /** A token signed by a key nobody trusts, to prove that signatures are checked. */
    public static String tokenSignedByStranger(String organizationId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return sign(Map.of("org_id", organizationId), Duration.ofHours(1), generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(Map<String, Object> claims, Duration lifetime, PrivateKey key) {
        JwtClaims jwtClaims = new JwtClaims();
        jwtClaims.setIssuer(ISSUER);
        jwtClaims.setSubject("local-user");
        jwtClaims.setIssuedAtToNow();
        jwtClaims.setExpirationTimeMinutesInTheFuture(lifetime.toSeconds() / 60f);
        claims.forEach(jwtClaims::setClaim);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(jwtClaims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot sign token", e);
        }
    }
}
