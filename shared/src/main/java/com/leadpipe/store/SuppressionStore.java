package com.leadpipe.store;

import static com.leadpipe.store.ItemCodec.str;
import static com.leadpipe.store.ItemCodec.time;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Bounce and complaint state on the address item ({@code ADDR#{addressKey}}), shared by every
 * campaign. Single UpdateItems that create the item if needed and touch nothing else on it:
 * {@code confirmationSends} and {@code version} belong to the signup path, whose optimistic check
 * ({@code attribute_not_exists(version)} or {@code version = :v}) therefore still holds.
 * Safe to repeat: SNS and Lambda deliver the same event more than once.
 */
public final class SuppressionStore {

    public enum Reason { BOUNCE, COMPLAINT }

    private static final AttributeValue TRUE = AttributeValue.fromBool(true);

    private final DynamoTable table;

    public SuppressionStore(DynamoDbClient dynamo, String table) {
        this.table = new DynamoTable(dynamo, table);
    }

    /**
     * Stops all mail to the address: later signups answer as usual and store and send nothing.
     * A bounce never replaces an earlier suppression (its time and reason stay); a complaint
     * replaces a bounce's, because a complaint must never be lifted as a mere typo.
     *
     * @return false if the address was already suppressed for this reason (a redelivery)
     */
    public boolean suppress(String addressKey, Reason reason, Instant at, String feedbackId) {
        return table.writeIf(suppressRequest(addressKey, reason, at, feedbackId), "cannot suppress address")
                .isPresent();
    }

    UpdateItemRequest suppressRequest(String addressKey, Reason reason, Instant at, String feedbackId) {
        String unlessAlready = reason == Reason.COMPLAINT
                ? "NOT (#suppressed = :true AND #reason = :reason)"
                : "NOT (#suppressed = :true)";
        return UpdateItemRequest.builder().tableName(table.name())
                .key(ItemCodec.addressItemKey(addressKey))
                .updateExpression("SET #suppressed = :true, #at = :at, #reason = :reason, #feedback = :feedback")
                .conditionExpression(unlessAlready)
                .expressionAttributeNames(Map.of("#suppressed", "suppressed", "#at", "suppressedAt",
                        "#reason", "suppressedReason", "#feedback", "suppressedFeedbackId"))
                .expressionAttributeValues(Map.of(":true", TRUE, ":at", time(at),
                        ":reason", str(reason.name()), ":feedback", str(feedbackId)))
                .build();
    }

    /**
     * Counts a soft bounce. Only the last bounce's id is kept, which is enough to ignore the
     * redeliveries SNS and Lambda retries produce (they repeat one event, back to back).
     *
     * @return the address's soft bounces so far, or empty if this one was counted already
     */
    public OptionalLong countTransientBounce(String addressKey, Instant at, String feedbackId) {
        Optional<DynamoDbResponse> written = table.writeIf(transientBounceRequest(addressKey, at, feedbackId),
                "cannot count soft bounce");
        if (written.isEmpty()) {
            return OptionalLong.empty();
        }
        UpdateItemResponse response = (UpdateItemResponse) written.get();
        AttributeValue count = response.hasAttributes() ? response.attributes().get("transientBounces") : null;
        if (count == null || count.n() == null) {
            throw new StoreException("soft bounce counted, but the table returned no count", null);
        }
        return OptionalLong.of(Long.parseLong(count.n()));
    }

    UpdateItemRequest transientBounceRequest(String addressKey, Instant at, String feedbackId) {
        return UpdateItemRequest.builder().tableName(table.name())
                .key(ItemCodec.addressItemKey(addressKey))
                .updateExpression("ADD #count :one SET #at = :at, #feedback = :feedback")
                .conditionExpression("attribute_not_exists(#feedback) OR #feedback <> :feedback")
                .expressionAttributeNames(Map.of("#count", "transientBounces", "#at", "lastTransientBounceAt",
                        "#feedback", "lastTransientFeedbackId"))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":at", time(at),
                        ":feedback", str(feedbackId)))
                .returnValues(ReturnValue.UPDATED_NEW)
                .build();
    }
}
