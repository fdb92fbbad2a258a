package com.leadpipe.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoJsonTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyAttributeTypeSurvivesTheRoundTrip() throws Exception {
        // GIVEN an item with every DynamoDB type, nested
        Map<String, AttributeValue> item = Map.of(
                "s", AttributeValue.fromS("Grüße"),
                "n", AttributeValue.fromN("-12.50"),
                "b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, (byte) 255})),
                "bool", AttributeValue.fromBool(false),
                "null", AttributeValue.fromNul(true),
                "m", AttributeValue.fromM(Map.of("inner", AttributeValue.fromL(List.of(AttributeValue.fromS("x"),
                        AttributeValue.fromN("1"))))),
                "ss", AttributeValue.fromSs(List.of("a", "b")),
                "ns", AttributeValue.fromNs(List.of("1", "2.5")),
                "bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("z"))));

        // WHEN written as text and read back
        String text = JSON.writeValueAsString(DynamoJson.item(item));
        Map<String, AttributeValue> read = DynamoJson.item(JSON.readTree(text));

        // THEN it is the same item, in the shape `aws dynamodb scan` prints, names sorted
        assertThat(read).isEqualTo(item);
        assertThat(text).startsWith("{\"b\":{\"B\":\"AP8=\"},\"bool\":{\"BOOL\":false},\"bs\":{\"BS\":[\"eg==\"]},")
                .contains("\"n\":{\"N\":\"-12.50\"}", "\"null\":{\"NULL\":true}", "\"ss\":{\"SS\":[\"a\",\"b\"]}");
    }
}
