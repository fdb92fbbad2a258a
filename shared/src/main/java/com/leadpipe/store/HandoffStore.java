package com.leadpipe.store;

import static com.leadpipe.store.ItemCodec.str;
import static com.leadpipe.store.ItemCodec.time;

import com.leadpipe.store.Records.LedgerEvent;
import com.leadpipe.store.Records.Token;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * What the hand-off owes the notify list, kept in the table: notice markers
 * ({@code LEAD#..} / {@code NOTICE#{kind}#{eventId}}, so a redelivered change mails nobody twice),
 * the acknowledgement on the lead ({@code acknowledgedAt}, {@code acknowledgedBy}) and the one
 * reminder, owed while the lead is on the sparse remind-index ({@code remindShard}/{@code remindAt}).
 */
public final class HandoffStore {

    /** A reminder that is due: the lead's keys and the time the index said. */
    public record ReminderDue(String campaignId, String addressKey, Instant remindAt) {
    }

    private final DynamoTable table;
    private final TokenRepository tokens;
    private final LedgerRepository ledger;

    public HandoffStore(DynamoDbClient dynamo, String tableName) {
        this.table = new DynamoTable(dynamo, tableName);
        this.tokens = new TokenRepository(table);
        this.ledger = new LedgerRepository(table);
    }

    /**
     * Claims a notice before it is mailed: only if no marker exists, or an earlier claim's lease
     * ended without the notice being sent (its sender died). The acknowledgement link's token, if
     * any, is stored in the same transaction.
     *
     * @return false when the notice was sent, or is being sent, by another delivery
     */
    public boolean claimNotice(String campaignId, String addressKey, String kind, String eventId, Instant now,
                               Instant leaseEnd, Optional<Token> ackToken) {
        Map<String, AttributeValue> item = new HashMap<>(noticeKey(campaignId, addressKey, kind, eventId));
        item.put("state", str("CLAIMED"));
        item.put("leaseEnd", time(leaseEnd));
        item.put("claimedAt", time(now));
        Transaction tx = table.transaction().put(Put.builder().tableName(table.name()).item(item)
                .conditionExpression("attribute_not_exists(#pk) OR (#state = :claimed AND #lease < :now)")
                .expressionAttributeNames(Map.of("#pk", LeadpipeTable.PK, "#state", "state", "#lease", "leaseEnd"))
                .expressionAttributeValues(Map.of(":claimed", str("CLAIMED"), ":now", time(now))).build());
        ackToken.ifPresent(t -> tx.put(tokens.create(t)));
        try {
            tx.commit("claim hand-off notice");
            return true;
        } catch (ConflictException alreadyClaimed) {
            return false;
        }
    }

    /** The notice went out: a later delivery of the same change finds the marker and sends nothing. */
    public void noticeSent(String campaignId, String addressKey, String kind, String eventId, Instant at) {
        table.write(UpdateItemRequest.builder().tableName(table.name()).key(noticeKey(campaignId, addressKey, kind, eventId))
                .updateExpression("SET #state = :sent, sentAt = :at REMOVE leaseEnd")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":sent", str("SENT"), ":at", time(at))).build(), "cannot mark notice sent");
    }

    /** SES refused: the claim goes, so the redelivery (the stream retries the record) sends it. */
    public void releaseNotice(String campaignId, String addressKey, String kind, String eventId) {
        table.write(DeleteItemRequest.builder().tableName(table.name()).key(noticeKey(campaignId, addressKey, kind, eventId))
                .build(), "cannot release notice");
    }

    /**
     * Acknowledges a raised hand, once: {@code acknowledgedAt}/{@code acknowledgedBy} on the lead,
     * off the remind-index, and an {@code acknowledged} ledger event.
     *
     * @throws ConflictException acknowledged already (or the hand was never raised)
     */
    public void acknowledge(String campaignId, String addressKey, String leadId, String by, Records.Evidence evidence)
            throws ConflictException {
        Update update = Update.builder().tableName(table.name()).key(ItemCodec.leadKey(campaignId, addressKey))
                .updateExpression("SET acknowledgedAt = :at, acknowledgedBy = :by REMOVE #shard, #remind")
                .conditionExpression("attribute_exists(handRaisedAt) AND attribute_not_exists(acknowledgedAt)")
                .expressionAttributeNames(Map.of("#shard", LeadpipeTable.REMIND_SHARD, "#remind", LeadpipeTable.REMIND_AT))
                .expressionAttributeValues(Map.of(":at", time(evidence.at()), ":by", str(by))).build();
        table.transaction().update(update)
                .put(ledger.append(addressKey, new LedgerEvent("acknowledged", evidence.at(), evidence.ip(),
                        evidence.userAgent(), campaignId, "", by.isEmpty() ? Map.of() : Map.of("by", by)), leadId, 0))
                .commit("acknowledge hand-raise");
    }

    /** The lead item as the stream would show it (strongly consistent), with its hand-raise. */
    public Optional<LeadImages.LeadImage> findLead(String campaignId, String addressKey) {
        return table.get(ItemCodec.leadKey(campaignId, addressKey)).flatMap(LeadImages::lead);
    }

    /** One shard of the remind-index up to {@code now} (a Query, never a Scan). */
    public List<ReminderDue> dueReminders(String shard, Instant now, int limit) {
        QueryRequest query = QueryRequest.builder().tableName(table.name()).indexName(LeadpipeTable.REMIND_INDEX)
                .keyConditionExpression("#shard = :shard AND #at <= :now")
                .expressionAttributeNames(Map.of("#shard", LeadpipeTable.REMIND_SHARD, "#at", LeadpipeTable.REMIND_AT))
                .expressionAttributeValues(Map.of(":shard", str(shard), ":now", time(now)))
                .build();
        List<ReminderDue> due = new ArrayList<>();
        for (Map<String, AttributeValue> item : table.query(query, limit, "cannot query reminders")) {
            String[] lead = LeadpipeTable.leadPkParts(item.get(LeadpipeTable.PK).s());
            due.add(new ReminderDue(lead[0], lead[1], Instant.parse(item.get(LeadpipeTable.REMIND_AT).s())));
        }
        return due;
    }

    /**
     * Takes the lead off the remind-index before the reminder is mailed, so overlapping sweeps send
     * one: only if {@code remindAt} is still what the index said and nobody acknowledged since.
     */
    public boolean claimReminder(ReminderDue due, Instant now) {
        return table.writeIf(UpdateItemRequest.builder().tableName(table.name())
                .key(ItemCodec.leadKey(due.campaignId(), due.addressKey()))
                .updateExpression("SET remindedAt = :now REMOVE #shard, #remind")
                .conditionExpression("#remind = :seen AND attribute_not_exists(acknowledgedAt)")
                .expressionAttributeNames(Map.of("#shard", LeadpipeTable.REMIND_SHARD, "#remind", LeadpipeTable.REMIND_AT))
                .expressionAttributeValues(Map.of(":now", time(now), ":seen", time(due.remindAt()))).build(),
                "cannot claim reminder").isPresent();
    }

    /** SES refused the reminder: back on the index, due again at {@code next}. */
    public void deferReminder(ReminderDue due, Instant next) {
        String leadPk = LeadpipeTable.leadPk(due.campaignId(), due.addressKey());
        table.writeIf(UpdateItemRequest.builder().tableName(table.name())
                .key(ItemCodec.leadKey(due.campaignId(), due.addressKey()))
                .updateExpression("SET #shard = :shard, #remind = :next REMOVE remindedAt")
                .conditionExpression("attribute_exists(#pk) AND attribute_not_exists(acknowledgedAt)")
                .expressionAttributeNames(Map.of("#pk", LeadpipeTable.PK, "#shard", LeadpipeTable.REMIND_SHARD,
                        "#remind", LeadpipeTable.REMIND_AT))
                .expressionAttributeValues(Map.of(":shard", str(LeadpipeTable.remindShard(leadPk)), ":next", time(next)))
                .build(), "cannot defer reminder");
    }

    private static Map<String, AttributeValue> noticeKey(String campaignId, String addressKey, String kind, String eventId) {
        return ItemCodec.key(LeadpipeTable.leadPk(campaignId, addressKey),
                LeadpipeTable.SK_NOTICE_PREFIX + kind + "#" + eventId);
    }

}
