package dev.webhooks.core.adapter.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptRequest;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

/**
 * The KMS cipher's use of KMS. AWS KMS cannot run here, so this test stands in for it with a fake KmsClient that,
 * like KMS, binds each ciphertext to its key and encryption context and refuses a mismatch. What the test proves is
 * the adapter's side: the request it sends and the stored form it keeps.
 */
class KmsSecretCipherTest {

    private static final String KEY = "arn:aws:kms:eu-central-1:000000000000:key/test";

    /** A stand-in for KMS: the "ciphertext" records key, context and a reversed plaintext. */
    static final class FakeKms implements KmsClient {
        final List<EncryptRequest> encrypts = new ArrayList<>();

        @Override
        public EncryptResponse encrypt(EncryptRequest request) {
            encrypts.add(request);
            String sealed = request.keyId() + "|" + request.encryptionContext() + "|"
                    + new StringBuilder(request.plaintext().asUtf8String()).reverse();
            return EncryptResponse.builder().keyId(request.keyId())
                    .ciphertextBlob(SdkBytes.fromString(sealed, StandardCharsets.UTF_8)).build();
        }

        @Override
        public DecryptResponse decrypt(DecryptRequest request) {
            String[] parts = request.ciphertextBlob().asUtf8String().split("\\|", 3);
            if (!parts[1].equals(String.valueOf(request.encryptionContext()))) {
                throw InvalidCiphertextException.builder().message("context mismatch").build();
            }
            return DecryptResponse.builder().keyId(parts[0])
                    .plaintext(SdkBytes.fromUtf8String(new StringBuilder(parts[2]).reverse().toString())).build();
        }

        @Override
        public String serviceName() {
            return "kms";
        }

        @Override
        public void close() {
        }
    }

    private final FakeKms kms = new FakeKms();
    private final KmsSecretCipher cipher = new KmsSecretCipher(kms, KEY);

    @Test
    void encryptsWithTheStackKeyAndTheRecordAsContext() {
        String stored = cipher.encrypt("s3cret", "webhook-config/org-1/cfg-1/auth");

        assertThat(stored).startsWith("kms1:").doesNotContain("s3cret");
        assertThat(kms.encrypts).singleElement().satisfies(request -> {
            assertThat(request.keyId()).isEqualTo(KEY);
            assertThat(request.encryptionContext())
                    .isEqualTo(Map.of("webhooks:context", "webhook-config/org-1/cfg-1/auth"));
        });
        assertThat(cipher.decrypt(stored, "webhook-config/org-1/cfg-1/auth")).isEqualTo("s3cret");
    }

    @Test
    void aCiphertextOfAnotherRecordDoesNotDecrypt() {
        String stored = cipher.encrypt("s3cret", "webhook-config/org-1/cfg-1/auth");

        assertThatThrownBy(() -> cipher.decrypt(stored, "webhook-config/org-2/cfg-1/auth"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSecretOfAnotherProviderIsRefusedClearly() {
        assertThatThrownBy(() -> cipher.decrypt("v1:AAAA", "ctx")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another provider");
        assertThatThrownBy(() -> cipher.decrypt("kms1:not base64!", "ctx")).isInstanceOf(IllegalStateException.class);
    }
}
