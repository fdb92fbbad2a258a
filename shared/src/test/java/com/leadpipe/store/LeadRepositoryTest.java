package com.leadpipe.store;

import static com.leadpipe.store.StoreSamples.ADDRESS_KEY;
import static com.leadpipe.store.StoreSamples.CONFIRMED;
import static com.leadpipe.store.StoreSamples.LEAD_PK;
import static com.leadpipe.store.StoreSamples.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.campaign.Survey.Axis;
import com.leadpipe.campaign.Survey.Temperature;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.store.Records.LeadStatus;
import com.leadpipe.store.Records.SurveyEntry;
import com.leadpipe.survey.Qualifier;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;

class LeadRepositoryTest {

    final LeadRepository leads = new LeadRepository(StoreSamples.table());

    /** The attributes an Update's "SET #aN = :aN" part assigns. */
    static Map<String, AttributeValue> assigned(Update update) {
        Map<String, AttributeValue> item = new HashMap<>();
        update.expressionAttributeNames().forEach((placeholder, name) -> {
            AttributeValue value = update.expressionAttributeValues().get(":" + placeholder.substring(1));
            if (placeholder.startsWith("#a") && value != null) {
                item.put(name, value);
            }
        });
        return item;
    }

    @Test
    void confirmWritesTheWholeLeadWithItsConsentProofUnlessConfirmedAlready() {
        Update update = leads.confirm(StoreSamples.answeredPending(), StoreSamples.confirmation(), StoreSamples.warm(),
                false, "lead-new");

        assertThat(update.key()).isEqualTo(ItemCodec.leadKey("demo", ADDRESS_KEY));
        assertThat(update.conditionExpression()).isEqualTo("attribute_not_exists(#pk) OR #status <> :confirmed");
        assertThat(update.updateExpression()).endsWith(
                ", #leadId = if_not_exists(#leadId, :leadId), #createdAt = if_not_exists(#createdAt, :now)");
        assertThat(update.expressionAttributeValues()).containsEntry(":leadId", s("lead-new"))
                .containsEntry(":confirmed", s("CONFIRMED")).containsEntry(":now", s("2026-11-23T10:19:26.512345Z"));
        Map<String, AttributeValue> set = assigned(update);
        assertThat(set).doesNotContainKeys("dueShard", "dueAt");
        assertThat(set.get("status").s()).isEqualTo("CONFIRMED");
        assertThat(set.get("signupIp").s()).isEqualTo("203.0.113.7");
        assertThat(set.get("confirmIp").s()).isEqualTo("198.51.100.4");
        assertThat(set.get("signupConsentText").s()).isEqualTo("Yes, email me");
        assertThat(set.get("temperature").s()).isEqualTo("warm");
        assertThat(set.get("tags").l()).extracting(AttributeValue::s).containsExactly("launched", "nurture-basics");
        assertThat(set.get("survey").m()).containsOnlyKeys("stage");
    }

    @Test
    void aConfirmedLeadReadsBackAsWritten() {
        Map<String, AttributeValue> item = new HashMap<>(assigned(leads.confirm(StoreSamples.answeredPending(),
                StoreSamples.confirmation(), StoreSamples.warm(), true, "lead-new")));
        item.putAll(ItemCodec.leadKey("demo", ADDRESS_KEY));
        item.put("leadId", s("lead-new"));
        item.put("createdAt", ItemCodec.time(CONFIRMED));

        Lead lead = leads.decode(item);

        assertThat(lead.leadId()).isEqualTo("lead-new");
        assertThat(lead.status()).isEqualTo(LeadStatus.CONFIRMED);
        assertThat(lead.email().value()).isEqualTo("ada@example.com");
        assertThat(lead.fields()).isEqualTo(StoreSamples.pending().fields());
        assertThat(lead.signup()).isEqualTo(StoreSamples.signupEvidence());
        assertThat(lead.confirmation()).isEqualTo(StoreSamples.confirmation());
        assertThat(lead.qualification()).isEqualTo(StoreSamples.warm());
        assertThat(lead.survey()).containsEntry("stage", List.of("launched"));
        assertThat(lead.attribution()).containsEntry("utm_source", "newsletter");
        assertThat(lead.nurture().dueAt()).contains(CONFIRMED); // enrolled: due at once
        assertThat(item.get("dueShard").s()).isEqualTo(LeadpipeTable.dueShard(LEAD_PK));
    }

    @Test
    void aLeadWithoutSurveyOrNurtureReadsAsUnansweredWithNothingDone() {
        Map<String, AttributeValue> item = new HashMap<>(ItemCodec.leadKey("demo", ADDRESS_KEY));
        item.put("status", s("UNSUBSCRIBED"));
        item.put("email", s("ada@example.com"));

        Lead lead = leads.decode(item);

        assertThat(lead.status()).isEqualTo(LeadStatus.UNSUBSCRIBED);
        assertThat(lead.qualification()).isEqualTo(Qualifier.Qualification.unanswered(true));
        assertThat(lead.fields()).isEmpty();
        assertThat(lead.nurture().done()).isEmpty();
        assertThat(lead.nurture().lastSentAt()).isEmpty();
    }

    @Test
    void surveyAnswersReplaceTheLeadsOnlyWhileItIsConfirmedFromTheSameSignup() {
        SurveyEntry entry = new SurveyEntry(Instant.parse("2026-11-24T08:00:00Z"), Map.of("budget", List.of("large")));
        Qualifier.Qualification hot = new Qualifier.Qualification(Map.of(Axis.INTEREST, 7, Axis.BUDGET, 5, Axis.FIT, 5), 17,
                Temperature.HOT, Qualifier.Stage.QUALIFIED, java.util.Set.of("sales-ready"));

        Update update = leads.saveSurvey(StoreSamples.lead(), entry, hot);

        assertThat(update.conditionExpression()).isEqualTo("#status = :confirmed AND #sid = :sid");
        assertThat(update.expressionAttributeNames()).containsEntry("#status", "status").containsEntry("#sid", "submissionId");
        assertThat(update.expressionAttributeValues()).containsEntry(":sid", s("sub-1"));
        Map<String, AttributeValue> set = assigned(update);
        assertThat(set.get("survey").m().get("budget").l()).containsExactly(s("large"));
        assertThat(set.get("scoreTotal").n()).isEqualTo("17");
        assertThat(set.get("stage").s()).isEqualTo("qualified");
        assertThat(set).doesNotContainKeys("email", "status", "leadId");
    }

    @Test
    void unsubscribingSetsTheStatusAndLeavesTheDueIndex() {
        Update update = leads.unsubscribe("demo", ADDRESS_KEY, Instant.parse("2026-12-01T09:00:00Z"));

        assertThat(update.key()).isEqualTo(ItemCodec.leadKey("demo", ADDRESS_KEY));
        assertThat(update.updateExpression()).isEqualTo("SET #status = :unsubscribed, #at = :now REMOVE #dueShard, #dueAt");
        assertThat(update.conditionExpression()).isEqualTo("#status = :confirmed");
        assertThat(update.expressionAttributeNames()).containsEntry("#at", "unsubscribedAt")
                .containsEntry("#dueShard", "dueShard").containsEntry("#dueAt", "dueAt");
        assertThat(update.expressionAttributeValues()).containsEntry(":unsubscribed", s("UNSUBSCRIBED"))
                .containsEntry(":now", s("2026-12-01T09:00:00.000000Z"));
    }
}
