package com.leadpipe.store;

import static com.leadpipe.store.StoreSamples.ADDRESS_KEY;
import static com.leadpipe.store.StoreSamples.LEAD_PK;
import static com.leadpipe.store.StoreSamples.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.testing.RecordingClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

class NurtureStoreTest {

    static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");

    final NurtureStore store = new NurtureStore(RecordingClient.of(DynamoDbClient.class).client(), StoreSamples.TABLE);

    @Test
    void theSchedulerReadsOneShardOfTheDueIndexUpToNow() {
        QueryRequest query = store.dueQuery("DUE#2", NOW);
        NurtureStore indexed = new NurtureStore(RecordingClient.of(DynamoDbClient.class, Map.of("query",
                r -> QueryResponse.builder().items(List.of(Map.of("PK", s(LEAD_PK), "SK", s("LEAD"),
                        "dueShard", s("DUE#2"), "dueAt", s("2026-11-25T07:59:00.000000Z")))).build())).client(),
                StoreSamples.TABLE);

        assertThat(query.indexName()).isEqualTo("due-index");
        assertThat(query.keyConditionExpression()).isEqualTo("#shard = :shard AND #due <= :now");
        assertThat(query.expressionAttributeValues()).containsEntry(":shard", s("DUE#2"))
                .containsEntry(":now", s("2026-11-25T08:00:00.000000Z"));
        assertThat(indexed.due("DUE#2", NOW, 10))
                .containsExactly(new NurtureStore.DueLead("demo", ADDRESS_KEY, "2026-11-25T07:59:00.000000Z"));
    }

    @Test
    void aLeaseMovesDueAtOnlyIfItIsStillWhatTheSchedulerSaw() {
        UpdateItemRequest lease = store.leaseRequest(new NurtureStore.DueLead("demo", ADDRESS_KEY, "seen"), NOW);

        assertThat(lease.key()).isEqualTo(ItemCodec.leadKey("demo", ADDRESS_KEY));
        assertThat(lease.conditionExpression()).isEqualTo("#due = :seen");
        assertThat(lease.expressionAttributeValues()).containsEntry(":seen", s("seen"))
                .containsEntry(":lease", s("2026-11-25T08:00:00.000000Z"));
    }

    @Test
    void aSendIsClaimedByCreatingItsMarkerOrTakingOverAStaleOne() {
        PutItemRequest claim = store.claimRequest("demo", ADDRESS_KEY, "welcome", NOW, NOW.minusSeconds(900));

        assertThat(claim.item()).containsEntry("PK", s(LEAD_PK)).containsEntry("SK", s("NURTURE#welcome"))
                .containsEntry("state", s("SENDING")).containsEntry("claimedAt", s("2026-11-25T08:00:00.000000Z"));
        assertThat(claim.conditionExpression())
                .isEqualTo("attribute_not_exists(#pk) OR (#state = :sending AND claimedAt < :stale)");
        assertThat(claim.expressionAttributeValues()).containsEntry(":stale", s("2026-11-25T07:45:00.000000Z"));
    }

    @Test
    void progressAddsTheStepAndSetsTheNextDueTimeOrLeavesTheIndex() {
        Update next = store.progress("demo", ADDRESS_KEY, "welcome", Optional.of(NOW), Optional.of(NOW.plusSeconds(86_400)));
        Update finished = store.progress("demo", ADDRESS_KEY, "case-study", Optional.empty(), Optional.empty());

        assertThat(next.updateExpression()).isEqualTo("SET #done = list_append(if_not_exists(#done, :none), :step), "
                + "nurtureLastSentAt = :sentAt, #shard = :shard, #due = :due");
        assertThat(next.expressionAttributeValues()).containsEntry(":due", s("2026-11-26T08:00:00.000000Z"))
                .containsEntry(":shard", s(LeadpipeTable.dueShard(LEAD_PK)))
                .containsEntry(":step", AttributeValue.fromL(List.of(s("welcome"))));
        assertThat(finished.updateExpression())
                .isEqualTo("SET #done = list_append(if_not_exists(#done, :none), :step) REMOVE #shard, #due");
        assertThat(finished.expressionAttributeValues()).doesNotContainKeys(":sentAt", ":due", ":shard");
    }

    @Test
    void reschedulingTouchesOnlyALeadThatStillExists() {
        UpdateItemRequest due = store.rescheduleRequest("demo", ADDRESS_KEY, Optional.of(NOW));
        UpdateItemRequest out = store.rescheduleRequest("demo", ADDRESS_KEY, Optional.empty());

        assertThat(due.updateExpression()).isEqualTo("SET #shard = :shard, #due = :due");
        assertThat(out.updateExpression()).isEqualTo("REMOVE #shard, #due");
        assertThat(out.hasExpressionAttributeValues()).isFalse();
        assertThat(List.of(due.conditionExpression(), out.conditionExpression())).containsOnly("attribute_exists(#pk)");
    }
}
