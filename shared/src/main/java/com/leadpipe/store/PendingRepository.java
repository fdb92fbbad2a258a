package com.leadpipe.store;

import static com.leadpipe.store.ItemCodec.answers;
import static com.leadpipe.store.ItemCodec.epoch;
import static com.leadpipe.store.ItemCodec.epochInstant;
import static com.leadpipe.store.ItemCodec.evidence;
import static com.leadpipe.store.ItemCodec.map;
import static com.leadpipe.store.ItemCodec.putEvidence;
import static com.leadpipe.store.ItemCodec.s;
import static com.leadpipe.store.ItemCodec.str;
import static com.leadpipe.store.ItemCodec.strings;
import static com.leadpipe.store.ItemCodec.time;
import static com.leadpipe.store.LeadpipeTable.EXPIRES_AT;

import com.leadpipe.email.EmailAddress;
import com.leadpipe.store.Records.MailState;
import com.leadpipe.store.Records.OwedMail;
import com.leadpipe.store.Records.Pending;
import com.leadpipe.store.Records.SurveyEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * A signup waiting for its double opt-in ({@code LEAD#{campaign}#{addressKey}} / {@code PENDING}):
 * the address, fields, consent evidence and survey answers given so far, all expiring together.
 * One per address and campaign; a new signup replaces it (its {@code submissionId} changes).
 */
final class PendingRepository implements ItemCodec.Decoder<Pending> {

    private final DynamoTable table;

    PendingRepository(DynamoTable table) {
        this.table = table;
    }

    /** The whole signup, replacing any earlier one of the address in the campaign. */
    Put save(Pending pending) {
        return save(pending, "", null);
    }

    /**
     * The whole signup with its confirmation mail owed: on the mail-index, due at {@code mailDueAt}
     * (the end of the signup request's own lease on the send), with the base its link points at.
     */
    Put save(Pending pending, String baseUrl, Instant mailDueAt) {
        Map<String, AttributeValue> item = new HashMap<>(ItemCodec.pendingKey(pending.campaignId(), pending.addressKey()));
        item.put("campaign", str(pending.campaignId()));
        item.put("addressKey", str(pending.addressKey()));
        item.put("submissionId", str(pending.submissionId()));
        item.put("email", str(pending.email().value()));
        item.put("fields", map(pending.fields()));
        putEvidence(item, "signup", pending.signup());
        item.put("mailState", str(pending.mailState().name()));
        item.put("attribution", map(pending.attribution()));
        item.put(EXPIRES_AT, epoch(pending.expiresAt()));
        item.put(LeadpipeTable.ADMIN_PK, str(LeadpipeTable.person(pending.addressKey())));
        item.put(LeadpipeTable.ADMIN_SK, str(item.get(LeadpipeTable.PK).s()));
        if (mailDueAt != null) {
            String pk = item.get(LeadpipeTable.PK).s();
            item.put(LeadpipeTable.MAIL_SHARD, str(LeadpipeTable.mailShard(pk)));
            item.put(LeadpipeTable.MAIL_DUE_AT, time(mailDueAt));
            item.put("baseUrl", str(baseUrl));
        }
        return Put.builder().tableName(table.name()).item(item).build();
    }

    /** Latest answers replace the earlier ones; every set joins the history, for the ledger at confirmation. */
    void saveSurvey(String campaignId, String addressKey, String submissionId, SurveyEntry entry)
            throws ConflictException {
        table.writeOrConflict(surveyUpdate(campaignId, addressKey, submissionId, entry), "cannot save survey answers",
                "pending signup changed");
    }

    /** Only while the signup is the one the answers belong to. */
    UpdateItemRequest surveyUpdate(String campaignId, String addressKey, String submissionId, SurveyEntry entry) {
        return UpdateItemRequest.builder().tableName(table.name())
                .key(ItemCodec.pendingKey(campaignId, addressKey))
                .updateExpression("SET #survey = :answers, #history = list_append(if_not_exists(#history, :none), :entry)")
                .conditionExpression("submissionId = :sid")
                .expressionAttributeNames(Map.of("#survey", "survey", "#history", "surveyHistory"))
                .expressionAttributeValues(Map.of(":answers", answers(entry.answers()), ":sid", str(submissionId),
                        ":none", AttributeValue.fromL(List.of()),
                        ":entry", AttributeValue.fromL(List.of(surveyEntry(entry)))))
                .build();
    }

    /** Gone once confirmed: only if it is still the signup being confirmed. */
    Delete deleteConfirmed(Pending pending) {
        return Delete.builder().tableName(table.name())
                .key(ItemCodec.pendingKey(pending.campaignId(), pending.addressKey()))
                .conditionExpression("submissionId = :sid")
                .expressionAttributeValues(Map.of(":sid", str(pending.submissionId())))
                .build();
    }

    @Override
    public Pending decode(Map<String, AttributeValue> item) {
        return new Pending(s(item, "campaign"), s(item, "addressKey"), s(item, "submissionId"),
                new EmailAddress(s(item, "email")), strings(item.get("fields")), evidence(item, "signup"),
                epochInstant(item, EXPIRES_AT), MailState.valueOf(s(item, "mailState")), answers(item.get("survey")),
                surveyHistory(item.get("surveyHistory")), strings(item.get("attribution")));
    }

    /** The owed mail of a pending item; empty when its mail is not owed (sent, failed, or an old item). */
    Optional<OwedMail> owed(Map<String, AttributeValue> item) {
        AttributeValue due = item.get(LeadpipeTable.MAIL_DUE_AT);
        if (due == null) {
            return Optional.empty();
        }
        return Optional.of(new OwedMail(decode(item), s(item, "baseUrl"), Instant.parse(due.s())));
    }

    private static AttributeValue surveyEntry(SurveyEntry entry) {
        return AttributeValue.fromM(Map.of("at", time(entry.at()), "answers", answers(entry.answers())));
    }

    private static List<SurveyEntry> surveyHistory(AttributeValue value) {
        if (value == null || !value.hasL()) {
            return List.of();
        }
        List<SurveyEntry> history = new ArrayList<>();
        for (AttributeValue v : value.l()) {
            history.add(new SurveyEntry(Instant.parse(v.m().get("at").s()), answers(v.m().get("answers"))));
        }
        return history;
    }
}
