package com.leadpipe.store;

import static com.leadpipe.store.LeadStore.iso;
import static com.leadpipe.store.LeadStore.key;
import static com.leadpipe.store.LeadStore.str;
import static com.leadpipe.store.LeadpipeTable.DUE_AT;
import static com.leadpipe.store.LeadpipeTable.DUE_SHARD;
import static com.leadpipe.store.LeadpipeTable.PK;
import static com.leadpipe.store.LeadpipeTable.SK;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Nurture state in the table: the sparse due-index the scheduler reads, the per-step send markers
 * that make every step go out once, and the lead's progress. Keys: {@link LeadpipeTable}.
 */
public final class NurtureStore {

    /** A lead the due-index says needs attention. */
    public record DueLead(String campaignId, String addressKey, String dueAt) {
    }

    /** What became of one step for one lead. */
    public enum MarkerState { SENDING, SENT }

    private final DynamoDbClient dynamo;
    private final String table;

    public NurtureStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Leads of one shard due at or before {@code now}, oldest first, at most {@code limit}. */
    public List<DueLead> due(String shard, Instant now, int limit) {
        List<DueLead> due = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        try {
            do {
                Map<String, AttributeValue> from = start;
                int remaining = limit - due.size();
                QueryResponse response = dynamo.query(q -> q.tableName(table).indexName(LeadpipeTable.DUE_INDEX)
                        .keyConditionExpression("#shard = :shard AND #due <= :now")
                        .expressionAttributeNames(Map.of("#shard", DUE_SHARD, "#due", DUE_AT))
                        .expressionAttributeValues(Map.of(":shard", str(shard), ":now", str(iso(now))))
                        .limit(remaining)
                        .exclusiveStartKey(from));
                for (Map<String, AttributeValue> item : response.items()) {
                    String[] pk = item.get(PK).s().split("#", 3); // LEAD#{campaign}#{addressKey}
                    due.add(new DueLead(pk[1], pk[2], item.get(DUE_AT).s()));
                }
                start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                        ? response.lastEvaluatedKey() : null;
            } while (start != null && due.size() < limit);
        } catch (SdkException e) {
            throw new StoreException("cannot query due leads", e);
        }
        return due;
    }

    /**
     * Takes a due lead for one sender run: moves its dueAt to the end of a lease, only if nobody
     * changed it since it was read. If the run never finishes, the lease ends and the lead is due again.
     */
    public boolean lease(DueLead lead, Instant leaseEnd) {
        try {
            dynamo.updateItem(u -> u.tableName(table)
                    .key(key(LeadpipeTable.leadPk(lead.campaignId(), lead.addressKey()), LeadpipeTable.SK_LEAD))
                    .updateExpression("SET #due = :lease")
                    .conditionExpression("#due = :seen")
                    .expressionAttributeNames(Map.of("#due", DUE_AT))
                    .expressionAttributeValues(Map.of(":lease", str(iso(leaseEnd)), ":seen", str(lead.dueAt()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw new StoreException("cannot lease due lead", e);
        }
    }

    /**
     * Claims the send of one step: creates its marker, or takes over one whose sender stopped
     * before finishing ({@code claimedAt} older than {@code staleBefore}).
     *
     * @return false when the step was sent already or another sender is on it now
     */
    public boolean claimSend(String campaignId, String addressKey, String stepId, Instant now, Instant staleBefore) {
        try {
            dynamo.putItem(p -> p.tableName(table)
                    .item(Map.of(PK, str(LeadpipeTable.leadPk(campaignId, addressKey)),
                            SK, str(LeadpipeTable.SK_NURTURE_PREFIX + stepId),
                            "state", str(MarkerState.SENDING.name()), "claimedAt", str(iso(now))))
                    .conditionExpression("attribute_not_exists(#pk) OR (#state = :sending AND claimedAt < :stale)")
                    .expressionAttributeNames(Map.of("#pk", PK, "#state", "state"))
                    .expressionAttributeValues(Map.of(":sending", str(MarkerState.SENDING.name()),
                            ":stale", str(iso(staleBefore)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw new StoreException("cannot claim nurture send", e);
        }
    }

    /** SES refused the send: drop the claim so a retry may send. */
    public void releaseSend(String campaignId, String addressKey, String stepId) {
        try {
            dynamo.deleteItem(d -> d.tableName(table)
                    .key(key(LeadpipeTable.leadPk(campaignId, addressKey), LeadpipeTable.SK_NURTURE_PREFIX + stepId))
                    .conditionExpression("#state = :sending")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":sending", str(MarkerState.SENDING.name()))));
        } catch (ConditionalCheckFailedException e) {
            // Marked SENT meanwhile by a duplicate delivery: keep it.
        } catch (SdkException e) {
            throw new StoreException("cannot release nurture send", e);
        }
    }

    /**
     * Records a sent step: marker SENT, the step added to the lead's progress with the next due
     * time (or none: sequence finished), and a ledger event, all or nothing.
     */
    public void completeSend(String campaignId, String addressKey, String stepId, Instant sentAt, String messageId,
                             Optional<Instant> nextDue) {
        String leadPk = LeadpipeTable.leadPk(campaignId, addressKey);
        Update marker = Update.builder().tableName(table).key(key(leadPk, LeadpipeTable.SK_NURTURE_PREFIX + stepId))
                .updateExpression("SET #state = :sent, sentAt = :at, messageId = :mid")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":sent", str(MarkerState.SENT.name()), ":at", str(iso(sentAt)),
                        ":mid", str(messageId)))
                .build();
        Map<String, AttributeValue> event = new HashMap<>(key(leadPk, LeadpipeTable.SK_EVENT_PREFIX + iso(sentAt)
                + "#0#nurture_sent#" + stepId));
        event.put("type", str("nurture_sent"));
        event.put("at", str(iso(sentAt)));
        event.put("campaign", str(campaignId));
        event.put("details", AttributeValue.fromM(Map.of("step", str(stepId), "messageId", str(messageId))));
        write("record nurture send",
                TransactWriteItem.builder().update(marker).build(),
                TransactWriteItem.builder().update(progress(leadPk, stepId, Optional.of(sentAt), nextDue)).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(event).build()).build());
    }

    /** A step whose condition failed: done without a send. */
    public void skip(String campaignId, String addressKey, String stepId, Optional<Instant> nextDue) {
        write("record skipped step", TransactWriteItem.builder().update(progress(
                LeadpipeTable.leadPk(campaignId, addressKey), stepId, Optional.empty(), nextDue)).build());
    }

    /** Sets when the lead is due next, or takes it out of the index (finished, unsubscribed, suppressed). */
    public void reschedule(String campaignId, String addressKey, Optional<Instant> nextDue) {
        String leadPk = LeadpipeTable.leadPk(campaignId, addressKey);
        try {
            if (nextDue.isPresent()) {
                dynamo.updateItem(u -> u.tableName(table).key(key(leadPk, LeadpipeTable.SK_LEAD))
                        .updateExpression("SET #shard = :shard, #due = :due")
                        .conditionExpression("attribute_exists(#pk)")
                        .expressionAttributeNames(Map.of("#shard", DUE_SHARD, "#due", DUE_AT, "#pk", PK))
                        .expressionAttributeValues(Map.of(":shard", str(LeadpipeTable.dueShard(leadPk)),
                                ":due", str(iso(nextDue.get())))));
            } else {
                dynamo.updateItem(u -> u.tableName(table).key(key(leadPk, LeadpipeTable.SK_LEAD))
                        .updateExpression("REMOVE #shard, #due")
                        .conditionExpression("attribute_exists(#pk)")
                        .expressionAttributeNames(Map.of("#shard", DUE_SHARD, "#due", DUE_AT, "#pk", PK)));
            }
        } catch (ConditionalCheckFailedException e) {
            // The lead is gone: nothing to schedule.
        } catch (SdkException e) {
            throw new StoreException("cannot reschedule lead", e);
        }
    }

    private Update progress(String leadPk, String stepId, Optional<Instant> sentAt, Optional<Instant> nextDue) {
        Map<String, String> names = new HashMap<>(Map.of("#done", "nurtureDone", "#shard", DUE_SHARD, "#due", DUE_AT));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":step", AttributeValue.fromL(List.of(str(stepId))),
                ":none", AttributeValue.fromL(List.of())));
        StringBuilder set = new StringBuilder("SET #done = list_append(if_not_exists(#done, :none), :step)");
        sentAt.ifPresent(at -> {
            set.append(", nurtureLastSentAt = :sentAt");
            values.put(":sentAt", str(iso(at)));
        });
        String expression;
        if (nextDue.isPresent()) {
            set.append(", #shard = :shard, #due = :due");
            values.put(":shard", str(LeadpipeTable.dueShard(leadPk)));
            values.put(":due", str(iso(nextDue.get())));
            expression = set.toString();
        } else {
            expression = set + " REMOVE #shard, #due";
        }
        return Update.builder().tableName(table).key(key(leadPk, LeadpipeTable.SK_LEAD))
                .updateExpression(expression)
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
    }

    private void write(String what, TransactWriteItem... items) {
        try {
            dynamo.transactWriteItems(t -> t.transactItems(items));
        } catch (TransactionCanceledException e) {
            throw new StoreException(what + " was cancelled", e);
        } catch (SdkException e) {
            throw new StoreException(what + " failed", e);
        }
    }
}
