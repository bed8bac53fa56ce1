package dev.webhooks.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import dev.webhooks.core.adapter.dynamodb.Tables;
import dev.webhooks.core.application.signing.OrganizationSigningKeys;
import dev.webhooks.core.port.SigningKeyRepository;
import dev.webhooks.testing.AwsEmulators;
import dev.webhooks.testing.AwsEmulatorsResource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code getPublicKey}: an organization's Ed25519 public key as PEM, made on first use, the same ever after, different
 * for each organization, served without a token; the stored private key is encrypted.
 */
@QuarkusTest
@WithTestResource(AwsEmulatorsResource.class)
class PublicKeyResourceTest {

    private static final String PUBLIC_KEY = "/v1/webhooks/.well-known/public-key";

    AwsEmulators emulators;

    @Inject
    OrganizationSigningKeys signingKeys;

    @Inject
    SigningKeyRepository repository;

    private final String org = "org-" + UUID.randomUUID();

    private static ValidatableResponse publicKey(String organizationId) {
        return given().queryParam("orgId", organizationId).when().get(PUBLIC_KEY).then();
    }

    private static String pem(String organizationId) {
        return publicKey(organizationId).statusCode(200).extract().path("public_key");
    }

    private static PublicKey parse(String pem) throws Exception {
        String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
                .decode(base64)));
    }

    private Map<String, AttributeValue> storedItem(String organizationId) {
        try (DynamoDbClient dynamo = emulators.dynamoClient()) {
            return dynamo.getItem(get -> get.tableName(Tables.SIGNING_KEYS_DEFAULT_NAME)
                    .key(Map.of(Tables.SigningKeys.ORGANIZATION_ID, AttributeValue.fromS(organizationId)))
                    .consistentRead(true)).item();
        }
    }

    /** The organization's first config makes its key, as a client would. */
    private void firstConfig(String organizationId) {
        ConfigRequests.create(organizationId, ConfigRequests.basicConfig("https://partner.example.com/hooks"));
    }

    @Test
    void anOrganizationWithoutAKeyIs404AndNothingIsMadeOrStored() {
        publicKey(org).statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("first config"));

        assertThat(storedItem(org)).as("an anonymous request writes nothing").isEmpty();
    }

    @Test
    void answersAPemEd25519KeyWithoutAToken() throws Exception {
        firstConfig(org);
        String pem = publicKey(org)
                .statusCode(200)
                .contentType("application/json")
                .body("algorithm", equalTo("ed25519"))
                .body("issuer", equalTo("webhooks"))
                .extract().path("public_key");

        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        PublicKey key = parse(pem);
        assertThat(key.getAlgorithm()).isIn("Ed25519", "EdDSA");
        // It is the key the organization's deliveries are signed with.
        byte[] content = "msg_1.1796000000.{}".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(signingKeys.privateKey(org));
        signer.update(content);
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(content);
        assertThat(verifier.verify(signer.sign())).isTrue();
    }

    @Test
    void theKeyIsMadeWithTheFirstConfigAndStaysTheSame() throws Exception {
        assertThat(storedItem(org)).isEmpty();
        firstConfig(org);
        firstConfig(org);

        String first = pem(org);
        String second = pem(org);

        assertThat(second).isEqualTo(first);
        Map<String, AttributeValue> item = storedItem(org);
        assertThat(Base64.getDecoder().decode(item.get(Tables.SigningKeys.PUBLIC_KEY).s()))
                .isEqualTo(parse(first).getEncoded());
        assertThat(item).containsKey(Tables.SigningKeys.CREATED_AT);
    }

    @Test
    void eachOrganizationHasItsOwnKey() {
        String other = "org-" + UUID.randomUUID();
        firstConfig(org);
        firstConfig(other);

        assertThat(pem(org)).isNotEqualTo(pem(other));
    }

    @Test
    void concurrentFirstUsesAgreeOnOneStoredKey() throws Exception {
        // Straight to the repository, past the cache: every thread may miss and race to make the key.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<KeyPair>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> repository.findOrCreate(org));
            }
            List<byte[]> keys = new ArrayList<>();
            for (Future<KeyPair> result : pool.invokeAll(calls)) {
                keys.add(result.get().getPublic().getEncoded());
            }
            byte[] stored = Base64.getDecoder().decode(storedItem(org).get(Tables.SigningKeys.PUBLIC_KEY).s());
            assertThat(keys).allSatisfy(key -> assertThat(key).isEqualTo(stored));
            assertThat(parse(pem(org)).getEncoded()).isEqualTo(stored);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theStoredItemHoldsNoPlaintextPrivateKey() {
        firstConfig(org);
        byte[] pkcs8 = signingKeys.privateKey(org).getEncoded();
        // PKCS#8 of Ed25519: 16 bytes of header, then the 32-byte seed that is the private key itself.
        byte[] seed = java.util.Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);

        Map<String, AttributeValue> item = storedItem(org);

        String raw = item.toString();
        assertThat(raw).doesNotContain(Base64.getEncoder().encodeToString(pkcs8))
                .doesNotContain(Base64.getEncoder().encodeToString(seed))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(seed))
                .doesNotContain(java.util.HexFormat.of().formatHex(seed));
        assertThat(item.get(Tables.SigningKeys.PRIVATE_KEY).s()).startsWith("v1:");
    }

    @Test
    void theResponseHoldsNoPrivateKey() {
        firstConfig(org);
        String body = publicKey(org).statusCode(200).extract().asString();
        byte[] pkcs8 = signingKeys.privateKey(org).getEncoded();

        assertThat(body).doesNotContain(Base64.getEncoder().encodeToString(pkcs8)).doesNotContain("PRIVATE")
                .doesNotContain("private");
    }

    @Test
    void anOrgIdIsRequired() {
        given().when().get(PUBLIC_KEY).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("orgId"))
                .body("message", containsString("orgId"));
        publicKey("  ").statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("orgId"));
    }

    @Test
    void anOrgIdLongerThan128CharactersIsRefused() {
        publicKey("o".repeat(129)).statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("orgId"))
                .body("errors[0].reason", containsString("128"));
        publicKey("o".repeat(128)).statusCode(404);
    }
}
