package com.leadpipe.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.subscribe.Signup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemCodecTest {

    @Test
    void timesAreFixedWidthMicrosecondsInUtcSoTheySortAsText() {
        List<Instant> times = List.of(Instant.parse("2026-11-23T10:16:26Z"), Instant.parse("2026-11-23T10:16:26.5Z"),
                Instant.parse("2026-11-23T10:16:26.512345678Z"), Instant.parse("2026-11-23T10:16:27Z"));

        List<String> written = new ArrayList<>();
        for (Instant t : times) {
            written.add(ItemCodec.iso(t));
        }

        assertThat(written).containsExactly("2026-11-23T10:16:26.000000Z", "2026-11-23T10:16:26.500000Z",
                "2026-11-23T10:16:26.512345Z", "2026-11-23T10:16:27.000000Z").isSorted();
        assertThat(ItemCodec.instant(Map.of("at", ItemCodec.time(times.get(2))), "at"))
                .isEqualTo(Instant.parse("2026-11-23T10:16:26.512345Z"));
        assertThat(ItemCodec.instant(Map.of(), "at")).isNull();
        assertThat(ItemCodec.epochInstant(Map.of("t", ItemCodec.epoch(times.get(2))), "t")).isEqualTo(times.get(0));
    }

    @Test
    void keysFollowTheTablesFormats() {
        assertThat(ItemCodec.leadKey("demo", "k1")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "PK", AttributeValue.fromS("LEAD#demo#k1"), "SK", AttributeValue.fromS("LEAD")));
        assertThat(ItemCodec.pendingKey("demo", "k1").get("SK").s()).isEqualTo("PENDING");
        assertThat(ItemCodec.pendingKey("demo", "k1").get("PK").s()).isEqualTo("LEAD#demo#k1");
        assertThat(ItemCodec.addressItemKey("k1")).containsEntry("PK", AttributeValue.fromS("ADDR#k1"))
                .containsEntry("SK", AttributeValue.fromS("ADDR"));
        assertThat(ItemCodec.tokenKey("h1")).containsEntry("PK", AttributeValue.fromS("TOKEN#h1"))
                .containsEntry("SK", AttributeValue.fromS("TOKEN"));
        assertThat(LeadpipeTable.eventSk("2026-11-23T10:16:26.000000Z", 1, "qualified", "sub-1"))
                .isEqualTo("EVENT#2026-11-23T10:16:26.000000Z#1#qualified#sub-1");
        assertThat(LeadpipeTable.nurtureSk("welcome")).isEqualTo("NURTURE#welcome");
    }

    @Test
    void keysReadBackIntoTheirParts() {
        assertThat(LeadpipeTable.leadPkParts(LeadpipeTable.leadPk("demo", "k1"))).containsExactly("demo", "k1");
        assertThat(LeadpipeTable.tokenHashOf(LeadpipeTable.tokenPk("h1"))).isEqualTo("h1");
        assertThat(LeadpipeTable.addressKeyOf(LeadpipeTable.addressPk("k1"))).isEqualTo("k1");
    }

    @Test
    void missingValuesAreEmptyNotNull() {
        assertThat(ItemCodec.str(null).s()).isEmpty();
        assertThat(ItemCodec.strings(null)).isEmpty();
        assertThat(ItemCodec.strings(AttributeValue.fromS("not a map"))).isEmpty();
        assertThat(ItemCodec.answers((AttributeValue) null)).isEmpty();
        assertThat(ItemCodec.stringSet(null)).isEmpty();
        assertThat(ItemCodec.number(Map.of(), "version")).isZero();
        assertThat(ItemCodec.number(Map.of("version", ItemCodec.num(7)), "version")).isEqualTo(7);
    }

    @Test
    void stringMapsAnswersAndSetsRoundTrip() {
        Map<String, String> fields = Map.of("firstName", "Ada", "role", "Developer", "empty", "");
        Map<String, List<String>> answers = Map.of("channels", List.of("ads", "email"), "goal", List.of("Launch in May"));

        assertThat(ItemCodec.strings(ItemCodec.map(fields))).isEqualTo(fields);
        assertThat(ItemCodec.answers(ItemCodec.answers(answers))).isEqualTo(answers);
        assertThat(ItemCodec.answers(ItemCodec.answers(answers)).get("channels")).containsExactly("ads", "email");
        assertThat(ItemCodec.stringSet(ItemCodec.sortedList(Set.of("b", "c", "a")))).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(ItemCodec.sortedList(Set.of("b", "c", "a")).l()).extracting(AttributeValue::s).containsExactly("a", "b", "c");
    }

    @Test
    void consentEvidenceIsFlatAttributesUnderAPrefixAndRoundTrips() {
        Signup.ConsentEvidence evidence = StoreSamples.signupEvidence();
        Map<String, AttributeValue> item = new HashMap<>();

        ItemCodec.putEvidence(item, "signup", evidence);

        assertThat(item).containsOnlyKeys("signupAt", "signupIp", "signupUserAgent", "signupConsentVersion",
                "signupConsentText");
        assertThat(item.get("signupAt").s()).isEqualTo("2026-11-23T10:16:26.512345Z");
        assertThat(ItemCodec.evidence(item, "signup")).isEqualTo(evidence);
    }

    @Test
    void setExpressionsNameEveryAttributeByPlaceholderInOrder() {
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        set.put("status", ItemCodec.str("CONFIRMED"));
        set.put("email", ItemCodec.str("ada@example.com"));
        Map<String, String> names = new HashMap<>(Map.of("#pk", "PK"));
        Map<String, AttributeValue> values = new HashMap<>();

        String expression = ItemCodec.setExpression(set, names, values);

        assertThat(expression).isEqualTo("SET #a0 = :a0, #a1 = :a1");
        assertThat(names).containsEntry("#a0", "status").containsEntry("#a1", "email").containsEntry("#pk", "PK");
        assertThat(values).containsEntry(":a0", ItemCodec.str("CONFIRMED")).containsEntry(":a1", ItemCodec.str("ada@example.com"));
    }
}
