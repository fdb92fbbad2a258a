package com.leadpipe.store;

import static com.leadpipe.store.StoreSamples.ADDRESS_KEY;
import static com.leadpipe.store.StoreSamples.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.store.Records.Pending;
import com.leadpipe.store.Records.SurveyEntry;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

class PendingRepositoryTest {

    final PendingRepository pendings = new PendingRepository(StoreSamples.table());

    @Test
    void aSavedSignupReadsBackAsItWasWithItsExpiry() {
        Pending pending = StoreSamples.pending();

        Put put = pendings.save(pending);

        assertThat(put.conditionExpression()).as("a new signup replaces the earlier one").isNull();
        assertThat(put.item().get("PK").s()).isEqualTo("LEAD#demo#" + ADDRESS_KEY);
        assertThat(put.item().get("SK").s()).isEqualTo("PENDING");
        assertThat(put.item().get("expiresAt").n()).isEqualTo(String.valueOf(pending.expiresAt().getEpochSecond()));
        assertThat(pendings.decode(put.item())).isEqualTo(pending);
    }

    @Test
    void surveyAnswersAndTheirHistoryReadBack() {
        Map<String, AttributeValue> item = new HashMap<>(pendings.save(StoreSamples.pending()).item());
        Pending answered = StoreSamples.answeredPending();
        item.put("survey", ItemCodec.answers(answered.survey()));
        List<AttributeValue> history = new java.util.ArrayList<>();
        for (SurveyEntry entry : answered.surveyHistory()) {
            history.add(AttributeValue.fromM(Map.of("at", ItemCodec.time(entry.at()), "answers", ItemCodec.answers(entry.answers()))));
        }
        item.put("surveyHistory", AttributeValue.fromL(history));

        assertThat(pendings.decode(item)).isEqualTo(answered);
    }

    @Test
    void surveyAnswersAreKeptOnlyForTheSignupTheyBelongTo() {
        SurveyEntry entry = new SurveyEntry(Instant.parse("2026-11-23T10:20:00Z"), Map.of("stage", List.of("idea")));

        UpdateItemRequest update = pendings.surveyUpdate("demo", ADDRESS_KEY, "sub-1", entry);

        assertThat(update.key()).isEqualTo(ItemCodec.pendingKey("demo", ADDRESS_KEY));
        assertThat(update.conditionExpression()).isEqualTo("submissionId = :sid");
        assertThat(update.updateExpression())
                .isEqualTo("SET #survey = :answers, #history = list_append(if_not_exists(#history, :none), :entry)");
        assertThat(update.expressionAttributeValues().get(":sid")).isEqualTo(s("sub-1"));
        assertThat(update.expressionAttributeValues().get(":entry").l()).singleElement().satisfies(e -> {
            assertThat(e.m().get("at")).isEqualTo(s("2026-11-23T10:20:00.000000Z"));
            assertThat(ItemCodec.answers(e.m().get("answers"))).isEqualTo(entry.answers());
        });
    }

    @Test
    void answersForASignupReplacedMeanwhileAreAConflict() {
        PendingRepository replaced = new PendingRepository(StoreSamples.table(Map.of("updateItem", r -> {
            throw ConditionalCheckFailedException.builder().message("submissionId changed").build();
        })));
        SurveyEntry entry = new SurveyEntry(Instant.parse("2026-11-23T10:20:00Z"), Map.of());

        assertThatThrownBy(() -> replaced.saveSurvey("demo", ADDRESS_KEY, "sub-1", entry))
                .isInstanceOf(ConflictException.class).hasMessage("pending signup changed");
    }

    @Test
    void confirmationDeletesOnlyTheSignupBeingConfirmed() {
        Delete delete = pendings.deleteConfirmed(StoreSamples.pending());

        assertThat(delete.key()).isEqualTo(ItemCodec.pendingKey("demo", ADDRESS_KEY));
        assertThat(delete.conditionExpression()).isEqualTo("submissionId = :sid");
        assertThat(delete.expressionAttributeValues()).containsExactly(Map.entry(":sid", s("sub-1")));
    }
}
