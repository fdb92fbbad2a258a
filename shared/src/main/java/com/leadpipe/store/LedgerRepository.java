package com.leadpipe.store;

import static com.leadpipe.store.ItemCodec.NEW_ITEM;
import static com.leadpipe.store.ItemCodec.PK_NAME;
import static com.leadpipe.store.ItemCodec.instant;
import static com.leadpipe.store.ItemCodec.iso;
import static com.leadpipe.store.ItemCodec.map;
import static com.leadpipe.store.ItemCodec.s;
import static com.leadpipe.store.ItemCodec.str;
import static com.leadpipe.store.ItemCodec.strings;
import static com.leadpipe.store.LeadpipeTable.PK;
import static com.leadpipe.store.LeadpipeTable.SK;

import com.leadpipe.campaign.Survey;
import com.leadpipe.store.Records.Evidence;
import com.leadpipe.store.Records.LedgerEvent;
import com.leadpipe.store.Records.SurveyEntry;
import com.leadpipe.survey.Qualifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * A lead's append-only ledger ({@code LEAD#{campaign}#{addressKey}} / {@code EVENT#{time}#{n}#{type}#{id}}):
 * consent (subscribed, confirmed, unsubscribed), survey answers, qualification changes, nurture
 * sends. Events are only ever added, as parts of the transaction of what they record.
 */
final class LedgerRepository implements ItemCodec.Decoder<LedgerEvent> {

    private final DynamoTable table;

    LedgerRepository(DynamoTable table) {
        this.table = table;
    }

    /** Oldest first. */
    List<LedgerEvent> list(String campaignId, String addressKey) {
        List<LedgerEvent> events = new ArrayList<>();
        for (Map<String, AttributeValue> item : table.query(query(campaignId, addressKey), 0, "cannot read ledger")) {
            events.add(decode(item));
        }
        return events;
    }

    QueryRequest query(String campaignId, String addressKey) {
        return QueryRequest.builder().tableName(table.name()).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(
                        ":pk", str(LeadpipeTable.leadPk(campaignId, addressKey)),
                        ":prefix", str(LeadpipeTable.SK_EVENT_PREFIX)))
                .build();
    }

    /**
     * A new event of the lead of {@code addressKey} in the event's campaign; never overwrites one.
     *
     * @param id    ends the key: the submission for consent and survey events, the lead for unsubscribe
     * @param order position among events one action writes at the same instant (answers, then result)
     */
    Put append(String addressKey, LedgerEvent event, String id, int order) {
        String leadPk = LeadpipeTable.leadPk(event.campaignId(), addressKey);
        Map<String, AttributeValue> item = new HashMap<>(ItemCodec.key(leadPk,
                LeadpipeTable.eventSk(iso(event.at()), order, event.type(), id)));
        item.put("type", str(event.type()));
        item.put("at", str(iso(event.at())));
        item.put("ip", str(event.ip()));
        item.put("userAgent", str(event.userAgent()));
        item.put("campaign", str(event.campaignId()));
        item.put("consentVersion", str(event.consentVersion()));
        if (!event.details().isEmpty()) {
            item.put("details", map(event.details()));
        }
        return Put.builder().tableName(table.name()).item(item).conditionExpression(NEW_ITEM)
                .expressionAttributeNames(PK_NAME).build();
    }

    /**
     * A nurture step sent: no consent data, so no ip, user agent or consent version. A plain Put:
     * the step's send marker already makes the send happen once.
     */
    Put nurtureSent(String campaignId, String addressKey, String stepId, Instant sentAt, String messageId) {
        Map<String, AttributeValue> item = new HashMap<>(ItemCodec.key(LeadpipeTable.leadPk(campaignId, addressKey),
                LeadpipeTable.eventSk(iso(sentAt), 0, "nurture_sent", stepId)));
        item.put("type", str("nurture_sent"));
        item.put("at", str(iso(sentAt)));
        item.put("campaign", str(campaignId));
        item.put("details", AttributeValue.fromM(Map.of("step", str(stepId), "messageId", str(messageId))));
        return Put.builder().tableName(table.name()).item(item).build();
    }

    /** One event per answer set: question id to the chosen options, joined by "|". */
    static LedgerEvent surveyAnswered(String campaignId, SurveyEntry entry, Evidence evidence) {
        Map<String, String> details = new TreeMap<>();
        for (Map.Entry<String, List<String>> answer : entry.answers().entrySet()) {
            details.put(answer.getKey(), String.join("|", answer.getValue()));
        }
        return new LedgerEvent("survey_answered", entry.at(), evidence.ip(), evidence.userAgent(), campaignId, "",
                details);
    }

    /** The qualification a lead has from then on: scores, temperature, stage and tags. */
    static LedgerEvent qualified(String campaignId, Qualifier.Qualification q, Instant at) {
        return new LedgerEvent("qualified", at, "", "", campaignId, "", Map.of(
                "temperature", q.temperature().lower(), "stage", q.stage().lower(),
                "interest", String.valueOf(q.score(Survey.Axis.INTEREST)),
                "budget", String.valueOf(q.score(Survey.Axis.BUDGET)),
                "fit", String.valueOf(q.score(Survey.Axis.FIT)),
                "total", String.valueOf(q.total()), "tags", String.join(",", q.tags())));
    }

    @Override
    public LedgerEvent decode(Map<String, AttributeValue> item) {
        return new LedgerEvent(s(item, "type"), instant(item, "at"), s(item, "ip"), s(item, "userAgent"),
                s(item, "campaign"), s(item, "consentVersion"), strings(item.get("details")));
    }
}
