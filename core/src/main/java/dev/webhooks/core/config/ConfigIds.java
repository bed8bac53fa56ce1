package dev.webhooks.core.config;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Identifiers and signing secrets. Both come from {@link SecureRandom}: an id is unguessable (128 random bits, written
 * as a short base58 string like epilot's short uuids) and a signing secret follows Standard Webhooks
 * ({@code whsec_} + base64 of 32 random bytes).
 */
public final class ConfigIds {

    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger RADIX = BigInteger.valueOf(BASE58.length());
    private static final int SECRET_BYTES = 32;
    /** 128 bits take at most 22 base58 digits; a little slack for ids imported from elsewhere. */
    private static final int MAX_ID_LENGTH = 64;
    public static final String SIGNING_SECRET_PREFIX = "whsec_";

    private final SecureRandom random;

    public ConfigIds(SecureRandom random) {
        this.random = random;
    }

    public String newConfigId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        BigInteger value = new BigInteger(1, bytes);
        StringBuilder id = new StringBuilder();
        while (value.signum() > 0) {
            BigInteger[] division = value.divideAndRemainder(RADIX);
            id.append(BASE58.charAt(division[1].intValue()));
            value = division[0];
        }
        return id.reverse().toString();
    }

    /**
     * Whether {@code id} could have been made by {@link #newConfigId()}. Anything else is answered as not found
     * without a database call (and cannot reach DynamoDB's key-size limits).
     */
    public static boolean isWellFormed(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (BASE58.indexOf(id.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    public Secret newSigningSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return Secret.of(SIGNING_SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes));
    }
}
