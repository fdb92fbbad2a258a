package com.leadpipe.testing;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A table's DynamoDB stream read through the Streams API, as Lambda's event source mapping reads
 * it, handed out as Lambda's wire JSON ({@code {"Records":[…]}}). After a batch, {@link #done}
 * moves on past what the function finished: to just before the first failed record, which then
 * comes again (Lambda's rule with {@code ReportBatchItemFailures}), keeping the order per item.
 *
 * <p>The position is a sequence number and each read asks for a fresh iterator after it: moto
 * undoes a cancelled transaction by swapping in a copy of the table, and an iterator kept across
 * that swap would read the old copy's stream forever.
 */
public final class TableStream {

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final String eventSourceArn;
    private final Map<String, String> positions = new LinkedHashMap<>();

    private TableStream(DynamoDbStreamsClient streams, String streamArn) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.eventSourceArn = streamArn;
    }

    /** From the stream's start (a test's own fresh table). */
    public static TableStream fromStart(DynamoDbClient dynamo, DynamoDbStreamsClient streams, String table) {
        String arn = dynamo.describeTable(r -> r.tableName(table)).table().latestStreamArn();
        if (arn == null) {
            throw new IllegalStateException("table " + table + " has no stream: LeadpipeTable.createTableRequest enables one");
        }
        return new TableStream(streams, arn);
    }

    /** From now on: what is in the stream already is skipped (a runner that reloaded its tables). */
    public static TableStream fromNow(DynamoDbClient dynamo, DynamoDbStreamsClient streams, String table) {
        TableStream stream = fromStart(dynamo, streams, table);
        List<Map<String, Object>> old;
        while (!(old = stream.next(1000)).isEmpty()) {
            stream.done(old, Optional.empty());
        }
        return stream;
    }

    /** The next records after the position (none: empty), at most {@code limit}, as Lambda's records. */
    public List<Map<String, Object>> next(int limit) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (Shard shard : streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards()) {
            String after = positions.get(shard.shardId());
            String iterator = streams.getShardIterator(r -> {
                r.streamArn(streamArn).shardId(shard.shardId());
                if (after == null) {
                    r.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                } else {
                    r.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(after);
                }
            }).shardIterator();
            for (Record record : streams.getRecords(r -> r.shardIterator(iterator).limit(limit - records.size())).records()) {
                records.add(lambdaRecord(record, shard.shardId()));
            }
            if (records.size() >= limit) {
                break;
            }
        }
        return records;
    }

    /** Lambda's event for these records. */
    public static Map<String, Object> event(List<Map<String, Object>> records) {
        List<Map<String, Object>> wire = new ArrayList<>();
        for (Map<String, Object> r : records) {
            Map<String, Object> copy = new LinkedHashMap<>(r);
            copy.remove("shard");
            wire.add(copy);
        }
        return Map.of("Records", wire);
    }

    /** Past every record of the batch, or up to (not including) the first that failed. */
    public void done(List<Map<String, Object>> records, Optional<String> firstFailedSequence) {
        for (Map<String, Object> r : records) {
            @SuppressWarnings("unchecked")
            String sequence = (String) ((Map<String, Object>) r.get("dynamodb")).get("SequenceNumber");
            if (firstFailedSequence.isPresent() && firstFailedSequence.get().equals(sequence)) {
                return;
            }
            positions.put((String) r.get("shard"), sequence);
        }
    }

    private Map<String, Object> lambdaRecord(Record record, String shardId) {
        Map<String, Object> dynamodb = new LinkedHashMap<>();
        var change = record.dynamodb();
        dynamodb.put("ApproximateCreationDateTime", change.approximateCreationDateTime() == null ? 0
                : change.approximateCreationDateTime().getEpochSecond());
        dynamodb.put("Keys", json(change.keys()));
        if (change.hasNewImage()) {
            dynamodb.put("NewImage", json(change.newImage()));
        }
        if (change.hasOldImage()) {
            dynamodb.put("OldImage", json(change.oldImage()));
        }
        dynamodb.put("SequenceNumber", change.sequenceNumber());
        dynamodb.put("SizeBytes", change.sizeBytes() == null ? 0 : change.sizeBytes());
        dynamodb.put("StreamViewType", change.streamViewTypeAsString());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("eventID", record.eventID());
        out.put("eventName", record.eventNameAsString());
        out.put("eventVersion", "1.1");
        out.put("eventSource", "aws:dynamodb");
        out.put("awsRegion", record.awsRegion());
        out.put("dynamodb", dynamodb);
        out.put("eventSourceARN", eventSourceArn);
        out.put("shard", shardId);
        return out;
    }

    /** DynamoDB JSON, as Lambda writes images ({@code {"S":"x"}}, {@code {"M":{…}}}…). */
    public static Map<String, Object> json(Map<String, AttributeValue> item) {
        Map<String, Object> out = new LinkedHashMap<>();
        item.forEach((name, value) -> out.put(name, json(value)));
        return out;
    }

    private static Map<String, Object> json(AttributeValue v) {
        return switch (v.type()) {
            case S -> Map.of("S", v.s());
            case N -> Map.of("N", v.n());
            case B -> Map.of("B", Base64.getEncoder().encodeToString(v.b().asByteArray()));
            case BOOL -> Map.of("BOOL", v.bool());
            case NUL -> Map.of("NULL", true);
            case M -> Map.of("M", json(v.m()));
            case L -> Map.of("L", v.l().stream().map(TableStream::json).toList());
            case SS -> Map.of("SS", v.ss());
            case NS -> Map.of("NS", v.ns());
            case BS -> Map.of("BS", v.bs().stream().map(b -> Base64.getEncoder().encodeToString(b.asByteArray())).toList());
            default -> throw new IllegalArgumentException("attribute type " + v.type());
        };
    }
}
