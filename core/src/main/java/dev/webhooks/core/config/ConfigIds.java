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

    public Secret newSigningSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return Secret.of(SIGNING_SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes));
    }
}
