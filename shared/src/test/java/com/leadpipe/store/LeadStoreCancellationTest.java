package com.leadpipe.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.store.Records.Evidence;
import com.leadpipe.testing.RecordingClient;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * How a cancelled transaction is read, for the cancellation codes the emulators never produce:
 * moto (one request at a time) answers a lost race with ConditionalCheckFailed, where DynamoDB
 * may answer TransactionConflict while the other transaction is still in flight. Both are a lost
 * race (the caller re-reads); anything else is a store failure. The integration tests cover
 * ConditionalCheckFailed against a real emulator.
 */
class LeadStoreCancellationTest {

    static final Evidence EVIDENCE = new Evidence(Instant.parse("2026-11-23T10:16:23Z"), "203.0.113.7", "test");

    @Test
    void aTransactionConflictIsALostRace() {
        // GIVEN DynamoDB cancels the unsubscribe because another transaction holds the lead
        LeadStore store = storeCancelling("TransactionConflict", "None");

        // WHEN / THEN the caller is told to re-read, as after a failed condition
        assertThatThrownBy(() -> store.unsubscribe("demo", "a@example.com", "lead-1", EVIDENCE, "one-click"))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void otherCancellationReasonsAreFailures() {
        // GIVEN a cancellation for throttling or validation, which no retry of the same request cures
        for (String code : new String[] {"ThrottlingError", "ValidationError", "ItemCollectionSizeLimitExceeded"}) {
            LeadStore store = storeCancelling("None", code);

            // WHEN / THEN it is not mistaken for a lost race
            assertThatThrownBy(() -> store.unsubscribe("demo", "a@example.com", "lead-1", EVIDENCE, "page"))
                    .as(code).isInstanceOf(StoreException.class);
        }
    }

    private static LeadStore storeCancelling(String... codes) {
        CancellationReason[] reasons = new CancellationReason[codes.length];
        for (int i = 0; i < codes.length; i++) {
            reasons[i] = CancellationReason.builder().code(codes[i]).build();
        }
        RecordingClient<DynamoDbClient> dynamo = RecordingClient.of(DynamoDbClient.class, Map.of("transactWriteItems", r -> {
            throw TransactionCanceledException.builder().message("Transaction cancelled").cancellationReasons(reasons).build();
        }));
        return new LeadStore(dynamo.client(), "leads");
    }
}
