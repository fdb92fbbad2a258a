package com.leadpipe.store;

import static com.leadpipe.store.ItemCodec.s;
import static com.leadpipe.store.ItemCodec.str;

import com.leadpipe.store.Records.Lead;
import com.leadpipe.store.Records.LedgerEvent;
import com.leadpipe.store.Records.Pending;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * What the admin API reads: funnel counters, a campaign's leads (admin-index, newest first) and
 * everything held about one person. Queries and GetItems only, never a Scan ({@link LeadpipeTable}).
 */
public final class AdminStore {

    /** One counter item: a campaign's steps on one day for one source, medium and UTM campaign. */
    public record CounterRow(LocalDate day, String source, String medium, String utmCampaign, Map<String, Long> steps) {
    }

    /** A confirmed lead as a list or export shows it. */
    public record LeadRow(Lead lead, Optional<Instant> handRaisedAt, Optional<Instant> unsubscribedAt) {
    }

    /** Filters of a lead list; empty strings match everything. */
    public record LeadFilter(String stage, String temperature, String tag, Optional<Instant> since) {
    }

    /** One page of leads, and the cursor of the next (empty on the last). */
    public record LeadPage(List<LeadRow> rows, Optional<String> cursor) {
    }

    /** One person in one campaign: the lead or pending signup, if any, and the whole ledger. */
    public record PersonInCampaign(String campaignId, Optional<LeadRow> lead, Optional<Pending> pending,
                                   List<LedgerEvent> ledger) {
    }

    /** The step names of counter items, in funnel order. */
    public static final List<String> STEPS;

    static {
        List<String> steps = new ArrayList<>();
        for (CounterRepository.Step step : CounterRepository.Step.values()) {
            steps.add(step.attribute);
        }
        STEPS = List.copyOf(steps);
    }

    private final DynamoTable table;
    private final LeadRepository leads;
    private final PendingRepository pendings;
    private final LedgerRepository ledger;

    public AdminStore(DynamoDbClient dynamo, String tableName) {
        this.table = new DynamoTable(dynamo, tableName);
        this.leads = new LeadRepository(table);
        this.pendings = new PendingRepository(table);
        this.ledger = new LedgerRepository(table);
    }

    /** Counter items of a campaign from one UTC day to another, both included: one Query. */
    public List<CounterRow> counters(String campaignId, LocalDate from, LocalDate to) {
        QueryRequest query = QueryRequest.builder().tableName(table.name())
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#pk", LeadpipeTable.PK, "#sk", LeadpipeTable.SK))
                .expressionAttributeValues(Map.of(":pk", str(CounterRepository.pk(campaignId)),
                        ":from", str(CounterRepository.SK_PREFIX + from), ":to", str(CounterRepository.SK_PREFIX + to + "~")))
                .build();
        List<CounterRow> rows = new ArrayList<>();
        for (Map<String, AttributeValue> item : table.query(query, 0, "cannot read funnel counters")) {
            Map<String, Long> steps = new LinkedHashMap<>();
            for (String step : STEPS) {
                steps.put(step, ItemCodec.number(item, step));
            }
            rows.add(new CounterRow(LocalDate.parse(s(item, "day")), s(item, "source"), s(item, "medium"),
                    s(item, "utmCampaign"), steps));
        }
        return rows;
    }

    /**
     * Confirmed leads of a campaign, newest first, at most {@code limit}, from {@code cursor} on.
     *
     * @throws IllegalArgumentException for a cursor this did not hand out
     */
    public LeadPage leads(String campaignId, LeadFilter filter, int limit, Optional<String> cursor) {
        Map<String, String> names = new HashMap<>(Map.of("#apk", LeadpipeTable.ADMIN_PK));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":apk", str(LeadpipeTable.campaignLeads(campaignId))));
        String keyCondition = "#apk = :apk";
        if (filter.since().isPresent()) {
            names.put("#ask", LeadpipeTable.ADMIN_SK);
            values.put(":since", str(ItemCodec.iso(filter.since().get())));
            keyCondition += " AND #ask >= :since";
        }
        List<String> filters = new ArrayList<>();
        if (!filter.stage().isEmpty()) {
            names.put("#stage", "stage");
            values.put(":stage", str(filter.stage()));
            filters.add("#stage = :stage");
        }
        if (!filter.temperature().isEmpty()) {
            names.put("#temperature", "temperature");
            values.put(":temperature", str(filter.temperature()));
            filters.add("#temperature = :temperature");
        }
        if (!filter.tag().isEmpty()) {
            names.put("#tags", "tags");
            values.put(":tag", str(filter.tag()));
            filters.add("contains(#tags, :tag)");
        }
        QueryRequest.Builder base = QueryRequest.builder().tableName(table.name()).indexName(LeadpipeTable.ADMIN_INDEX)
                .keyConditionExpression(keyCondition).scanIndexForward(false)
                .expressionAttributeNames(names).expressionAttributeValues(values);
        if (!filters.isEmpty()) {
            base.filterExpression(String.join(" AND ", filters));
        }
        List<LeadRow> rows = new ArrayList<>();
        Map<String, AttributeValue> start = cursor.map(AdminStore::decodeCursor).orElse(null);
        do {
            QueryResponse page = table.page(base.exclusiveStartKey(start).limit(limit - rows.size()).build(),
                    "cannot list leads");
            for (Map<String, AttributeValue> item : page.items()) {
                rows.add(row(item));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && rows.size() < limit);
        return new LeadPage(rows, Optional.ofNullable(start).map(AdminStore::encodeCursor));
    }

    /** The person of {@code addressKey} in one campaign, strongly consistent. */
    public PersonInCampaign person(String campaignId, String addressKey) {
        Optional<LeadRow> lead = table.get(ItemCodec.leadKey(campaignId, addressKey)).map(this::row);
        Optional<Pending> pending = table.find(ItemCodec.pendingKey(campaignId, addressKey), pendings);
        return new PersonInCampaign(campaignId, lead, pending, ledger.list(campaignId, addressKey));
    }

    private LeadRow row(Map<String, AttributeValue> item) {
        return new LeadRow(leads.decode(item), Optional.ofNullable(ItemCodec.instant(item, "handRaisedAt")),
                Optional.ofNullable(ItemCodec.instant(item, "unsubscribedAt")));
    }

    // The cursor is the index's LastEvaluatedKey (four strings), base64url: opaque to callers.
    private static String encodeCursor(Map<String, AttributeValue> key) {
        StringBuilder out = new StringBuilder();
        for (String name : List.of(LeadpipeTable.PK, LeadpipeTable.SK, LeadpipeTable.ADMIN_PK, LeadpipeTable.ADMIN_SK)) {
            out.append(key.get(name).s()).append('\n');
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, AttributeValue> decodeCursor(String cursor) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", -1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not one this API handed out");
        }
        if (parts.length != 5 || !parts[2].startsWith("LEADS#")) {
            throw new IllegalArgumentException("cursor is not one this API handed out");
        }
        return Map.of(LeadpipeTable.PK, str(parts[0]), LeadpipeTable.SK, str(parts[1]),
                LeadpipeTable.ADMIN_PK, str(parts[2]), LeadpipeTable.ADMIN_SK, str(parts[3]));
    }
}
