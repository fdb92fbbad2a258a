package com.leadpipe.store;

import static com.leadpipe.store.ItemCodec.answers;
import static com.leadpipe.store.ItemCodec.evidence;
import static com.leadpipe.store.ItemCodec.instant;
import static com.leadpipe.store.ItemCodec.map;
import static com.leadpipe.store.ItemCodec.num;
import static com.leadpipe.store.ItemCodec.s;
import static com.leadpipe.store.ItemCodec.str;
import static com.leadpipe.store.ItemCodec.stringSet;
import static com.leadpipe.store.ItemCodec.strings;
import static com.leadpipe.store.ItemCodec.time;
import static com.leadpipe.store.LeadpipeTable.PK;

import com.leadpipe.campaign.Survey;
import com.leadpipe.email.EmailAddress;
import com.leadpipe.store.Records.Evidence;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.store.Records.LeadStatus;
import com.leadpipe.store.Records.Pending;
import com.leadpipe.store.Records.SurveyEntry;
import com.leadpipe.survey.Qualifier;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The confirmed lead ({@code LEAD#{campaign}#{addressKey}} / {@code LEAD}): its fields, the proof
 * of its consent (signup and confirmation evidence), survey answers and qualification, status,
 * and its nurture progress (which {@link NurtureStore} writes).
 */
final class LeadRepository implements ItemCodec.Decoder<Lead> {

    private static final String CONFIRMED = LeadStatus.CONFIRMED.name();

    private final DynamoTable table;

    LeadRepository(DynamoTable table) {
        this.table = table;
    }

    /**
     * Writes the lead from its pending signup, or re-activates an unsubscribed one: it keeps its
     * lead id and creation time. Not if it is confirmed already.
     *
     * @param newLeadId the id if this is the address's first lead in the campaign
     * @param enrollInNurture due now: the scheduler's next run finds the lead and the sender works
     *                        out the first step
     */
    Update confirm(Pending pending, Evidence confirmation, Qualifier.Qualification qualification,
                   boolean enrollInNurture, String newLeadId) {
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        set.put("email", str(pending.email().value()));
        set.put("campaign", str(pending.campaignId()));
        set.put("addressKey", str(pending.addressKey()));
        set.put("submissionId", str(pending.submissionId()));
        set.put("fields", map(pending.fields()));
        set.put("status", str(CONFIRMED));
        set.put("confirmedAt", time(confirmation.at()));
        set.put("signupConsentVersion", str(pending.signup().consentVersion()));
        set.put("signupConsentText", str(pending.signup().consentText()));
        set.put("signupAt", time(pending.signup().at()));
        set.put("signupIp", str(pending.signup().ip()));
        set.put("signupUserAgent", str(pending.signup().userAgent()));
        set.put("confirmAt", time(confirmation.at()));
        set.put("confirmIp", str(confirmation.ip()));
        set.put("confirmUserAgent", str(confirmation.userAgent()));
        set.put("survey", answers(pending.survey()));
        set.put("attribution", map(pending.attribution()));
        putQualification(set, qualification);
        set.put(LeadpipeTable.ADMIN_PK, str(LeadpipeTable.campaignLeads(pending.campaignId())));
        set.put(LeadpipeTable.ADMIN_SK, str(ItemCodec.iso(confirmation.at()) + "#" + pending.addressKey()));
        if (enrollInNurture) {
            String leadPk = LeadpipeTable.leadPk(pending.campaignId(), pending.addressKey());
            set.put(LeadpipeTable.DUE_SHARD, str(LeadpipeTable.dueShard(leadPk)));
            set.put(LeadpipeTable.DUE_AT, time(confirmation.at()));
        }
        Map<String, String> names = new HashMap<>(Map.of("#pk", PK, "#leadId", "leadId", "#createdAt", "createdAt",
                "#status", "status"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":leadId", str(newLeadId),
                ":now", time(confirmation.at()),
                ":confirmed", str(CONFIRMED)));
        return Update.builder().tableName(table.name()).key(ItemCodec.leadKey(pending.campaignId(), pending.addressKey()))
                .updateExpression(ItemCodec.setExpression(set, names, values)
                        + ", #leadId = if_not_exists(#leadId, :leadId), #createdAt = if_not_exists(#createdAt, :now)")
                .conditionExpression("attribute_not_exists(#pk) OR #status <> :confirmed")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
    }

    /** New answers and the qualification they give; only while the lead is confirmed from the same signup. */
    Update saveSurvey(Lead lead, SurveyEntry entry, Qualifier.Qualification qualification) {
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        set.put("survey", answers(entry.answers()));
        putQualification(set, qualification);
        Map<String, String> names = new HashMap<>(Map.of("#status", "status", "#sid", "submissionId"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":confirmed", str(CONFIRMED),
                ":sid", str(lead.submissionId())));
        return Update.builder().tableName(table.name()).key(ItemCodec.leadKey(lead.campaignId(), lead.addressKey()))
                .updateExpression(ItemCodec.setExpression(set, names, values))
                .conditionExpression("#status = :confirmed AND #sid = :sid")
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
    }

    /**
     * Status UNSUBSCRIBED with the time, and out of the sparse due-index (no {@code dueShard},
     * {@code dueAt}) so no further nurture step goes out. Only a CONFIRMED lead changes.
     */
    Update unsubscribe(String campaignId, String addressKey, Instant at) {
        return Update.builder().tableName(table.name()).key(ItemCodec.leadKey(campaignId, addressKey))
                .updateExpression("SET #status = :unsubscribed, #at = :now REMOVE #dueShard, #dueAt")
                .conditionExpression("#status = :confirmed")
                .expressionAttributeNames(Map.of("#status", "status", "#at", "unsubscribedAt",
                        "#dueShard", LeadpipeTable.DUE_SHARD, "#dueAt", LeadpipeTable.DUE_AT))
                .expressionAttributeValues(Map.of(":unsubscribed", str(LeadStatus.UNSUBSCRIBED.name()),
                        ":confirmed", str(CONFIRMED), ":now", time(at)))
                .build();
    }

    /**
     * Sales-ready with the hand-raise tag, the time and what the lead asked for; only a CONFIRMED
     * lead that has not raised its hand before changes, so a repeat writes nothing.
     */
    Update raiseHand(Lead lead, Qualifier.Qualification salesReady, Map<String, String> request, Instant at,
                     Optional<Instant> remindAt) {
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        set.put("stage", str(salesReady.stage().lower()));
        set.put("tags", ItemCodec.sortedList(salesReady.tags()));
        set.put("handRaisedAt", time(at));
        set.put("handRaise", map(request));
        remindAt.ifPresent(when -> {
            // On the sparse remind-index until acknowledged: the reminder is owed by the table itself.
            set.put(LeadpipeTable.REMIND_SHARD, str(LeadpipeTable.remindShard(
                    LeadpipeTable.leadPk(lead.campaignId(), lead.addressKey()))));
            set.put(LeadpipeTable.REMIND_AT, time(when));
        });
        Map<String, String> names = new HashMap<>(Map.of("#status", "status", "#handRaisedAt", "handRaisedAt"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":confirmed", str(CONFIRMED)));
        return Update.builder().tableName(table.name()).key(ItemCodec.leadKey(lead.campaignId(), lead.addressKey()))
                .updateExpression(ItemCodec.setExpression(set, names, values))
                .conditionExpression("#status = :confirmed AND attribute_not_exists(#handRaisedAt)")
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
    }

    @Override
    public Lead decode(Map<String, AttributeValue> item) {
        return new Lead(s(item, "campaign"), s(item, "addressKey"), s(item, "leadId"), s(item, "submissionId"),
                new EmailAddress(s(item, "email")), strings(item.get("fields")), LeadStatus.valueOf(s(item, "status")),
                instant(item, "createdAt"), instant(item, "confirmedAt"), evidence(item, "signup"),
                new Evidence(instant(item, "confirmAt"), s(item, "confirmIp"), s(item, "confirmUserAgent")),
                answers(item.get("survey")), qualification(item), strings(item.get("attribution")),
                new Records.Nurture(stringSet(item.get("nurtureDone")),
                        Optional.ofNullable(instant(item, "nurtureLastSentAt")),
                        Optional.ofNullable(instant(item, LeadpipeTable.DUE_AT))));
    }

    private static void putQualification(Map<String, AttributeValue> set, Qualifier.Qualification q) {
        set.put("scoreInterest", num(q.score(Survey.Axis.INTEREST)));
        set.put("scoreBudget", num(q.score(Survey.Axis.BUDGET)));
        set.put("scoreFit", num(q.score(Survey.Axis.FIT)));
        set.put("scoreTotal", num(q.total()));
        set.put("temperature", str(q.temperature().lower()));
        set.put("stage", str(q.stage().lower()));
        set.put("tags", ItemCodec.sortedList(q.tags()));
    }

    /** Unanswered (and confirmed) for a lead without a survey. */
    private static Qualifier.Qualification qualification(Map<String, AttributeValue> item) {
        if (!item.containsKey("temperature")) {
            return Qualifier.Qualification.unanswered(true);
        }
        Map<Survey.Axis, Integer> scores = new EnumMap<>(Survey.Axis.class);
        scores.put(Survey.Axis.INTEREST, (int) ItemCodec.number(item, "scoreInterest"));
        scores.put(Survey.Axis.BUDGET, (int) ItemCodec.number(item, "scoreBudget"));
        scores.put(Survey.Axis.FIT, (int) ItemCodec.number(item, "scoreFit"));
        return new Qualifier.Qualification(scores, (int) ItemCodec.number(item, "scoreTotal"),
                Survey.Temperature.valueOf(s(item, "temperature").toUpperCase(Locale.ROOT)),
                Qualifier.Stage.fromLower(s(item, "stage")),
                stringSet(item.get("tags")));
    }
}
