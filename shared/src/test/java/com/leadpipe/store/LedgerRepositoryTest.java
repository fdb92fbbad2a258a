package com.leadpipe.store;

import static com.leadpipe.store.StoreSamples.ADDRESS_KEY;
import static com.leadpipe.store.StoreSamples.LEAD_PK;
import static com.leadpipe.store.StoreSamples.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.store.Records.Evidence;
import com.leadpipe.store.Records.LedgerEvent;
import com.leadpipe.store.Records.SurveyEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

class LedgerRepositoryTest {

    static final Instant AT = Instant.parse("2026-11-23T10:16:26.512345Z");

    final LedgerRepository ledger = new LedgerRepository(StoreSamples.table());

    @Test
    void anEventIsAppendedUnderASortableKeyNeverOverwritingOneAndReadsBack() {
        LedgerEvent event = new LedgerEvent("confirmed", AT, "203.0.113.7", "Mozilla/5.0", "demo", "2026-11-01", Map.of());

        Put put = ledger.append(ADDRESS_KEY, event, "sub-1", 0);

        assertThat(put.item().get("PK").s()).isEqualTo(LEAD_PK);
        assertThat(put.item().get("SK").s()).isEqualTo("EVENT#2026-11-23T10:16:26.512345Z#0#confirmed#sub-1");
        assertThat(put.item()).doesNotContainKey("details");
        assertThat(put.conditionExpression()).isEqualTo("attribute_not_exists(#pk)");
        assertThat(ledger.decode(put.item())).isEqualTo(event);
    }

    @Test
    void surveyAnswersAndTheQualificationTheyGaveAreEventsWithDetails() {
        SurveyEntry entry = new SurveyEntry(AT, Map.of("channels", List.of("social", "ads"), "budget", List.of("none")));

        LedgerEvent answered = LedgerRepository.surveyAnswered("demo", entry, new Evidence(AT, "203.0.113.7", "UA"));
        LedgerEvent qualified = LedgerRepository.qualified("demo", StoreSamples.warm(), AT);
        Put second = ledger.append(ADDRESS_KEY, qualified, "sub-1", 1);

        assertThat(answered.details()).containsOnly(Map.entry("budget", "none"), Map.entry("channels", "social|ads"));
        assertThat(answered.ip()).isEqualTo("203.0.113.7");
        assertThat(qualified.details()).containsEntry("temperature", "warm").containsEntry("stage", "engaged")
                .containsEntry("interest", "5").containsEntry("budget", "2").containsEntry("fit", "3")
                .containsEntry("total", "10");
        assertThat(qualified.details().get("tags").split(",")).containsExactlyInAnyOrder("launched", "nurture-basics");
        assertThat(second.item().get("SK").s()).startsWith("EVENT#2026-11-23T10:16:26.512345Z#1#qualified#");
        assertThat(ledger.decode(second.item())).isEqualTo(qualified);
    }

    @Test
    void aNurtureSendCarriesNoConsentData() {
        Put put = ledger.nurtureSent("demo", ADDRESS_KEY, "welcome", AT, "m-1");

        assertThat(put.item()).containsOnlyKeys("PK", "SK", "type", "at", "campaign", "details");
        assertThat(put.item().get("SK").s()).isEqualTo("EVENT#2026-11-23T10:16:26.512345Z#0#nurture_sent#welcome");
        assertThat(put.conditionExpression()).isNull();
        assertThat(ledger.decode(put.item()).details())
                .containsExactlyInAnyOrderEntriesOf(Map.of("step", "welcome", "messageId", "m-1"));
    }

    @Test
    void theLedgerIsReadConsistentlyFromTheLeadsEventsOnly() {
        QueryRequest query = ledger.query("demo", ADDRESS_KEY);
        Put stored = ledger.append(ADDRESS_KEY, new LedgerEvent("subscribed", AT, "", "", "demo", "v1", Map.of()), "s", 0);
        LedgerRepository oneEvent = new LedgerRepository(StoreSamples.table(Map.of(
                "query", r -> QueryResponse.builder().items(List.of(stored.item())).build())));

        assertThat(query.consistentRead()).isTrue();
        assertThat(query.keyConditionExpression()).isEqualTo("#pk = :pk AND begins_with(#sk, :prefix)");
        assertThat(query.expressionAttributeValues()).containsEntry(":pk", s(LEAD_PK)).containsEntry(":prefix", s("EVENT#"));
        assertThat(oneEvent.list("demo", ADDRESS_KEY)).extracting(LedgerEvent::type).containsExactly("subscribed");
    }
}
