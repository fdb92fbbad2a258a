package com.leadpipe.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * What code under unit test asked a {@link RecordingClient} DynamoDB to change, whichever operation
 * it used (PutItem, UpdateItem, DeleteItem or a part of TransactWriteItems): the writes, by item,
 * in the order asked. For asserting what a handler stores (or that it stores nothing), not how.
 */
public final class TableWrites {

    /**
     * One item written.
     *
     * @param kind       put, update or delete (or check: a transaction's condition on an item)
     * @param item       a put's whole item; an update's expression attribute values; empty otherwise
     * @param expression an update's update expression; null otherwise
     */
    public record Write(String kind, String table, String pk, String sk, Map<String, AttributeValue> item,
                        String expression) {
    }

    private TableWrites() {
    }

    public static List<Write> of(RecordingClient<DynamoDbClient> dynamo) {
        List<Write> writes = new ArrayList<>();
        for (RecordingClient.Call call : dynamo.calls()) {
            switch (call.operation()) {
                case "putItem" -> {
                    PutItemRequest put = SdkRequests.of(call.request(), PutItemRequest::builder);
                    writes.add(new Write("put", put.tableName(), s(put.item(), "PK"), s(put.item(), "SK"), put.item(), null));
                }
                case "updateItem" -> {
                    UpdateItemRequest update = SdkRequests.of(call.request(), UpdateItemRequest::builder);
                    writes.add(new Write("update", update.tableName(), s(update.key(), "PK"), s(update.key(), "SK"),
                            update.expressionAttributeValues(), update.updateExpression()));
                }
                case "deleteItem" -> {
                    DeleteItemRequest delete = SdkRequests.of(call.request(), DeleteItemRequest::builder);
                    writes.add(new Write("delete", delete.tableName(), s(delete.key(), "PK"), s(delete.key(), "SK"), Map.of(), null));
                }
                case "transactWriteItems" -> {
                    for (TransactWriteItem part : SdkRequests.of(call.request(), TransactWriteItemsRequest::builder)
                            .transactItems()) {
                        writes.add(part(part));
                    }
                }
                default -> { }
            }
        }
        return writes;
    }

    /** The items written whose sort key starts with {@code skPrefix} ("PENDING", "EVENT#"...). */
    public static List<Write> to(RecordingClient<DynamoDbClient> dynamo, String skPrefix) {
        List<Write> matching = new ArrayList<>();
        for (Write write : of(dynamo)) {
            if (write.sk() != null && write.sk().startsWith(skPrefix)) {
                matching.add(write);
            }
        }
        return matching;
    }

    private static Write part(TransactWriteItem part) {
        if (part.put() != null) {
            return new Write("put", part.put().tableName(), s(part.put().item(), "PK"), s(part.put().item(), "SK"), part.put().item(), null);
        }
        if (part.update() != null) {
            return new Write("update", part.update().tableName(), s(part.update().key(), "PK"), s(part.update().key(), "SK"),
                    part.update().expressionAttributeValues(), part.update().updateExpression());
        }
        if (part.delete() != null) {
            return new Write("delete", part.delete().tableName(), s(part.delete().key(), "PK"), s(part.delete().key(), "SK"), Map.of(), null);
        }
        return new Write("check", part.conditionCheck().tableName(), s(part.conditionCheck().key(), "PK"), s(part.conditionCheck().key(), "SK"), Map.of(),
                null);
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
