package com.leadpipe.store;

import static com.leadpipe.store.ItemCodec.iso;
import static com.leadpipe.store.ItemCodec.str;
import static com.leadpipe.store.ItemCodec.time;
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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Nurture state in the table: the sparse due-index the scheduler reads, the per-step send markers
 * ({@code NURTURE#{stepId}}) that make every step go out once, and the lead's progress (on its
 * LEAD item). Keys: {@link LeadpipeTable}.
 */
public final class NurtureStore {

    /** A lead the due-index says needs attention. */
    public record DueLead(String campaignId, String addressKey, String dueAt) {
    }

    /** What became of one step for one lead. */
    public enum MarkerState { SENDING, SENT }

    private final DynamoTable table;
    private final LedgerRepository ledger;

    public NurtureStore(DynamoDbClient dynamo, String table) {
        this.table = new DynamoTable(dynamo, table);
        this.ledger = new LedgerRepository(this.table);
    }

    /** Leads of one shard due at or before {@code now}, oldest first, at most {@code limit}. */
    public List<DueLead> due(String shard, Instant now, int limit) {
        List<DueLead> due = new ArrayList<>();
        for (Map<String, AttributeValue> item : table.query(dueQuery(shard, now), limit, "cannot query due leads")) {
            String[] lead = LeadpipeTable.leadPkParts(item.get(PK).s());
            due.add(new DueLead(lead[0], lead[1], item.get(DUE_AT).s()));
        }
        return due;
    }

    QueryRequest dueQuery(String shard, Instant now) {
        return QueryRequest.builder().tableName(table.name()).indexName(LeadpipeTable.DUE_INDEX)
                .keyConditionExpression("#shard = :shard AND #due <= :now")
                .expressionAttributeNames(Map.of("#shard", DUE_SHARD, "#due", DUE_AT))
                .expressionAttributeValues(Map.of(":shard", str(shard), ":now", time(now)))
                .build();
    }

    /**
     * Takes a due lead for one sender run: moves its dueAt to the end of a lease, only if nobody
     * changed it since it was read. If the run never finishes, the lease ends and the lead is due again.
     */
    public boolean lease(DueLead lead, Instant leaseEnd) {
        return table.writeIf(leaseRequest(lead, leaseEnd), "cannot lease due lead").isPresent();
    }

    UpdateItemRequest leaseRequest(DueLead lead, Instant leaseEnd) {
        return UpdateItemRequest.builder().tableName(table.name())
                .key(ItemCodec.leadKey(lead.campaignId(), lead.addressKey()))
                .updateExpression("SET #due = :lease")
                .conditionExpression("#due = :seen")
                .expressionAttributeNames(Map.of("#due", DUE_AT))
                .expressionAttributeValues(Map.of(":lease", time(leaseEnd), ":seen", str(lead.dueAt())))
                .build();
    }

    /**
     * Claims the send of one step: creates its marker, or takes over one whose sender stopped
     * before finishing ({@code claimedAt} older than {@code staleBefore}).
     *
     * @return false when the step was sent already or another sender is on it now
     */
    public boolean claimSend(String campaignId, String addressKey, String stepId, Instant now, Instant staleBefore) {
        return table.writeIf(claimRequest(campaignId, addressKey, stepId, now, staleBefore),
                "cannot claim nurture send").isPresent();
    }

    PutItemRequest claimRequest(String campaignId, String addressKey, String stepId, Instant now, Instant staleBefore) {
        return PutItemRequest.builder().tableName(table.name())
                .item(Map.of(PK, str(LeadpipeTable.leadPk(campaignId, addressKey)),
                        SK, str(LeadpipeTable.nurtureSk(stepId)),
                        "state", str(MarkerState.SENDING.name()), "claimedAt", time(now)))
                .conditionExpression("attribute_not_exists(#pk) OR (#state = :sending AND claimedAt < :stale)")
                .expressionAttributeNames(Map.of("#pk", PK, "#state", "state"))
                .expressionAttributeValues(Map.of(":sending", str(MarkerState.SENDING.name()),
                        ":stale", time(staleBefore)))
                .build();
    }

    /** SES refused the send: drop the claim so a retry may send. */
    public void releaseSend(String campaignId, String addressKey, String stepId) {
        // Empty when marked SENT meanwhile by a duplicate delivery: that marker stays.
        table.writeIf(DeleteItemRequest.builder().tableName(table.name()).key(markerKey(campaignId, addressKey, stepId))
                .conditionExpression("#state = :sending")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":sending", str(MarkerState.SENDING.name())))
                .build(), "cannot release nurture send");
    }

    /**
     * Records a sent step: marker SENT, the step added to the lead's progress with the next due
     * time (or none: sequence finished), and a ledger event, all or nothing.
     */
    public void completeSend(String campaignId, String addressKey, String stepId, Instant sentAt, String messageId,
                             Optional<Instant> nextDue) {
        table.transaction()
                .update(Update.builder().tableName(table.name()).key(markerKey(campaignId, addressKey, stepId))
                        .updateExpression("SET #state = :sent, sentAt = :at, messageId = :mid")
                        .expressionAttributeNames(Map.of("#state", "state"))
                        .expressionAttributeValues(Map.of(":sent", str(MarkerState.SENT.name()), ":at", time(sentAt),
                                ":mid", str(messageId)))
                        .build())
                .update(progress(campaignId, addressKey, stepId, Optional.of(sentAt), nextDue))
                .put(ledger.nurtureSent(campaignId, addressKey, stepId, sentAt, messageId))
                .commitOrFail("record nurture send");
    }

    /** A step whose condition failed: done without a send. */
    public void skip(String campaignId, String addressKey, String stepId, Optional<Instant> nextDue) {
        table.transaction().update(progress(campaignId, addressKey, stepId, Optional.empty(), nextDue))
                .commitOrFail("record skipped step");
    }

    /** Sets when the lead is due next, or takes it out of the index (finished, unsubscribed, suppressed). */
    public void reschedule(String campaignId, String addressKey, Optional<Instant> nextDue) {
        // Empty when the lead is gone: nothing to schedule.
        table.writeIf(rescheduleRequest(campaignId, addressKey, nextDue), "cannot reschedule lead");
    }

    UpdateItemRequest rescheduleRequest(String campaignId, String addressKey, Optional<Instant> nextDue) {
        String leadPk = LeadpipeTable.leadPk(campaignId, addressKey);
        UpdateItemRequest.Builder update = UpdateItemRequest.builder().tableName(table.name())
                .key(ItemCodec.leadKey(campaignId, addressKey))
                .conditionExpression("attribute_exists(#pk)")
                .expressionAttributeNames(Map.of("#shard", DUE_SHARD, "#due", DUE_AT, "#pk", PK));
        if (nextDue.isPresent()) {
            return update.updateExpression("SET #shard = :shard, #due = :due")
                    .expressionAttributeValues(Map.of(":shard", str(LeadpipeTable.dueShard(leadPk)),
                            ":due", time(nextDue.get())))
                    .build();
        }
        return update.updateExpression("REMOVE #shard, #due").build();
    }

    /** The step joins the lead's done steps; the lead is due again at {@code nextDue}, or leaves the index. */
    Update progress(String campaignId, String addressKey, String stepId, Optional<Instant> sentAt,
                    Optional<Instant> nextDue) {
        Map<String, String> names = new HashMap<>(Map.of("#done", "nurtureDone", "#shard", DUE_SHARD, "#due", DUE_AT));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":step", AttributeValue.fromL(List.of(str(stepId))),
                ":none", AttributeValue.fromL(List.of())));
        StringBuilder set = new StringBuilder("SET #done = list_append(if_not_exists(#done, :none), :step)");
        if (sentAt.isPresent()) {
            set.append(", nurtureLastSentAt = :sentAt");
            values.put(":sentAt", str(iso(sentAt.get())));
        }
        String expression;
        if (nextDue.isPresent()) {
            set.append(", #shard = :shard, #due = :due");
            values.put(":shard", str(LeadpipeTable.dueShard(LeadpipeTable.leadPk(campaignId, addressKey))));
            values.put(":due", time(nextDue.get()));
            expression = set.toString();
        } else {
            expression = set + " REMOVE #shard, #due";
        }
        return Update.builder().tableName(table.name()).key(ItemCodec.leadKey(campaignId, addressKey))
                .updateExpression(expression)
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
    }

    private static Map<String, AttributeValue> markerKey(String campaignId, String addressKey, String stepId) {
        return ItemCodec.key(LeadpipeTable.leadPk(campaignId, addressKey), LeadpipeTable.nurtureSk(stepId));
    }
}
