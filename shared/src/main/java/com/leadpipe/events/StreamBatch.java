package com.leadpipe.events;

import com.leadpipe.json.JsonTree;
import com.leadpipe.queue.SqsBatch;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Lambda's DynamoDB stream event, read as the wire JSON (as {@link SqsBatch} reads SQS's: the
 * runtime's own {@code DynamodbEvent} needs joda-time, which no artifact ships), and its
 * partial-batch response, whose item identifier is a record's {@code SequenceNumber}.
 */
public final class StreamBatch {

    /** One change of one item: images in DynamoDB's attribute values; absent where the change has none. */
    public record Change(String eventId, String eventName, String sequenceNumber, Instant approximateTime,
                         Map<String, AttributeValue> keys, Optional<Map<String, AttributeValue>> oldImage,
                         Optional<Map<String, AttributeValue>> newImage) {
    }

    private StreamBatch() {
    }

    /** @throws IllegalArgumentException if the payload is not a DynamoDB stream event */
    public static List<Change> read(InputStream event) {
        return read(JsonTree.parse(event));
    }

    /** @throws IllegalArgumentException if {@code root} is not a DynamoDB stream event */
    public static List<Change> read(Object root) {
        if (!(root instanceof Map<?, ?> map) || !(map.get("Records") instanceof List<?>)) {
            throw new IllegalArgumentException("not a DynamoDB stream event: no Records");
        }
        List<Change> changes = new ArrayList<>();
        for (Object record : JsonTree.array(root, "Records")) {
            Map<String, Object> dynamodb = JsonTree.object(record, "dynamodb");
            String sequence = JsonTree.string(dynamodb, "SequenceNumber");
            if (sequence == null || sequence.isEmpty()) {
                throw new IllegalArgumentException("a stream record has no SequenceNumber");
            }
            Object created = dynamodb.get("ApproximateCreationDateTime");
            Instant at = created instanceof Number n ? Instant.ofEpochMilli((long) (n.doubleValue() * 1000)) : Instant.EPOCH;
            changes.add(new Change(JsonTree.string(record, "eventID"), JsonTree.string(record, "eventName"), sequence, at,
                    item(dynamodb.get("Keys")), image(dynamodb.get("OldImage")), image(dynamodb.get("NewImage"))));
        }
        return changes;
    }

    /** Names the first record not done: Lambda retries the batch from there, keeping the order per item. */
    public static void writeResponse(Optional<String> firstFailedSequence, OutputStream response) {
        SqsBatch.writeResponse(firstFailedSequence.map(List::of).orElse(List.of()), response);
    }

    private static Optional<Map<String, AttributeValue>> image(Object json) {
        return json == null ? Optional.empty() : Optional.of(item(json));
    }

    private static Map<String, AttributeValue> item(Object json) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        if (json instanceof Map<?, ?> map) {
            map.forEach((name, value) -> item.put(String.valueOf(name), value(value)));
        }
        return item;
    }

    /** DynamoDB JSON ({@code {"S":"x"}}, {@code {"M":{…}}}…) to an attribute value. */
    static AttributeValue value(Object json) {
        if (!(json instanceof Map<?, ?> typed) || typed.size() != 1) {
            throw new IllegalArgumentException("not a DynamoDB JSON value");
        }
        Map.Entry<?, ?> e = typed.entrySet().iterator().next();
        Object v = e.getValue();
        return switch (String.valueOf(e.getKey())) {
            case "S" -> AttributeValue.fromS(String.valueOf(v));
            case "N" -> AttributeValue.fromN(String.valueOf(v));
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(String.valueOf(v))));
            case "BOOL" -> AttributeValue.fromBool(Boolean.TRUE.equals(v));
            case "NULL" -> AttributeValue.fromNul(true);
            case "M" -> AttributeValue.fromM(item(v));
            case "L" -> AttributeValue.fromL(((List<?>) v).stream().map(StreamBatch::value).toList());
            case "SS" -> AttributeValue.fromSs(((List<?>) v).stream().map(String::valueOf).toList());
            case "NS" -> AttributeValue.fromNs(((List<?>) v).stream().map(String::valueOf).toList());
            case "BS" -> AttributeValue.fromBs(((List<?>) v).stream()
                    .map(b -> SdkBytes.fromByteArray(Base64.getDecoder().decode(String.valueOf(b)))).toList());
            default -> throw new IllegalArgumentException("unknown DynamoDB JSON type " + e.getKey());
        };
    }
}
