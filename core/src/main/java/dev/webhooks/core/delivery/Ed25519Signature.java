package dev.webhooks.core.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

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
        return signer(key).sign(messageId, timestampSeconds, body);
    }

    /**
     * A signer for one key, with the public half derived once: signing then costs one scalar multiplication instead of
     * two. Keep one per organization while its key is cached.
     */
    public static Signer signer(PrivateKey key) {
        if (!(key instanceof EdECPrivateKey edKey) || !ALGORITHM.equalsIgnoreCase(edKey.getParams().getName())
                || edKey.getBytes().map(bytes -> bytes.length != Ed25519.SECRET_KEY_SIZE).orElse(true)) {
            throw new IllegalStateException("Not an Ed25519 private key");
        }
        byte[] seed = edKey.getBytes().get();
        byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(seed, 0, publicKey, 0);
        return new Signer(seed, publicKey);
    }

    /**
     * Signs with Bouncy Castle's RFC 8032 implementation, about ten times faster than the JDK's EdDSA; the signatures
     * are the same bytes (Ed25519 is deterministic), and tests verify them with the JDK.
     */
    public static final class Signer {
        private final byte[] seed;
        private final byte[] publicKey;

        private Signer(byte[] seed, byte[] publicKey) {
            this.seed = seed;
            this.publicKey = publicKey;
        }

        /** The {@code v1a,...} entry of {@code webhook-signature} for one message. */
        public String sign(String messageId, long timestampSeconds, String body) {
            byte[] content = content(messageId, timestampSeconds, body);
            byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
            Ed25519.sign(seed, 0, publicKey, 0, content, 0, content.length, signature, 0);
            return VERSION + "," + Base64.getEncoder().encodeToString(signature);
        }

        @Override
        public String toString() {
            return "Ed25519Signature.Signer[key hidden]";
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
