package com.leadpipe.store;

import static com.leadpipe.store.ItemCodec.str;
import static com.leadpipe.store.ItemCodec.time;

import com.leadpipe.store.Records.MailDue;
import com.leadpipe.store.Records.MailState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * What became of a signup's confirmation mail: {@code mailState} on its pending item
 * ({@code LEAD#{campaign}#{addressKey}} / {@code PENDING}), and whether it is still owed: an owed
 * mail keeps {@code mailShard}/{@code mailDueAt}, so it stays on the sparse mail-index the
 * outbox sweep reads; {@code mailDueAt} doubles as the lease of whoever is sending it.
 */
final class MailStateRepository {

    private final DynamoTable table;

    MailStateRepository(DynamoTable table) {
        this.table = table;
    }

    /**
     * A no-op if the signup moved on meanwhile (confirmed, expired or re-submitted: that newer
     * state wins). A one-item TransactWriteItems rather than an UpdateItem: the signup path loads
     * no further SDK operation (cold start, BENCHMARKS.md E4).
     */
    void mark(String campaignId, String addressKey, String submissionId, MailState state) {
        table.transaction().update(update(campaignId, addressKey, submissionId, state))
                .commitIfConditionsHold("cannot record mail state");
    }

    /** SENT and FAILED take the item off the mail-index: nothing is owed any more. */
    Update update(String campaignId, String addressKey, String submissionId, MailState state) {
        boolean settled = state == MailState.SENT || state == MailState.FAILED;
        return Update.builder().tableName(table.name())
                .key(ItemCodec.pendingKey(campaignId, addressKey))
                .updateExpression("SET mailState = :state" + (settled ? " REMOVE #shard, #due" : ""))
                .conditionExpression("submissionId = :sid")
                .expressionAttributeNames(settled ? Map.of("#shard", LeadpipeTable.MAIL_SHARD,
                        "#due", LeadpipeTable.MAIL_DUE_AT) : null)
                .expressionAttributeValues(Map.of(":state", str(state.name()), ":sid", str(submissionId)))
                .build();
    }

    /**
     * Moves the owed mail's due time from {@code seen} to {@code next}, only if nobody did since
     * (the submission and the due time are as read): a claim (lease) when {@code next} is the end
     * of a send's lease, a deferral otherwise.
     */
    Update reschedule(String campaignId, String addressKey, String submissionId, Instant seen, Instant next,
                      MailState state) {
        Map<String, AttributeValue> values = new java.util.HashMap<>(
                Map.of(":state", str(state.name()), ":sid", str(submissionId), ":seen", time(seen), ":next", time(next)));
        boolean attempt = state == MailState.SENDING;
        if (attempt) {
            values.put(":one", ItemCodec.num(1));
        }
        return Update.builder().tableName(table.name())
                .key(ItemCodec.pendingKey(campaignId, addressKey))
                .updateExpression("SET mailState = :state, #due = :next" + (attempt ? " ADD mailAttempts :one" : ""))
                .conditionExpression("submissionId = :sid AND #due = :seen")
                .expressionAttributeNames(Map.of("#due", LeadpipeTable.MAIL_DUE_AT))
                .expressionAttributeValues(values)
                .build();
    }

    /** Owed mails of one mail-index shard due by {@code now}, at most {@code limit}. */
    List<MailDue> owed(String shard, Instant now, int limit) {
        QueryRequest query = QueryRequest.builder().tableName(table.name()).indexName(LeadpipeTable.MAIL_INDEX)
                .keyConditionExpression("#shard = :shard AND #due <= :now")
                .expressionAttributeNames(Map.of("#shard", LeadpipeTable.MAIL_SHARD, "#due", LeadpipeTable.MAIL_DUE_AT))
                .expressionAttributeValues(Map.of(":shard", str(shard), ":now", time(now)))
                .build();
        List<MailDue> due = new ArrayList<>();
        for (Map<String, AttributeValue> item : table.query(query, limit, "cannot query owed mails")) {
            String[] lead = LeadpipeTable.leadPkParts(item.get(LeadpipeTable.PK).s());
            due.add(new MailDue(lead[0], lead[1], Instant.parse(item.get(LeadpipeTable.MAIL_DUE_AT).s())));
        }
        return due;
    }
}
