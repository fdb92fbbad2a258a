package com.leadpipe.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.campaign.CampaignCatalog;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Old and new images of Lambda's stream records in, typed events out (pure: no store, no bus). */
class LeadEventsTest {

    static final CampaignCatalog CAMPAIGNS = CampaignCatalog.fromClasspath();

    static String lead(String status, String temperature, String stage, String extra) {
        return """
                {"PK":{"S":"LEAD#demo#k"},"SK":{"S":"LEAD"},"campaign":{"S":"demo"},"addressKey":{"S":"k"},
                "leadId":{"S":"lead-1"},"submissionId":{"S":"s-1"},"email":{"S":"ada@example.org"},"status":{"S":"%s"},
                "fields":{"M":{"firstName":{"S":"Ada"},"secret":{"S":"not shared"}}},"attribution":{"M":{"utm_source":{"S":"nl"}}},
                "survey":{"M":{}},"createdAt":{"S":"2026-12-01T10:00:00Z"},"confirmedAt":{"S":"2026-12-01T10:00:00Z"},
                "confirmAt":{"S":"2026-12-01T10:00:00Z"},"signupAt":{"S":"2026-12-01T09:58:00Z"},
                "scoreInterest":{"N":"5"},"scoreBudget":{"N":"6"},"scoreFit":{"N":"5"},"scoreTotal":{"N":"16"},
                "temperature":{"S":"%s"},"stage":{"S":"%s"},"tags":{"L":[{"S":"launched"}]}%s}
                """.formatted(status, temperature, stage, extra);
    }

    static StreamBatch.Change change(String name, String oldImage, String newImage) {
        String json = "{\"Records\":[{\"eventID\":\"e1\",\"eventName\":\"" + name + "\",\"dynamodb\":{"
                + "\"ApproximateCreationDateTime\":1764583200,\"SequenceNumber\":\"42\",\"Keys\":{}"
                + (oldImage == null ? "" : ",\"OldImage\":" + oldImage)
                + (newImage == null ? "" : ",\"NewImage\":" + newImage) + "}}]}";
        return StreamBatch.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))).get(0);
    }

    @Test
    void aConfirmedLeadIsOneEventWithOnlyShareableFieldsAndNoAddress() {
        List<LeadEvent> events = LeadEvents.of(change("INSERT", null, lead("CONFIRMED", "hot", "qualified", "")),
                CAMPAIGNS::find);

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(LeadEvent.CONFIRMED);
            assertThat(e.detail()).containsEntry("id", "e1:lead.confirmed").containsEntry("sequence", "42")
                    .containsEntry("leadId", "lead-1").containsEntry("fields", Map.of("firstName", "Ada"))
                    .doesNotContainKey("handRaise");
            assertThat(e.detail().toString()).doesNotContain("ada@example.org");
        });
        assertThat(LeadEvents.becameHot(change("INSERT", null, lead("CONFIRMED", "hot", "qualified", "")))).isTrue();
    }

    @Test
    void aTemperatureChangeIsQualifiedAndUnsubscribingIsUnsubscribed() {
        String warm = lead("CONFIRMED", "warm", "engaged", "");
        assertThat(LeadEvents.of(change("MODIFY", warm, lead("CONFIRMED", "hot", "qualified", "")), CAMPAIGNS::find))
                .singleElement().satisfies(e -> {
                    assertThat(e.type()).isEqualTo(LeadEvent.QUALIFIED);
                    assertThat(e.detail()).containsEntry("previous", Map.of("temperature", "warm", "stage", "engaged"));
                });
        assertThat(LeadEvents.of(change("MODIFY", warm, lead("UNSUBSCRIBED", "warm", "engaged",
                ",\"unsubscribedAt\":{\"S\":\"2026-12-02T08:00:00Z\"}")), CAMPAIGNS::find))
                .extracting(LeadEvent::type).containsExactly(LeadEvent.UNSUBSCRIBED);
    }

    @Test
    void nurtureProgressLedgerItemsAndRemovedNonLeadItemsAreNoEvents() {
        String lead = lead("CONFIRMED", "hot", "qualified", "");
        assertThat(LeadEvents.of(change("MODIFY", lead, lead("CONFIRMED", "hot", "qualified",
                ",\"nurtureDone\":{\"L\":[{\"S\":\"welcome\"}]}")), CAMPAIGNS::find)).isEmpty();
        assertThat(LeadEvents.of(change("INSERT", null, "{\"PK\":{\"S\":\"LEAD#demo#k\"},\"SK\":{\"S\":\"EVENT#1\"}}"),
                CAMPAIGNS::find)).isEmpty();
        assertThat(LeadEvents.of(change("REMOVE", "{\"PK\":{\"S\":\"LEAD#demo#k\"},\"SK\":{\"S\":\"EVENT#1\"}}", null),
                CAMPAIGNS::find)).isEmpty();
        // moto writes a created item first as its keys alone
        assertThat(LeadEvents.of(change("INSERT", null, "{\"PK\":{\"S\":\"LEAD#demo#k\"},\"SK\":{\"S\":\"LEAD\"}}"),
                CAMPAIGNS::find)).isEmpty();
    }

    @Test
    void aRemovedLeadIsErasedWithItsIdAndNothingOfThePerson() {
        String lead = lead("CONFIRMED", "hot", "qualified", "");

        assertThat(LeadEvents.of(change("REMOVE", lead, null), CAMPAIGNS::find)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(LeadEvent.ERASED);
            assertThat(e.detail()).containsEntry("campaign", "demo").containsEntry("leadId", "lead-1")
                    .containsEntry("fields", Map.of()).containsEntry("attribution", Map.of());
            assertThat(e.detail().get("id").toString()).endsWith(":lead.erased");
            assertThat(e.detail().toString()).doesNotContain("ada@example.org", "Ada", "nl");
        });
    }

    @Test
    void notAStreamEventIsRefused() {
        assertThatThrownBy(() -> StreamBatch.read(new ByteArrayInputStream("{\"Records\":[{\"dynamodb\":{}}]}"
                .getBytes(StandardCharsets.UTF_8)))).isInstanceOf(IllegalArgumentException.class);
    }
}
