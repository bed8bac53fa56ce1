package dev.webhooks.local;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies the signatures of a webhook delivery (Standard Webhooks). {@code headers} has lower-case names;
 * {@code body} is the raw request body decoded as UTF-8, never JSON that was parsed and serialized again.
 */
public final class WebhookVerifier {

    /** A delivery signed more than this many seconds before or after our clock is refused. */
    public static final long TOLERANCE_SECONDS = 5 * 60;

    private WebhookVerifier() {
    }

    /** Whether a {@code v1} entry is the HMAC-SHA256 of the delivery under the config's {@code whsec_} secret. */
    public static boolean verifyV1(String secret, Map<String, String> headers, String body) {
        byte[] content = signedContent(headers, body);
        if (content == null) {
            return false;
        }
        byte[] expected;
        try {
            // The key is the base64 decoding of what follows "whsec_", not the secret's characters.
            byte[] key = Base64.getDecoder().decode(secret.replaceFirst("^whsec_", ""));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            expected = mac.doFinal(content);
        } catch (IllegalArgumentException | GeneralSecurityException notASecret) {
            return false;
        }
        for (byte[] signature : signatures(headers, "v1")) {
            if (MessageDigest.isEqual(expected, signature)) { // constant time
                return true;
            }
        }
        return false;
    }

    /** Whether a {@code v1a} entry is an Ed25519 signature of the delivery by the organization's key. */
    public static boolean verifyV1a(String publicKeyPem, Map<String, String> headers, String body) {
        byte[] content = signedContent(headers, body);
        if (content == null) {
            return false;
        }
        PublicKey key;
        try {
            // PEM "BEGIN PUBLIC KEY" is base64 of an X.509 SubjectPublicKeyInfo (you may parse it once and keep it).
            String base64 = publicKeyPem.replaceAll("-----[A-Z ]+-----|\\s", "");
            key = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IllegalArgumentException | GeneralSecurityException notAKey) {
            return false;
        }
        for (byte[] signature : signatures(headers, "v1a")) {
            try {
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(content);
                if (verifier.verify(signature)) {
                    return true;
                }
            } catch (GeneralSecurityException notASignature) {
                // Not an Ed25519 signature at all: try the next entry.
            }
        }
        return false;
    }

    /** The signed bytes, "{id}.{timestamp}.{body}", or null if a header is missing or the timestamp is not fresh. */
    private static byte[] signedContent(Map<String, String> headers, String body) {
        String id = headers.get("webhook-id");
        String timestamp = headers.get("webhook-timestamp");
        if (id == null || timestamp == null || headers.get("webhook-signature") == null) {
            return null;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException notANumber) {
            return null;
        }
        long now = System.currentTimeMillis() / 1000;
        if (seconds < now - TOLERANCE_SECONDS || seconds > now + TOLERANCE_SECONDS) {
            return null; // too old (a replay) or from the future
        }
        return (id + "." + seconds + "." + body).getBytes(StandardCharsets.UTF_8);
    }

    /** The decoded signatures of one version in "v1,<base64> v1a,<base64> ..."; malformed entries are skipped. */
    private static List<byte[]> signatures(Map<String, String> headers, String version) {
        List<byte[]> found = new ArrayList<>();
        for (String entry : headers.get("webhook-signature").trim().split("\\s+")) {
            if (entry.startsWith(version + ",")) {
                try {
                    found.add(Base64.getDecoder().decode(entry.substring(version.length() + 1)));
                } catch (IllegalArgumentException malformed) {
                    // Skip it: another entry may still match.
                }
            }
        }
        return found;
    }
}
