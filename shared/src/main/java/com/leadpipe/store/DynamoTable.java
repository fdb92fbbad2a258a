package com.leadpipe.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The store's one way to DynamoDB, and the one place SDK errors become the domain's: a condition
 * that no longer holds becomes what the caller asked for (false, nothing, or a
 * {@link ConflictException}: re-read and decide again), anything else a {@link StoreException}
 * (throttled, unavailable, misconfigured), with the SDK's exception as its cause (logs name it).
 * Repositories build the requests; this sends them.
 */
final class DynamoTable {

    /** BatchGetItem may hand back part of the keys under load: ask again for the rest, this often. */
    private static final int BATCH_GET_ATTEMPTS = 5;

    private final DynamoDbClient dynamo;
    private final String name;

    DynamoTable(DynamoDbClient dynamo, String name) {
        this.dynamo = dynamo;
        this.name = name;
    }

    String name() {
        return name;
    }

    /** A new, empty TransactWriteItems for this table's repositories to add their parts to. */
    Transaction transaction() {
        return new Transaction(this);
    }

    // ---- reads ----------------------------------------------------------------------------

    /** One item, strongly consistent. */
    Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key) {
        try {
            GetItemResponse response = dynamo.getItem(GetItemRequest.builder().tableName(name).key(key)
                    .consistentRead(true).build());
            return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
        } catch (SdkException e) {
            throw new StoreException("cannot read item", e);
        }
    }

    /** One item, strongly consistent, read back by its kind's decoder. */
    <T> Optional<T> find(Map<String, AttributeValue> key, ItemCodec.Decoder<T> decoder) {
        Optional<Map<String, AttributeValue>> item = get(key);
        return item.isPresent() ? Optional.of(decoder.decode(item.get())) : Optional.empty();
    }

    /** The items of these keys that exist, strongly consistent, in one round trip when it can. */
    List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys, String failure) {
        Map<String, KeysAndAttributes> request = Map.of(name,
                KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        try {
            for (int attempt = 0; attempt < BATCH_GET_ATTEMPTS && !request.isEmpty(); attempt++) {
                BatchGetItemResponse response = dynamo.batchGetItem(
                        BatchGetItemRequest.builder().requestItems(request).build());
                items.addAll(response.responses().getOrDefault(name, List.of()));
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        } catch (SdkException e) {
            throw new StoreException(failure, e);
        }
        if (!request.isEmpty()) {
            throw new StoreException(failure + ": keys left unprocessed", null);
        }
        return items;
    }

    /**
     * Every page of a query, or pages until {@code limit} items (then each page asks for no more
     * than are missing).
     *
     * @param limit at most this many items; 0 for all
     */
    List<Map<String, AttributeValue>> query(QueryRequest request, int limit, String failure) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        try {
            do {
                QueryRequest.Builder page = request.toBuilder().exclusiveStartKey(start);
                if (limit > 0) {
                    page.limit(limit - items.size());
                }
                QueryResponse response = dynamo.query(page.build());
                items.addAll(response.items());
                start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                        ? response.lastEvaluatedKey() : null;
            } while (start != null && (limit <= 0 || items.size() < limit));
        } catch (SdkException e) {
            throw new StoreException(failure, e);
        }
        return items;
    }

    /** One page of a query, as DynamoDB answered it (items and where to go on). */
    QueryResponse page(QueryRequest request, String failure) {
        try {
            return dynamo.query(request);
        } catch (SdkException e) {
            throw new StoreException(failure, e);
        }
    }

    // ---- single-item writes (PutItem, UpdateItem, DeleteItem) ----------------------------

    /** Anything but success, a failed condition too, is a {@link StoreException}. */
    DynamoDbResponse write(DynamoDbRequest request, String failure) {
        try {
            return send(request);
        } catch (SdkException e) {
            throw new StoreException(failure, e, unanswered(e));
        }
    }

    /** @return the response, or empty when the request's condition did not hold: nothing was written */
    Optional<DynamoDbResponse> writeIf(DynamoDbRequest request, String failure) {
        try {
            return Optional.of(send(request));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new StoreException(failure, e, unanswered(e));
        }
    }

    /**
     * An UpdateItem asking for the item as it was when its condition fails (a counter over its
     * limit says which limit).
     *
     * @return empty when written; otherwise the item as it was (an empty map when there was none)
     */
    Optional<Map<String, AttributeValue>> updateOrRefusal(UpdateItemRequest request, String failure) {
        try {
            dynamo.updateItem(request.toBuilder()
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build());
            return Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            return Optional.of(e.hasItem() ? e.item() : Map.of());
        } catch (SdkException e) {
            throw new StoreException(failure, e, unanswered(e));
        }
    }

    /** A failed condition is a {@link ConflictException} saying {@code conflict}. */
    void writeOrConflict(DynamoDbRequest request, String failure, String conflict) throws ConflictException {
        try {
            send(request);
        } catch (ConditionalCheckFailedException e) {
            throw new ConflictException(conflict, e);
        } catch (SdkException e) {
            throw new StoreException(failure, e, unanswered(e));
        }
    }

    private DynamoDbResponse send(DynamoDbRequest request) {
        if (request instanceof PutItemRequest put) {
            return dynamo.putItem(put);
        }
        if (request instanceof UpdateItemRequest update) {
            return dynamo.updateItem(update);
        }
        if (request instanceof DeleteItemRequest delete) {
            return dynamo.deleteItem(delete);
        }
        throw new IllegalArgumentException("not a single-item write: " + request.getClass().getSimpleName());
    }

    // ---- transactions ---------------------------------------------------------------------

    /**
     * A lost race (a condition failed, or DynamoDB cancelled for a parallel transaction on one
     * of the items) is a {@link ConflictException}; so is a cancellation without reasons.
     */
    void transact(TransactWriteItemsRequest request, String what) throws ConflictException {
        try {
            dynamo.transactWriteItems(request);
        } catch (TransactionCanceledException e) {
            if (!e.hasCancellationReasons() || cancelledFor(e, "ConditionalCheckFailed")
                    || cancelledFor(e, "TransactionConflict")) {
                throw new ConflictException(what + ": a condition no longer holds", e);
            }
            throw new StoreException(what + " failed", e);
        } catch (SdkException e) {
            throw new StoreException(what + " failed", e, unanswered(e));
        }
    }

    /** @return false when a condition failed, so nothing was written; any other failure throws */
    boolean transactIf(TransactWriteItemsRequest request, String failure) {
        try {
            dynamo.transactWriteItems(request);
            return true;
        } catch (TransactionCanceledException e) {
            if (e.hasCancellationReasons() && cancelledFor(e, "ConditionalCheckFailed")) {
                return false;
            }
            throw new StoreException(failure, e);
        } catch (SdkException e) {
            throw new StoreException(failure, e, unanswered(e));
        }
    }

    /** For writes without conditions, where a cancellation is no race to decide again: a {@link StoreException}. */
    void transactOrFail(TransactWriteItemsRequest request, String what) {
        try {
            dynamo.transactWriteItems(request);
        } catch (TransactionCanceledException e) {
            throw new StoreException(what + " was cancelled", e);
        } catch (SdkException e) {
            throw new StoreException(what + " failed", e, unanswered(e));
        }
    }

    /**
     * A write DynamoDB never answered (timed out, connection broken) may have been applied; one it
     * answered with an error was not.
     */
    private static boolean unanswered(SdkException e) {
        return !(e instanceof software.amazon.awssdk.core.exception.SdkServiceException);
    }

    private static boolean cancelledFor(TransactionCanceledException e, String code) {
        if (!e.hasCancellationReasons()) {
            return false;
        }
        for (CancellationReason reason : e.cancellationReasons()) {
            if (code.equals(reason.code())) {
                return true;
            }
        }
        return false;
    }
}
