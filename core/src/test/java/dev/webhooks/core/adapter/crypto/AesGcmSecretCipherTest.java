package dev.webhooks.core.adapter.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Secrets at rest: AES-256-GCM, a fresh nonce per value, the record and field bound in as associated data. */
class AesGcmSecretCipherTest {

    private static final String KEY = base64Bytes(32, 7);
    private static final String CONTEXT = "org-739224/config-9xYz/auth";

    private final AesGcmSecretCipher cipher = new AesGcmSecretCipher(KEY);

    @ParameterizedTest
    @ValueSource(strings = {"s3cret-pass", "", "ümlaut ✓ and emoji 🔐", "whsec_c2lnbmluZy1zZWNyZXQtb2YtMzItYnl0ZXMhIQ=="})
    void decryptsWhatItEncrypted(String plaintext) {
        String stored = cipher.encrypt(plaintext, CONTEXT);

        assertThat(cipher.decrypt(stored, CONTEXT)).isEqualTo(plaintext);
    }

    @Test
    void anotherInstanceWithTheSameKeyDecrypts() {
        String stored = cipher.encrypt("s3cret-pass", CONTEXT);

        assertThat(new AesGcmSecretCipher(KEY).decrypt(stored, CONTEXT)).isEqualTo("s3cret-pass");
    }

    @Test
    void theStoredFormIsVersionedBase64OfNonceCiphertextAndTag() {
        String stored = cipher.encrypt("s3cret-pass", CONTEXT);

        assertThat(stored).startsWith("v1:");
        byte[] sealed = Base64.getDecoder().decode(stored.substring(3));
        assertThat(sealed).hasSize(12 + "s3cret-pass".length() + 16);
    }

    @Test
    void everyEncryptionOfTheSameValueDiffers() {
        Set<String> stored = new HashSet<>();
        IntStream.range(0, 50).forEach(i -> stored.add(cipher.encrypt("s3cret-pass", CONTEXT)));

        assertThat(stored).hasSize(50);
    }

    @Test
    void theCiphertextDoesNotContainThePlaintext() {
        String plaintext = "a-rather-long-and-recognisable-password";
        String stored = cipher.encrypt(plaintext, CONTEXT);

        assertThat(stored).doesNotContain(plaintext).doesNotContain("recognisable")
                .doesNotContain(Base64.getEncoder().encodeToString(plaintext.getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(Base64.getDecoder().decode(stored.substring(3)), StandardCharsets.ISO_8859_1))
                .doesNotContain("recognisable");
    }

    @Test
    void anotherContextDoesNotDecrypt() {
        String stored = cipher.encrypt("s3cret-pass", CONTEXT);

        assertThatThrownBy(() -> cipher.decrypt(stored, "org-739224/config-9xYz/signing"))
                .isInstanceOf(IllegalStateException.class)
                .message().doesNotContain("s3cret-pass");
        assertThatThrownBy(() -> cipher.decrypt(stored, "org-other/config-9xYz/auth"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anotherKeyDoesNotDecrypt() {
        String stored = cipher.encrypt("s3cret-pass", CONTEXT);

        assertThatThrownBy(() -> new AesGcmSecretCipher(base64Bytes(32, 8)).decrypt(stored, CONTEXT))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTamperedCiphertextDoesNotDecrypt() {
        String stored = cipher.encrypt("s3cret-pass", CONTEXT);
        byte[] sealed = Base64.getDecoder().decode(stored.substring(3));

        for (int position : new int[] {0, 11, 12, sealed.length - 1}) {
            byte[] tampered = sealed.clone();
            tampered[position] ^= 0x01;
            String altered = "v1:" + Base64.getEncoder().encodeToString(tampered);

            assertThatThrownBy(() -> cipher.decrypt(altered, CONTEXT)).as("byte %d flipped", position)
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aCiphertextCutShortOfItsTagDoesNotDecrypt() {
        String stored = cipher.encrypt("s3cret-pass", CONTEXT);
        byte[] sealed = Base64.getDecoder().decode(stored.substring(3));
        byte[] cut = Arrays.copyOf(sealed, sealed.length - 4);

        assertThatThrownBy(() -> cipher.decrypt("v1:" + Base64.getEncoder().encodeToString(cut), CONTEXT))
                .isInstanceOf(IllegalStateException.class);
    }

    /** The port promises IllegalStateException for an altered ciphertext, also one cut inside its nonce. */
    @Test
    void aCiphertextShorterThanItsNonceFailsAsTheContractSays() {
        String truncated = "v1:" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5});

        assertThatThrownBy(() -> cipher.decrypt(truncated, CONTEXT)).isInstanceOf(IllegalStateException.class);
    }

    /** The port promises IllegalStateException for an altered ciphertext, also one whose base64 was damaged. */
    @Test
    void aStoredValueThatIsNotBase64FailsAsTheContractSays() {
        assertThatThrownBy(() -> cipher.decrypt("v1:not base64!", CONTEXT)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anUnknownFormatIsRefused() {
        String stored = cipher.encrypt("s3cret-pass", CONTEXT);

        assertThatThrownBy(() -> cipher.decrypt(stored.substring(3), CONTEXT))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.decrypt("v2:" + stored.substring(3), CONTEXT))
                .isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 16, 24, 31, 33, 64})
    void theKeyMustBe32Bytes(int length) {
        String key = base64Bytes(length, 1);

        assertThatThrownBy(() -> new AesGcmSecretCipher(key))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("32 bytes");
    }

    private static String base64Bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed * 31 + i);
        }
        return Base64.getEncoder().encodeToString(bytes);
    }
}
