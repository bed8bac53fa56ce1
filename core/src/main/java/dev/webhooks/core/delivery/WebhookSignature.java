package dev.webhooks.core.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.webhooks.core.config.ConfigIds;
import dev.webhooks.core.config.Secret;

/**
 * Standard Webhooks 1.0 signatures: {@code v1,} + base64 of HMAC-SHA256 over {@code "{id}.{timestamp}.{body}"}, keyed
 * with the base64-decoded part of the {@code whsec_} secret. Receivers verify with any Standard Webhooks library.
 */
public final class WebhookSignature {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";

    private WebhookSignature() {
    }

    /** The {@code webhook-signature} value for one message. */
    public static String sign(Secret secret, String messageId, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            byte[] signature = mac.doFinal((messageId + "." + timestampSeconds + "." + body)
                    .getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /**
     * The {@code webhook-id} of an (event, config) pair: the same on every retry and redelivery, so receivers can
     * deduplicate, and different for each config, so one receiver subscribed twice can tell the copies apart.
     */
    public static String messageId(String eventId, String configId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((eventId + "\n" + configId).getBytes(StandardCharsets.UTF_8));
            return "msg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static byte[] key(Secret secret) {
        String value = secret.reveal();
        String encoded = value.startsWith(ConfigIds.SIGNING_SECRET_PREFIX)
                ? value.substring(ConfigIds.SIGNING_SECRET_PREFIX.length())
                : value;
        return Base64.getDecoder().decode(encoded);
    }
}
