package com.leadpipe.store;

import static com.leadpipe.store.StoreSamples.TABLE;
import static com.leadpipe.store.StoreSamples.s;
import static com.leadpipe.store.StoreSamples.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.testing.SdkRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** The store boundary: what each SDK failure becomes, and how reads page and retry. */
class DynamoTableTest {

    static final TransactWriteItemsRequest TRANSACTION = TransactWriteItemsRequest.builder().build();
    static final PutItemRequest PUT = PutItemRequest.builder().tableName(TABLE).item(Map.of("PK", s("x"))).build();

    static TransactionCanceledException cancelled(String... codes) {
        List<CancellationReason> reasons = new ArrayList<>();
        for (String code : codes) {
            reasons.add(CancellationReason.builder().code(code).build());
        }
        TransactionCanceledException.Builder e = TransactionCanceledException.builder().message("cancelled");
        if (codes.length > 0) {
            e.cancellationReasons(reasons);
        }
        return (TransactionCanceledException) e.build();
    }

    static DynamoTable failing(RuntimeException failure) {
        Function<Object, Object> fail = r -> {
            throw failure;
        };
        return table(Map.of("transactWriteItems", fail, "putItem", fail, "updateItem", fail, "deleteItem", fail,
                "getItem", fail, "query", fail, "batchGetItem", fail));
    }

    @Test
    void aTransactionThatLostARaceIsAConflictAnythingElseAStoreFailure() {
        for (TransactionCanceledException race : List.of(cancelled("None", "ConditionalCheckFailed"),
                cancelled("TransactionConflict", "None"), cancelled())) {
            assertThatThrownBy(() -> failing(race).transact(TRANSACTION, "confirm lead"))
                    .isInstanceOf(ConflictException.class).hasMessage("confirm lead: a condition no longer holds")
                    .hasCause(race);
        }
        TransactionCanceledException invalid = cancelled("ValidationError");
        assertThatThrownBy(() -> failing(invalid).transact(TRANSACTION, "confirm lead"))
                .isInstanceOf(StoreException.class).hasMessage("confirm lead failed").hasCause(invalid);
        DynamoDbException down = (DynamoDbException) DynamoDbException.builder().message("down").statusCode(500).build();
        assertThatThrownBy(() -> failing(down).transact(TRANSACTION, "confirm lead"))
                .isInstanceOf(StoreException.class).hasCause(down);
    }

    @Test
    void aConditionalTransactionReportsAFailedConditionAsFalse() {
        assertThat(table().transactIf(TRANSACTION, "cannot record mail state")).isTrue();
        assertThat(failing(cancelled("ConditionalCheckFailed")).transactIf(TRANSACTION, "cannot record mail state"))
                .isFalse();
        // A parallel transaction is no answer about the condition: it fails.
        assertThatThrownBy(() -> failing(cancelled("TransactionConflict")).transactIf(TRANSACTION, "cannot record mail state"))
                .isInstanceOf(StoreException.class).hasMessage("cannot record mail state");
        assertThatThrownBy(() -> failing(cancelled()).transactIf(TRANSACTION, "cannot record mail state"))
                .isInstanceOf(StoreException.class);
    }

    @Test
    void anUnconditionalTransactionFailsWithAStoreExceptionWhateverHappened() {
        assertThatThrownBy(() -> failing(cancelled("TransactionConflict")).transactOrFail(TRANSACTION, "record skipped step"))
                .isInstanceOf(StoreException.class).hasMessage("record skipped step was cancelled");
        assertThatThrownBy(() -> failing(DynamoDbException.builder().message("x").build())
                .transactOrFail(TRANSACTION, "record skipped step"))
                .isInstanceOf(StoreException.class).hasMessage("record skipped step failed");
    }

    @Test
    void singleWritesMapAFailedConditionAsAsked() {
        ConditionalCheckFailedException condition = ConditionalCheckFailedException.builder().message("no").build();

        assertThat(failing(condition).writeIf(PUT, "cannot claim")).isEmpty();
        assertThat(table().writeIf(PUT, "cannot claim")).isPresent();
        assertThatThrownBy(() -> failing(condition).write(PUT, "cannot store token"))
                .isInstanceOf(StoreException.class).hasMessage("cannot store token").hasCause(condition);
        assertThatThrownBy(() -> failing(condition).writeOrConflict(PUT, "cannot save", "pending signup changed"))
                .isInstanceOf(ConflictException.class).hasMessage("pending signup changed").hasCause(condition);
        DynamoDbException throttled = (DynamoDbException) DynamoDbException.builder().message("slow").statusCode(400).build();
        assertThatThrownBy(() -> failing(throttled).writeIf(PUT, "cannot claim"))
                .isInstanceOf(StoreException.class).hasMessage("cannot claim").hasCause(throttled);
        assertThatThrownBy(() -> table().write(QueryRequest.builder().build(), "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingItemIsEmptyAndAReadFailureAStoreException() {
        DynamoTable empty = table(Map.of("getItem", r -> GetItemResponse.builder().build()));

        assertThat(empty.get(ItemCodec.tokenKey("h"))).isEmpty();
        assertThatThrownBy(() -> failing(DynamoDbException.builder().message("x").build()).get(ItemCodec.tokenKey("h")))
                .isInstanceOf(StoreException.class).hasMessage("cannot read item");
    }

    @Test
    void batchGetAsksAgainForUnprocessedKeysAndFailsIfTheyStayUnprocessed() {
        List<Map<String, AttributeValue>> keys = List.of(ItemCodec.leadKey("demo", "k"), ItemCodec.pendingKey("demo", "k"));
        DynamoTable partial = table(Map.of("batchGetItem", recorded -> {
            List<Map<String, AttributeValue>> asked = SdkRequests.of(recorded, BatchGetItemRequest::builder)
                    .requestItems().get(TABLE).keys();
            // the first answer holds the first key only; the rest comes on asking again
            return BatchGetItemResponse.builder().responses(Map.of(TABLE, List.of(asked.get(0))))
                    .unprocessedKeys(asked.size() > 1 ? Map.of(TABLE, KeysAndAttributes.builder()
                            .keys(asked.subList(1, asked.size())).consistentRead(true).build()) : Map.of())
                    .build();
        }));
        DynamoTable stuck = table(Map.of("batchGetItem", recorded -> BatchGetItemResponse.builder()
                .unprocessedKeys(SdkRequests.of(recorded, BatchGetItemRequest::builder).requestItems()).build()));

        assertThat(partial.batchGet(keys, "cannot read subscriber state")).containsExactlyElementsOf(keys);
        assertThatThrownBy(() -> stuck.batchGet(keys, "cannot read subscriber state"))
                .isInstanceOf(StoreException.class).hasMessage("cannot read subscriber state: keys left unprocessed");
    }

    @Test
    void queriesReadEveryPageOrStopAtTheLimitAskingForNoMoreThanIsMissing() {
        List<Integer> asked = new ArrayList<>();
        DynamoTable threePages = table(Map.of("query", recorded -> {
            QueryRequest request = SdkRequests.of(recorded, QueryRequest::builder);
            asked.add(request.limit());
            int page = request.hasExclusiveStartKey() ? Integer.parseInt(request.exclusiveStartKey().get("SK").s()) : 0;
            return QueryResponse.builder().items(List.of(Map.of("SK", s("item" + page))))
                    .lastEvaluatedKey(page < 2 ? Map.of("PK", s("p"), "SK", s(String.valueOf(page + 1))) : Map.of())
                    .build();
        }));
        QueryRequest query = QueryRequest.builder().tableName(TABLE).build();

        assertThat(threePages.query(query, 0, "cannot read ledger")).extracting(i -> i.get("SK").s())
                .containsExactly("item0", "item1", "item2");
        assertThat(asked).containsOnlyNulls();
        asked.clear();
        assertThat(threePages.query(query, 2, "cannot query due leads")).hasSize(2);
        assertThat(asked).containsExactly(2, 1);
        assertThatThrownBy(() -> failing(DynamoDbException.builder().message("x").build()).query(query, 0, "cannot read ledger"))
                .isInstanceOf(StoreException.class).hasMessage("cannot read ledger");
    }
}
