package com.leadpipe.store;

import static com.leadpipe.store.ItemCodec.str;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Funnel counters ({@code COUNT#{campaign}} / {@code DAY#{yyyy-MM-dd}#{source}#{medium}#{utmCampaign}#{shard}}):
 * one item per campaign, UTC day, UTM source, medium and campaign, and shard, each step a number
 * attribute raised with {@code ADD}. The update joins the transaction of the state change it
 * counts, so a counted event and its change are all or nothing, and a retried request whose
 * change was refused (token used, already confirmed) counts nothing. Shards ({@link #SHARDS}, by
 * address key) keep two parallel transactions of different people from meeting on one item
 * (DynamoDB cancels one of them with TransactionConflict; the services re-read and retry).
 */
final class CounterRepository {

    /** The funnel steps, as attribute names on a counter item and in the admin API. */
    enum Step {
        VIEWS("views"), SIGNUPS("signups"), CONFIRMED("confirmed"), ENGAGED("engaged"), QUALIFIED("qualified"),
        SALES_READY("salesReady"), UNSUBSCRIBED("unsubscribed"), BOUNCED("bounced");

        final String attribute;

        Step(String attribute) {
            this.attribute = attribute;
        }
    }

    static final int SHARDS = 8;
    static final String PK_PREFIX = "COUNT#";
    static final String SK_PREFIX = "DAY#";
    static final String NONE = "(none)";
    private static final int MAX_LABEL = 64;

    private final DynamoTable table;

    CounterRepository(DynamoTable table) {
        this.table = table;
    }

    static String pk(String campaignId) {
        return PK_PREFIX + campaignId;
    }

    /** Lower-cased, '#' and controls dropped, cut to 64: attribution comes from URLs anyone writes. */
    static String label(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        StringBuilder out = new StringBuilder();
        for (char c : value.strip().toLowerCase(Locale.ROOT).toCharArray()) {
            if (c != '#' && !Character.isISOControl(c) && out.length() < MAX_LABEL) {
                out.append(c);
            }
        }
        return out.isEmpty() ? NONE : out.toString();
    }

    static String sk(LocalDate day, Map<String, String> attribution, String addressKey) {
        return SK_PREFIX + day + "#" + label(attribution.get("utm_source")) + "#" + label(attribution.get("utm_medium"))
                + "#" + label(attribution.get("utm_campaign")) + "#" + Math.floorMod(addressKey.hashCode(), SHARDS);
    }

    /** Raises each step by one on the counter of the event's day and the lead's attribution: a transaction part. */
    Update add(String campaignId, String addressKey, Map<String, String> attribution, Instant at, Step... steps) {
        UpdateItemRequest r = request(campaignId, addressKey, attribution, at, steps);
        return Update.builder().tableName(r.tableName()).key(r.key()).updateExpression(r.updateExpression())
                .expressionAttributeNames(r.expressionAttributeNames())
                .expressionAttributeValues(r.expressionAttributeValues()).build();
    }

    /**
     * A marker in the lead's partition ({@code LEAD#..} / {@code markerSk}) written only if absent:
     * beside {@link #add} in one transaction, it makes an event that can be redelivered count once.
     */
    Put countedOnce(String campaignId, String addressKey, String markerSk, Instant at) {
        Map<String, AttributeValue> marker = new HashMap<>(
                ItemCodec.key(LeadpipeTable.leadPk(campaignId, addressKey), markerSk));
        marker.put("at", ItemCodec.time(at));
        return Put.builder().tableName(table.name()).item(marker).conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", LeadpipeTable.PK)).build();
    }

    /** The same as a request of its own, where no transaction is (page views). */
    UpdateItemRequest request(String campaignId, String addressKey, Map<String, String> attribution,
                                      Instant at, Step... steps) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        String sk = sk(day, attribution, addressKey);
        String[] parts = sk.split("#", -1);
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":one", ItemCodec.num(1));
        values.put(":day", str(day.toString()));
        values.put(":source", str(parts[2]));
        values.put(":medium", str(parts[3]));
        values.put(":utm", str(parts[4]));
        StringBuilder add = new StringBuilder(" ADD ");
        for (int i = 0; i < steps.length; i++) {
            names.put("#c" + i, steps[i].attribute);
            add.append(i == 0 ? "" : ", ").append("#c").append(i).append(" :one");
        }
        return UpdateItemRequest.builder().tableName(table.name())
                .key(ItemCodec.key(pk(campaignId), sk))
                .updateExpression("SET #day = :day, #source = :source, #medium = :medium, #utm = :utm" + add)
                .expressionAttributeNames(withLabels(names))
                .expressionAttributeValues(values).build();
    }

    private static Map<String, String> withLabels(Map<String, String> names) {
        names.put("#day", "day");
        names.put("#source", "source");
        names.put("#medium", "medium");
        names.put("#utm", "utmCampaign");
        return names;
    }
}
