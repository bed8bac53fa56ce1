package dev.webhooks.testing;

import java.security.SecureRandom;
import java.util.Base64;

/** Keys for the AES secret cipher ({@code webhooks.encryption.key}) of tests, benchmarks and local runs. */
public final class EncryptionKeys {

    private EncryptionKeys() {
    }

    /** A fresh random AES-256 key, base64: the emulators keep nothing between runs either. */
    public static String random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
