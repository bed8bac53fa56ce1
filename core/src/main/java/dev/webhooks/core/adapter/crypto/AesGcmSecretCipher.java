package dev.webhooks.core.adapter.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;


import dev.webhooks.core.port.SecretCipher;
import dev.webhooks.core.settings.EncryptionSettings;

/**
 * AES-256-GCM with a key from configuration ({@code webhooks.encryption.key}). Each value gets a fresh 96-bit nonce;
 * the stored form is {@code v1:} + base64(nonce | ciphertext | tag). The context is the additional authenticated data.
 */
public class AesGcmSecretCipher implements SecretCipher {

    private static final String FORMAT = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public AesGcmSecretCipher(EncryptionSettings settings) {
        this(settings.key().orElseThrow(() -> new IllegalStateException(
                "webhooks.encryption.key (env WEBHOOKS_ENCRYPTION_KEY) must hold base64 of a 32-byte AES key")));
    }

    public AesGcmSecretCipher(String base64Key) {
        byte[] bytes = Base64.getDecoder().decode(base64Key);
        if (bytes.length != 32) {
            throw new IllegalStateException("webhooks.encryption.key must be 32 bytes (base64), got " + bytes.length);
        }
        this.key = new SecretKeySpec(bytes, "AES");
    }

    @Override
    public String encrypt(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed);
            return FORMAT + Base64.getEncoder().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    @Override
    public String decrypt(String ciphertext, String context) {
        if (!ciphertext.startsWith(FORMAT)) {
            throw new IllegalStateException("Unknown secret format");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(ciphertext.substring(FORMAT.length()));
            if (bytes.length <= NONCE_BYTES) {
                throw new IllegalStateException("Secret is too short to hold a nonce and a tag");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Secret is not valid base64", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Secret does not decrypt: altered, or encrypted for another record", e);
        }
    }
}
