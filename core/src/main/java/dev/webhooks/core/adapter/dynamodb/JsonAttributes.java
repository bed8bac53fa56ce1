package dev.webhooks.core.adapter.dynamodb;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts JSON documents to DynamoDB maps and back, type for type (string S, number N, boolean BOOL, null NUL, array
 * L, object M), so stored documents stay readable and queryable in the console instead of being opaque strings.
 */
public final class JsonAttributes {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private JsonAttributes() {
    }

    public static AttributeValue toAttribute(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return AttributeValue.fromNul(true);
        }
        if (node.isTextual()) {
            return AttributeValue.fromS(node.textValue());
        }
        if (node.isNumber()) {
            return AttributeValue.fromN(node.decimalValue().toPlainString());
        }
        if (node.isBoolean()) {
            return AttributeValue.fromBool(node.booleanValue());
        }
        if (node.isArray()) {
            List<AttributeValue> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(toAttribute(element)));
            return AttributeValue.fromL(list);
        }
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> map.put(field.getKey(), toAttribute(field.getValue())));
        return AttributeValue.fromM(map);
    }

    public static JsonNode toJson(AttributeValue value) {
        if (value.s() != null) {
            return JSON.textNode(value.s());
        }
        if (value.n() != null) {
            BigDecimal number = new BigDecimal(value.n());
            return number.scale() <= 0 && number.precision() - number.scale() <= 18
                    ? JSON.numberNode(number.longValueExact())
                    : JSON.numberNode(number);
        }
        if (value.bool() != null) {
            return JSON.booleanNode(value.bool());
        }
        if (value.hasL()) {
            ArrayNode array = JSON.arrayNode();
            value.l().forEach(element -> array.add(toJson(element)));
            return array;
        }
        if (value.hasM()) {
            return toJson(value.m());
        }
        return JSON.nullNode();
    }

    public static ObjectNode toJson(Map<String, AttributeValue> map) {
        ObjectNode object = JSON.objectNode();
        map.forEach((key, element) -> object.set(key, toJson(element)));
        return object;
    }
}
