package dev.webhooks.core.adapter.dynamodb;

import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.webhooks.core.adapter.dynamodb.Tables.SigningKeys;
import dev.webhooks.core.delivery.Ed25519Signature;
import dev.webhooks.core.port.SecretCipher;
import dev.webhooks.core.port.SigningKeyRepository;
import dev.webhooks.core.settings.TableSettings;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Signing keys in DynamoDB, one small item per organization. A missing key is made here and stored with a conditional
 * put, so the first writer wins a race and the loser reads the winner's pair: an organization never signs with two
 * keys. The private key (PKCS#8) is encrypted with the secret cipher, bound to the organization as context.
 */
@ApplicationScoped
public class DynamoDbSigningKeyRepository implements SigningKeyRepository {

    private final DynamoDbClient dynamo;
    private final SecretCipher cipher;
    private final Clock clock;
    private final String table;

    public DynamoDbSigningKeyRepository(DynamoDbClient dynamo, SecretCipher cipher, Clock clock,
            TableSettings tables) {
        this.dynamo = dynamo;
        this.cipher = cipher;
        this.clock = clock;
        this.table = tables.signingKeys();
    }

    @Override
    public KeyPair findOrCreate(String organizationId) {
        Optional<KeyPair> stored = find(organizationId);
        if (stored.isPresent()) {
            return stored.get();
        }
        KeyPair created = Ed25519Signature.newKeyPair();
        try {
            dynamo.putItem(put -> put.tableName(table)
                    .item(toItem(organizationId, created))
                    .conditionExpression("attribute_not_exists(#org)")
                    .expressionAttributeNames(Map.of("#org", SigningKeys.ORGANIZATION_ID)));
            return created;
        } catch (ConditionalCheckFailedException lostRace) {
            return find(organizationId).orElseThrow(() -> new IllegalStateException(
                    "The signing key of organization " + organizationId + " exists but cannot be read"));
        }
    }

    @Override
    public Optional<PublicKey> findPublicKey(String organizationId) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table)
                .key(Map.of(SigningKeys.ORGANIZATION_ID, AttributeValue.fromS(organizationId)))
                .projectionExpression("#public")
                .expressionAttributeNames(Map.of("#public", SigningKeys.PUBLIC_KEY))).item();
        if (item == null || !item.containsKey(SigningKeys.PUBLIC_KEY)) {
            return Optional.empty();
        }
        return Optional.of(Ed25519Signature.publicKey(Base64.getDecoder().decode(item.get(SigningKeys.PUBLIC_KEY).s())));
    }

    private Optional<KeyPair> find(String organizationId) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table)
                .key(Map.of(SigningKeys.ORGANIZATION_ID, AttributeValue.fromS(organizationId)))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        byte[] publicKey = Base64.getDecoder().decode(item.get(SigningKeys.PUBLIC_KEY).s());
        byte[] privateKey = Base64.getDecoder().decode(
                cipher.decrypt(item.get(SigningKeys.PRIVATE_KEY).s(), context(organizationId)));
        return Optional.of(new KeyPair(Ed25519Signature.publicKey(publicKey), Ed25519Signature.privateKey(privateKey)));
    }

    private Map<String, AttributeValue> toItem(String organizationId, KeyPair pair) {
        String privateKey = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
        return Map.of(
                SigningKeys.ORGANIZATION_ID, AttributeValue.fromS(organizationId),
                SigningKeys.PUBLIC_KEY,
                AttributeValue.fromS(Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())),
                SigningKeys.PRIVATE_KEY, AttributeValue.fromS(cipher.encrypt(privateKey, context(organizationId))),
                SigningKeys.CREATED_AT, AttributeValue.fromS(clock.instant().toString()));
    }

    /** Binds the ciphertext to its organization: copied into another organization's item, it does not decrypt. */
    private static String context(String organizationId) {
        return "signing-key/" + organizationId;
    }
}
