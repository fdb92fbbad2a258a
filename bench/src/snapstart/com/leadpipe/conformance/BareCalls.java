package com.leadpipe.conformance;

import com.leadpipe.store.LeadpipeTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The SDK calls one request of a function made (as {@link Relay} saw them), made again with bare SDK
 * clients: same operation, same number of keys or transaction parts, about the same body size, on
 * fresh keys so every write succeeds as the function's did. No domain logic, no Lambda runtime: the
 * floor a request of that function cannot go under with these services.
 */
final class BareCalls {

    private final DynamoDbClient dynamo;
    private final SesV2Client ses;
    private final String table;
    private final String sender;
    private final List<Map<String, AttributeValue>> seeded = new ArrayList<>();
    /** Keys written by the last {@link #run}, removed by {@link #cleanUp}. */
    private final List<Map<String, AttributeValue>> written = new ArrayList<>();

    BareCalls(DynamoDbClient dynamo, SesV2Client ses, String table, String sender) {
        this.dynamo = dynamo;
        this.ses = ses;
        this.table = table;
        this.sender = sender;
        for (int i = 0; i < 8; i++) { // items the reads find, as the function's reads find theirs
            Map<String, AttributeValue> item = item("bench-seed-" + i, 400);
            dynamo.putItem(r -> r.tableName(table).item(item));
            seeded.add(key(item));
        }
    }

    /** Whether every call of the list is one this class can make again. */
    static boolean supported(List<Relay.Call> calls) {
        for (Relay.Call c : calls) {
            if (!List.of("DynamoDB.GetItem", "DynamoDB.BatchGetItem", "DynamoDB.TransactWriteItems", "DynamoDB.UpdateItem",
                    "DynamoDB.PutItem", "DynamoDB.DeleteItem", "DynamoDB.Query", "SESv2.SendEmail").contains(c.operation())) {
                return false;
            }
        }
        return true;
    }

    /** Makes the calls once, in order. */
    void run(List<Relay.Call> calls) {
        for (Relay.Call c : calls) {
            switch (c.operation()) {
                case "DynamoDB.GetItem" -> dynamo.getItem(r -> r.tableName(table).key(seeded.get(0)).consistentRead(true));
                case "DynamoDB.BatchGetItem" -> dynamo.batchGetItem(r -> r.requestItems(Map.of(table,
                        KeysAndAttributes.builder().keys(seeded.subList(0, Math.min(c.items(), seeded.size())))
                                .consistentRead(true).build())));
                case "DynamoDB.TransactWriteItems" -> {
                    List<TransactWriteItem> parts = new ArrayList<>();
                    for (int i = 0; i < c.items(); i++) {
                        Map<String, AttributeValue> item = item(fresh(), c.bytes() / Math.max(1, c.items()));
                        // No condition: an SDK retry after a read timeout (moto under load) must not fail.
                        parts.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build())
                                .build());
                    }
                    dynamo.transactWriteItems(r -> r.transactItems(parts));
                }
                case "DynamoDB.UpdateItem" -> dynamo.updateItem(r -> r.tableName(table).key(key(item(fresh(), 0)))
                        .updateExpression("SET #d = :d").expressionAttributeNames(Map.of("#d", "data"))
                        .expressionAttributeValues(Map.of(":d", AttributeValue.fromS(padding(c.bytes() / 2)))));
                case "DynamoDB.PutItem" -> dynamo.putItem(r -> r.tableName(table).item(item(fresh(), c.bytes())));
                case "DynamoDB.DeleteItem" -> dynamo.deleteItem(r -> r.tableName(table).key(key(item(fresh(), 0))));
                case "DynamoDB.Query" -> dynamo.query(r -> r.tableName(table).keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", LeadpipeTable.PK))
                        .expressionAttributeValues(Map.of(":pk", seeded.get(0).get(LeadpipeTable.PK))));
                case "SESv2.SendEmail" -> sendEmail(c.bytes());
                default -> throw new IllegalStateException("no bare call for " + c.operation());
            }
        }
    }

    /** Raw MIME as the function sends it (its request body is the message in base64 plus a little JSON). */
    private void sendEmail(int requestBytes) {
        String to = "bare-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String mime = "From: " + sender + "\r\nTo: " + to + "\r\nSubject: bench\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + padding(Math.max(100, requestBytes * 3 / 4 - 300));
        ses.sendEmail(r -> r.fromEmailAddress(sender).destination(d -> d.toAddresses(to))
                .content(c -> c.raw(raw -> raw.data(SdkBytes.fromString(mime, StandardCharsets.UTF_8)))));
    }

    /**
     * Deletes what the last run wrote (untimed). moto deep-copies the whole table for each part of a
     * TransactWriteItems, so its cost grows with the table: the bare calls must not grow it more than
     * the function's own requests do.
     */
    void cleanUp() {
        for (int from = 0; from < written.size(); from += 25) {
            List<WriteRequest> deletes = new ArrayList<>();
            for (Map<String, AttributeValue> key : written.subList(from, Math.min(written.size(), from + 25))) {
                deletes.add(WriteRequest.builder().deleteRequest(d -> d.key(key)).build());
            }
            dynamo.batchWriteItem(r -> r.requestItems(Map.of(table, deletes)));
        }
        written.clear();
    }

    private String fresh() {
        String pk = "bench-bare-" + UUID.randomUUID();
        written.add(Map.of(LeadpipeTable.PK, AttributeValue.fromS(pk), LeadpipeTable.SK, AttributeValue.fromS("BENCH")));
        return pk;
    }

    private static Map<String, AttributeValue> item(String pk, int bytes) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(LeadpipeTable.PK, AttributeValue.fromS(pk));
        item.put(LeadpipeTable.SK, AttributeValue.fromS("BENCH"));
        if (bytes > 120) {
            item.put("data", AttributeValue.fromS(padding((bytes - 120) / 2))); // JSON framing about doubles it
        }
        return item;
    }

    private static Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
        return Map.of(LeadpipeTable.PK, item.get(LeadpipeTable.PK), LeadpipeTable.SK, item.get(LeadpipeTable.SK));
    }

    private static String padding(int length) {
        return "x".repeat(Math.max(1, length));
    }
}
