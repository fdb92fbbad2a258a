package com.leadpipe.store;

import static com.leadpipe.store.LeadStore.iso;
import static com.leadpipe.store.LeadStore.key;
import static com.leadpipe.store.LeadStore.str;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
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

    private final DynamoDbClient dynamo;
    private final String table;

    public SuppressionStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * Stops all mail to the address: later signups answer as usual and store and send nothing.
     * A bounce never replaces an earlier suppression (its time and reason stay); a complaint
     * replaces a bounce's, because a complaint must never be lifted as a mere typo.
     *
     * @return false if the address was already suppressed for this reason (a redelivery)
     */
    public boolean suppress(String addressKey, Reason reason, Instant at, String feedbackId) {
        String unlessAlready = reason == Reason.COMPLAINT
                ? "NOT (#suppressed = :true AND #reason = :reason)"
                : "NOT (#suppressed = :true)";
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(key(LeadpipeTable.addressPk(addressKey), LeadpipeTable.SK_ADDRESS))
                    .updateExpression("SET #suppressed = :true, #at = :at, #reason = :reason, #feedback = :feedback")
                    .conditionExpression(unlessAlready)
                    .expressionAttributeNames(Map.of("#suppressed", "suppressed", "#at", "suppressedAt",
                            "#reason", "suppressedReason", "#feedback", "suppressedFeedbackId"))
                    .expressionAttributeValues(Map.of(":true", TRUE, ":at", str(iso(at)),
                            ":reason", str(reason.name()), ":feedback", str(feedbackId)))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw new StoreException("cannot suppress address", e);
        }
    }

    /**
     * Counts a soft bounce. Only the last bounce's id is kept, which is enough to ignore the
     * redeliveries SNS and Lambda retries produce (they repeat one event, back to back).
     *
     * @return the address's soft bounces so far, or empty if this one was counted already
     */
    public OptionalLong countTransientBounce(String addressKey, Instant at, String feedbackId) {
        try {
            UpdateItemResponse response = dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(key(LeadpipeTable.addressPk(addressKey), LeadpipeTable.SK_ADDRESS))
                    .updateExpression("ADD #count :one SET #at = :at, #feedback = :feedback")
                    .conditionExpression("attribute_not_exists(#feedback) OR #feedback <> :feedback")
                    .expressionAttributeNames(Map.of("#count", "transientBounces", "#at", "lastTransientBounceAt",
                            "#feedback", "lastTransientFeedbackId"))
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":at", str(iso(at)),
                            ":feedback", str(feedbackId)))
                    .returnValues(ReturnValue.UPDATED_NEW)
                    .build());
            AttributeValue count = response.hasAttributes() ? response.attributes().get("transientBounces") : null;
            if (count == null || count.n() == null) {
                throw new StoreException("soft bounce counted, but the table returned no count", null);
            }
            return OptionalLong.of(Long.parseLong(count.n()));
        } catch (ConditionalCheckFailedException e) {
            return OptionalLong.empty();
        } catch (SdkException e) {
            throw new StoreException("cannot count soft bounce", e);
        }
    }
}
