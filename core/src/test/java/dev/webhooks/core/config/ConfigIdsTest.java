package dev.webhooks.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Config ids are short, unguessable base58; signing secrets follow Standard Webhooks. */
class ConfigIdsTest {

    private static final String BASE58 = "[1-9A-HJ-NP-Za-km-z]+";

    private final ConfigIds ids = new ConfigIds(new SecureRandom());

    @Test
    void idsAreBase58OfAbout22CharactersAndDistinct() {
        Set<String> generated = IntStream.range(0, 1000).mapToObj(i -> ids.newConfigId()).collect(Collectors.toSet());

        assertThat(generated).hasSize(1000).allSatisfy(id -> assertThat(id).matches(BASE58).hasSizeBetween(16, 22));
        // 128 random bits need 22 base58 digits unless the leading ones are zero: about 97% of ids are 22 long.
        assertThat(generated.stream().filter(id -> id.length() == 22).count()).isGreaterThan(900);
    }

    @Test
    void idsLeaveOutTheLookAlikeCharacters() {
        String many = IntStream.range(0, 500).mapToObj(i -> ids.newConfigId()).collect(Collectors.joining());

        assertThat(many).doesNotContain("0", "O", "I", "l", "+", "/", "=", "-", "_");
    }

    @Test
    void idsEncodeTheRandomNumberInBase58() {
        assertThat(new ConfigIds(fixedBytes(57)).newConfigId()).isEqualTo("z");
        assertThat(new ConfigIds(fixedBytes(58)).newConfigId()).isEqualTo("21");
        assertThat(new ConfigIds(fixedBytes(58 * 58 + 1)).newConfigId()).isEqualTo("212");
    }

    @Test
    void theLargestIdHas22Characters() {
        SecureRandom allOnes = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                Arrays.fill(bytes, (byte) 0xFF);
            }
        };

        assertThat(new ConfigIds(allOnes).newConfigId()).hasSize(22).matches(BASE58);
    }

    @Test
    void signingSecretsAreWhsecAndBase64Of32RandomBytes() {
        Set<String> secrets = IntStream.range(0, 100).mapToObj(i -> ids.newSigningSecret().reveal())
                .collect(Collectors.toSet());

        assertThat(secrets).hasSize(100).allSatisfy(secret -> {
            assertThat(secret).startsWith(ConfigIds.SIGNING_SECRET_PREFIX).startsWith("whsec_");
            assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(32);
        });
    }

    /** A random source whose 16 bytes spell {@code value} in big-endian order. */
    private static SecureRandom fixedBytes(int value) {
        return new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                Arrays.fill(bytes, (byte) 0);
                for (int i = bytes.length - 1, rest = value; i >= 0 && rest > 0; i--, rest >>>= 8) {
                    bytes[i] = (byte) rest;
                }
            }
        };
    }
}
