package dev.webhooks.core.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The asymmetric half of Standard Webhooks: {@code v1a,} + base64 of an Ed25519 signature over
 * {@code "{id}.{timestamp}.{body}"}, the same content the {@code v1} HMAC signs. It goes into
 * {@code webhook-signature} beside the {@code v1} entries (the header is a space-separated list); verifiers that only
 * know {@code v1} skip it. Receivers verify it with the organization's public key, which anyone may fetch, so they need
 * no shared secret.
 */
public final class Ed25519Signature {

    /** The JDK's name of the algorithm (Java 15+, no extra provider). */
    public static final String ALGORITHM = "Ed25519";
    /** The version prefix of an asymmetric entry in {@code webhook-signature}. */
    public static final String VERSION = "v1a";

    private static final Base64.Encoder MIME = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Ed25519Signature() {
    }

    /** A fresh key pair from the JDK's default secure random source. */
    public static KeyPair newKeyPair() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    /** The {@code v1a,...} entry of {@code webhook-signature} for one message. */
    public static String sign(PrivateKey key, String messageId, long timestampSeconds, String body) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(content(messageId, timestampSeconds, body));
            return VERSION + "," + Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /**
     * Whether any {@code v1a} entry of a {@code webhook-signature} value verifies with {@code key}, as a receiver
     * checks it; other entries are ignored.
     */
    public static boolean verify(PublicKey key, String messageId, long timestampSeconds, String body,
            String signatureHeader) {
        byte[] content = content(messageId, timestampSeconds, body);
        for (String entry : signatureHeader.trim().split(" +")) {
            if (!entry.startsWith(VERSION + ",")) {
                continue;
            }
            try {
                Signature verifier = Signature.getInstance(ALGORITHM);
                verifier.initVerify(key);
                verifier.update(content);
                if (verifier.verify(Base64.getDecoder().decode(entry.substring(VERSION.length() + 1)))) {
                    return true;
                }
            } catch (IllegalArgumentException | GeneralSecurityException malformed) {
                // Not base64 or not a signature of the right shape: this entry does not verify; try the next one.
            }
        }
        return false;
    }

    /** The public key as PEM ({@code BEGIN PUBLIC KEY}, X.509 SubjectPublicKeyInfo), the way it is published. */
    public static String publicKeyPem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + MIME.encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** A public key from its X.509 (SubjectPublicKeyInfo) encoding. */
    public static PublicKey publicKey(byte[] x509) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(x509));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Not an Ed25519 public key", e);
        }
    }

    /** A private key from its PKCS#8 encoding. */
    public static PrivateKey privateKey(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            // The message names no key material: the encoding is a secret.
            throw new IllegalStateException("Not an Ed25519 private key");
        }
    }

    private static byte[] content(String messageId, long timestampSeconds, String body) {
        return (messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8);
    }
}
