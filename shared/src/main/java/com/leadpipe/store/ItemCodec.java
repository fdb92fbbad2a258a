package com.leadpipe.store;

import static com.leadpipe.store.LeadpipeTable.PK;
import static com.leadpipe.store.LeadpipeTable.SK;

import com.leadpipe.subscribe.Signup;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How the domain's values look in an item, for every repository: times, string maps and lists,
 * survey answers, consent evidence, item keys. Which attributes an item has is its repository's
 * business; key formats and access patterns are {@link LeadpipeTable}'s.
 *
 * <p>Loops rather than streams and lambdas: this runs on the signup path, where every class
 * loaded is cold-start time (BENCHMARKS.md).
 */
final class ItemCodec {

    /** Fixed width so times sort as strings (event keys, the due-index). */
    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** Condition of a write that must create its item, never overwrite one. */
    static final String NEW_ITEM = "attribute_not_exists(#pk)";
    static final Map<String, String> PK_NAME = Map.of("#pk", PK);

    private ItemCodec() {
    }

    /** Reads an item of one kind back into its record: each repository is the decoder of its kind. */
    interface Decoder<T> {
        T decode(Map<String, AttributeValue> item);
    }

    // ---- keys and scalars -----------------------------------------------------------------

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, str(pk), SK, str(sk));
    }

    static Map<String, AttributeValue> leadKey(String campaignId, String addressKey) {
        return key(LeadpipeTable.leadPk(campaignId, addressKey), LeadpipeTable.SK_LEAD);
    }

    static Map<String, AttributeValue> pendingKey(String campaignId, String addressKey) {
        return key(LeadpipeTable.leadPk(campaignId, addressKey), LeadpipeTable.SK_PENDING);
    }

    static Map<String, AttributeValue> addressItemKey(String addressKey) {
        return key(LeadpipeTable.addressPk(addressKey), LeadpipeTable.SK_ADDRESS);
    }

    static Map<String, AttributeValue> tokenKey(String tokenHash) {
        return key(LeadpipeTable.tokenPk(tokenHash), LeadpipeTable.SK_TOKEN);
    }

    /** Null is stored as "": attributes are never missing because a value was. */
    static AttributeValue str(String value) {
        return AttributeValue.fromS(value == null ? "" : value);
    }

    static AttributeValue num(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** Epoch seconds, as TTL and the cap window want them. */
    static AttributeValue epoch(Instant instant) {
        return num(instant.getEpochSecond());
    }

    static String iso(Instant instant) {
        return SORTABLE.format(instant);
    }

    static AttributeValue time(Instant instant) {
        return str(iso(instant));
    }

    static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        String v = s(item, name);
        return v == null ? null : Instant.parse(v);
    }

    static Instant epochInstant(Map<String, AttributeValue> item, String name) {
        return Instant.ofEpochSecond(Long.parseLong(item.get(name).n()));
    }

    /** A number attribute, 0 when missing. */
    static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? 0 : Long.parseLong(v.n());
    }

    // ---- collections ----------------------------------------------------------------------

    static AttributeValue map(Map<String, String> values) {
        Map<String, AttributeValue> m = new HashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            m.put(e.getKey(), str(e.getValue()));
        }
        return AttributeValue.fromM(m);
    }

    /** Empty when missing or not a map. */
    static Map<String, String> strings(AttributeValue value) {
        if (value == null || !value.hasM()) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, AttributeValue> e : value.m().entrySet()) {
            out.put(e.getKey(), e.getValue().s());
        }
        return out;
    }

    static AttributeValue list(Collection<String> values) {
        List<AttributeValue> l = new ArrayList<>(values.size());
        for (String v : values) {
            l.add(str(v));
        }
        return AttributeValue.fromL(l);
    }

    /** Sorted, so the same set is always the same list. */
    static AttributeValue sortedList(Set<String> values) {
        List<String> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return list(sorted);
    }

    /** Empty when missing. */
    static Set<String> stringSet(AttributeValue value) {
        if (value == null || !value.hasL()) {
            return Set.of();
        }
        Set<String> out = new HashSet<>();
        for (AttributeValue v : value.l()) {
            out.add(v.s());
        }
        return out;
    }

    // ---- domain values --------------------------------------------------------------------

    /** Survey answers: question id to the options chosen (or the text given). */
    static AttributeValue answers(Map<String, List<String>> answers) {
        Map<String, AttributeValue> m = new HashMap<>();
        for (Map.Entry<String, List<String>> answer : answers.entrySet()) {
            m.put(answer.getKey(), list(answer.getValue()));
        }
        return AttributeValue.fromM(m);
    }

    static Map<String, List<String>> answers(AttributeValue value) {
        if (value == null || !value.hasM()) {
            return Map.of();
        }
        Map<String, List<String>> out = new HashMap<>();
        for (Map.Entry<String, AttributeValue> answer : value.m().entrySet()) {
            List<String> chosen = new ArrayList<>();
            for (AttributeValue v : answer.getValue().l()) {
                chosen.add(v.s());
            }
            out.put(answer.getKey(), Collections.unmodifiableList(chosen));
        }
        return out;
    }

    /** Consent evidence as flat attributes: {prefix}At, Ip, UserAgent, ConsentVersion, ConsentText. */
    static void putEvidence(Map<String, AttributeValue> item, String prefix, Signup.ConsentEvidence e) {
        item.put(prefix + "At", time(e.at()));
        item.put(prefix + "Ip", str(e.ip()));
        item.put(prefix + "UserAgent", str(e.userAgent()));
        item.put(prefix + "ConsentVersion", str(e.consentVersion()));
        item.put(prefix + "ConsentText", str(e.consentText()));
    }

    static Signup.ConsentEvidence evidence(Map<String, AttributeValue> item, String prefix) {
        return new Signup.ConsentEvidence(instant(item, prefix + "At"), s(item, prefix + "Ip"),
                s(item, prefix + "UserAgent"), s(item, prefix + "ConsentVersion"), s(item, prefix + "ConsentText"));
    }

    // ---- expressions ----------------------------------------------------------------------

    /**
     * "SET #a0 = :a0, ..." for every attribute in {@code set}, in its order, adding a name and a
     * value placeholder for each: many attribute names are reserved words (status, ...).
     */
    static String setExpression(Map<String, AttributeValue> set, Map<String, String> names,
                                Map<String, AttributeValue> values) {
        StringBuilder expression = new StringBuilder("SET ");
        int i = 0;
        for (Map.Entry<String, AttributeValue> attribute : set.entrySet()) {
            names.put("#a" + i, attribute.getKey());
            values.put(":a" + i, attribute.getValue());
            expression.append(i == 0 ? "" : ", ").append("#a").append(i).append(" = :a").append(i);
            i++;
        }
        return expression.toString();
    }
}
