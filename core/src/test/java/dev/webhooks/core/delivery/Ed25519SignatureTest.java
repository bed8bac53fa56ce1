package dev.webhooks.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code v1a} entry of Standard Webhooks: what we sign verifies with the JDK's own Ed25519 over
 * {@code "{id}.{timestamp}.{body}"}, any change does not, and the published PEM is a key a receiver can load.
 */
class Ed25519SignatureTest {

    private static final KeyPair KEYS = Ed25519Signature.newKeyPair();
    private static final String MESSAGE_ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    private static final long TIMESTAMP = 1_796_000_000L;
    private static final String BODY = "{\"metadata\":{\"organization_id\":\"org-1\",\"event_name\":\"order_created\"},"
            + "\"order\":{\"id\":\"o-1\",\"name\":\"Zo\u00eb \uD83D\uDE00\",\"total\":12.5}}";

    static Stream<Arguments> bodies() {
        return Stream.of(
                arguments("an empty body (GET, HEAD, OPTIONS)", ""),
                arguments("an event with unicode outside ASCII and the BMP", BODY),
                arguments("dots, newlines and format characters", "a.b.c\n%s %d %n\r\n\t\u0000.end"),
                arguments("a large body (1 MiB)", "{\"blob\":\"" + "x\u00e9".repeat(512 * 1024) + "\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void aSignatureVerifiesWithTheJdkOverIdTimestampAndBody(String name, String body) throws Exception {
        String entry = Ed25519Signature.sign(KEYS.getPrivate(), MESSAGE_ID, TIMESTAMP, body);

        assertThat(entry).startsWith("v1a,");
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(KEYS.getPublic());
        verifier.update((MESSAGE_ID + "." + TIMESTAMP + "." + body).getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(Base64.getDecoder().decode(entry.substring("v1a,".length())))).isTrue();
        assertThat(Ed25519Signature.verify(KEYS.getPublic(), MESSAGE_ID, TIMESTAMP, body, entry)).isTrue();
    }

    @Test
    void anEd25519SignatureIs64Bytes() {
        String entry = Ed25519Signature.sign(KEYS.getPrivate(), MESSAGE_ID, TIMESTAMP, BODY);

        assertThat(Base64.getDecoder().decode(entry.substring("v1a,".length()))).hasSize(64);
    }

    @Test
    void aTamperedBodyDoesNotVerify() throws Exception {
        String entry = Ed25519Signature.sign(KEYS.getPrivate(), MESSAGE_ID, TIMESTAMP, BODY);
        String tampered = BODY.replace("12.5", "125");

        assertThat(Ed25519Signature.verify(KEYS.getPublic(), MESSAGE_ID, TIMESTAMP, tampered, entry)).isFalse();
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(KEYS.getPublic());
        verifier.update((MESSAGE_ID + "." + TIMESTAMP + "." + tampered).getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(Base64.getDecoder().decode(entry.substring("v1a,".length())))).isFalse();
    }

    @Test
    void anotherIdTimestampOrKeyDoesNotVerify() {
        String entry = Ed25519Signature.sign(KEYS.getPrivate(), MESSAGE_ID, TIMESTAMP, BODY);

        assertThat(Ed25519Signature.verify(KEYS.getPublic(), MESSAGE_ID + "x", TIMESTAMP, BODY, entry)).isFalse();
        assertThat(Ed25519Signature.verify(KEYS.getPublic(), MESSAGE_ID, TIMESTAMP + 1, BODY, entry)).isFalse();
        assertThat(Ed25519Signature.verify(Ed25519Signature.newKeyPair().getPublic(), MESSAGE_ID, TIMESTAMP, BODY,
                entry)).isFalse();
    }

    @Test
    void verifyFindsTheV1aEntryAmongOthersAndIgnoresGarbage() {
        String entry = Ed25519Signature.sign(KEYS.getPrivate(), MESSAGE_ID, TIMESTAMP, BODY);

        assertThat(Ed25519Signature.verify(KEYS.getPublic(), MESSAGE_ID, TIMESTAMP, BODY,
                "v1,aGVsbG8= v1a,not-base64!! v1a,AAAA " + entry)).isTrue();
        assertThat(Ed25519Signature.verify(KEYS.getPublic(), MESSAGE_ID, TIMESTAMP, BODY,
                "v1,aGVsbG8= v1a,not-base64!! v1a,AAAA")).isFalse();
        assertThat(Ed25519Signature.verify(KEYS.getPublic(), MESSAGE_ID, TIMESTAMP, BODY, "")).isFalse();
    }

    @Test
    void signingIsDeterministic() {
        // RFC 8032: the same key and message give the same signature, so a retry with the same timestamp matches.
        assertThat(Ed25519Signature.sign(KEYS.getPrivate(), MESSAGE_ID, TIMESTAMP, BODY))
                .isEqualTo(Ed25519Signature.sign(KEYS.getPrivate(), MESSAGE_ID, TIMESTAMP, BODY));
    }

    @Test
    void thePemParsesBackToTheSameKey() throws Exception {
        String pem = Ed25519Signature.publicKeyPem(KEYS.getPublic());

        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("\n-----END PUBLIC KEY-----\n");
        String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        PublicKey parsed = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        assertThat(parsed.getEncoded()).isEqualTo(KEYS.getPublic().getEncoded());
        // An Ed25519 SubjectPublicKeyInfo: 12 bytes of header (OID 1.3.101.112) and the 32-byte key.
        assertThat(parsed.getEncoded()).hasSize(44);
        String entry = Ed25519Signature.sign(KEYS.getPrivate(), MESSAGE_ID, TIMESTAMP, BODY);
        assertThat(Ed25519Signature.verify(parsed, MESSAGE_ID, TIMESTAMP, BODY, entry)).isTrue();
    }

    @Test
    void encodedKeysRoundTrip() {
        KeyPair restored = new KeyPair(Ed25519Signature.publicKey(KEYS.getPublic().getEncoded()),
                Ed25519Signature.privateKey(KEYS.getPrivate().getEncoded()));
        String entry = Ed25519Signature.sign(restored.getPrivate(), MESSAGE_ID, TIMESTAMP, BODY);

        assertThat(Ed25519Signature.verify(KEYS.getPublic(), MESSAGE_ID, TIMESTAMP, BODY, entry)).isTrue();
        assertThat(restored.getPublic().getEncoded()).isEqualTo(KEYS.getPublic().getEncoded());
    }

    @Test
    void aBrokenPrivateKeyEncodingIsRefusedWithoutEchoingIt() {
        byte[] broken = { 1, 2, 3, 4 };

        assertThatThrownBy(() -> Ed25519Signature.privateKey(broken))
                .isInstanceOf(IllegalStateException.class)
                .hasNoCause()
                .hasMessage("Not an Ed25519 private key");
    }

    /**
     * The prepared signer (Bouncy Castle's RFC 8032 code) signs exactly what the JDK's EdDSA signs, Ed25519 being
     * deterministic, and the JDK verifies it: an independent implementation checks every signature.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = { "", "{}", "{\"a\":1}", "ünïcödé ✓ 𝄞",
            "a long body ........................................................................................." })
    void thePreparedSignerSignsTheSameBytesAsTheJdk(String body) throws Exception {
        for (int key = 0; key < 5; key++) {
            java.security.KeyPair pair = Ed25519Signature.newKeyPair();
            String ours = Ed25519Signature.signer(pair.getPrivate()).sign("msg_" + key, 1_795_860_000L, body);

            java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
            jdk.initSign(pair.getPrivate());
            jdk.update(("msg_" + key + ".1795860000." + body).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(ours).isEqualTo("v1a," + java.util.Base64.getEncoder().encodeToString(jdk.sign()));
            assertThat(Ed25519Signature.verify(pair.getPublic(), "msg_" + key, 1_795_860_000L, body, ours)).isTrue();
        }
    }

    @Test
    void aSignerHidesItsKey() {
        assertThat(Ed25519Signature.signer(Ed25519Signature.newKeyPair().getPrivate()).toString())
                .doesNotContainPattern("[A-Za-z0-9+/]{20,}");
    }

    @Test
    void anEd448KeyIsRefusedNotCutShort() throws Exception {
        java.security.PrivateKey ed448 = java.security.KeyPairGenerator.getInstance("Ed448").generateKeyPair()
                .getPrivate();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ed25519Signature.signer(ed448))
                .isInstanceOf(IllegalStateException.class);
    }
}
