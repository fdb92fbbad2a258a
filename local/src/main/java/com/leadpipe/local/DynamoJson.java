package com.leadpipe.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items as DynamoDB JSON, the shape {@code aws dynamodb scan} prints ({@code {"email": {"S": "a@b"}}},
 * binary as base64), for the runner's table snapshot. Attribute names are written sorted, so an
 * unchanged table gives the same bytes.
 */
final class DynamoJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DynamoJson() {
    }

    static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode node = NODES.objectNode();
        new TreeMap<>(item).forEach((name, value) -> node.set(name, value(value)));
        return node;
    }

    static Map<String, AttributeValue> item(JsonNode node) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        node.properties().forEach(e -> item.put(e.getKey(), value(e.getValue())));
        return item;
    }

    private static ObjectNode value(AttributeValue v) {
        ObjectNode node = NODES.objectNode();
        switch (v.type()) {
            case S -> node.put("S", v.s());
            case N -> node.put("N", v.n());
            case B -> node.put("B", base64(v.b()));
            case BOOL -> node.put("BOOL", v.bool());
            case NUL -> node.put("NULL", true);
            case M -> node.set("M", item(v.m()));
            case L -> {
                ArrayNode list = node.putArray("L");
                v.l().forEach(e -> list.add(value(e)));
            }
            case SS -> v.ss().forEach(node.putArray("SS")::add);
            case NS -> v.ns().forEach(node.putArray("NS")::add);
            case BS -> {
                ArrayNode set = node.putArray("BS");
                v.bs().forEach(b -> set.add(base64(b)));
            }
            default -> throw new IllegalArgumentException("attribute type " + v.type() + " is not supported");
        }
        return node;
    }

    private static AttributeValue value(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException("not a DynamoDB JSON value: " + node);
        }
        Map.Entry<String, JsonNode> typed = node.properties().iterator().next();
        JsonNode v = typed.getValue();
        return switch (typed.getKey()) {
            case "S" -> AttributeValue.fromS(v.asText());
            case "N" -> AttributeValue.fromN(v.asText());
            case "B" -> AttributeValue.fromB(bytes(v.asText()));
            case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "M" -> AttributeValue.fromM(item(v));
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                v.forEach(e -> list.add(value(e)));
                yield AttributeValue.fromL(list);
            }
            case "SS" -> AttributeValue.fromSs(texts(v));
            case "NS" -> AttributeValue.fromNs(texts(v));
            case "BS" -> AttributeValue.fromBs(texts(v).stream().map(DynamoJson::bytes).toList());
            default -> throw new IllegalArgumentException("unknown DynamoDB JSON type " + typed.getKey());
        };
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(e -> texts.add(e.asText()));
        return texts;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
    }

    private static SdkBytes bytes(String base64) {
        return SdkBytes.fromByteArray(Base64.getDecoder().decode(base64));
    }
}
