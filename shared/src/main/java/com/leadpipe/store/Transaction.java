package com.leadpipe.store;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * One TransactWriteItems, put together from the parts the repositories of a composite operation
 * contribute (a lead's Update, a token's Put, a ledger event's Put...): DynamoDB applies all of
 * them or none. Parts are sent in the order they were added. Committed through {@link DynamoTable},
 * which maps what can go wrong.
 */
final class Transaction {

    private final DynamoTable table;
    private final List<TransactWriteItem> items = new ArrayList<>();

    Transaction(DynamoTable table) {
        this.table = table;
    }

    Transaction put(Put put) {
        items.add(TransactWriteItem.builder().put(put).build());
        return this;
    }

    Transaction update(Update update) {
        items.add(TransactWriteItem.builder().update(update).build());
        return this;
    }

    Transaction delete(Delete delete) {
        items.add(TransactWriteItem.builder().delete(delete).build());
        return this;
    }

    /** A condition on an item the transaction does not write. */
    Transaction check(ConditionCheck check) {
        items.add(TransactWriteItem.builder().conditionCheck(check).build());
        return this;
    }

    /**
     * With a client request token of its own: the SDK re-sends a transaction whose answer was lost
     * (a timeout, a broken connection) with the same token, and DynamoDB then answers the first
     * outcome instead of applying it again or failing its conditions on its own earlier write.
     * moto ignores the token (README, "Reliability"); our own retries re-read and decide again.
     */
    TransactWriteItemsRequest request() {
        return TransactWriteItemsRequest.builder().transactItems(items)
                .clientRequestToken(UUID.randomUUID().toString()).build();
    }

    /** @throws ConflictException when a condition failed or a parallel write won: re-read and decide again */
    void commit(String what) throws ConflictException {
        table.transact(request(), what);
    }

    /** @return false when a condition failed and nothing was written */
    boolean commitIfConditionsHold(String failure) {
        return table.transactIf(request(), failure);
    }

    /** For parts without conditions: any failure is a {@link StoreException}. */
    void commitOrFail(String what) {
        table.transactOrFail(request(), what);
    }
}
