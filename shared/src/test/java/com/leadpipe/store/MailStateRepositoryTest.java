package com.leadpipe.store;

import static com.leadpipe.store.StoreSamples.ADDRESS_KEY;
import static com.leadpipe.store.StoreSamples.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.store.Records.MailState;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

class MailStateRepositoryTest {

    static MailStateRepository answering(String cancellationCode) {
        return new MailStateRepository(StoreSamples.table(Map.of("transactWriteItems", r -> {
            throw TransactionCanceledException.builder().message("cancelled")
                    .cancellationReasons(CancellationReason.builder().code(cancellationCode).build()).build();
        })));
    }

    @Test
    void theStateIsSetOnlyOnTheSignupItBelongsTo() {
        Update update = new MailStateRepository(StoreSamples.table()).update("demo", ADDRESS_KEY, "sub-1", MailState.RETRYING);

        assertThat(update.key()).isEqualTo(ItemCodec.pendingKey("demo", ADDRESS_KEY));
        assertThat(update.updateExpression()).isEqualTo("SET mailState = :state");
        assertThat(update.conditionExpression()).isEqualTo("submissionId = :sid");
        assertThat(update.expressionAttributeValues()).containsEntry(":state", s("RETRYING")).containsEntry(":sid", s("sub-1"));
    }

    @Test
    void aSignupThatMovedOnKeepsItsNewerStateSilentlyOtherFailuresAreReported() {
        assertThatCode(() -> answering("ConditionalCheckFailed").mark("demo", ADDRESS_KEY, "sub-1", MailState.SENT))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> answering("ThrottlingError").mark("demo", ADDRESS_KEY, "sub-1", MailState.SENT))
                .isInstanceOf(StoreException.class).hasMessage("cannot record mail state");
    }

    @Test
    void sentAndFailedTakeTheSignupOffTheMailIndexOtherStatesKeepItOwed() {
        MailStateRepository repository = new MailStateRepository(StoreSamples.table());

        assertThat(repository.update("demo", ADDRESS_KEY, "sub-1", MailState.SENT).updateExpression())
                .isEqualTo("SET mailState = :state REMOVE #shard, #due");
        assertThat(repository.update("demo", ADDRESS_KEY, "sub-1", MailState.FAILED).expressionAttributeNames())
                .containsEntry("#shard", LeadpipeTable.MAIL_SHARD).containsEntry("#due", LeadpipeTable.MAIL_DUE_AT);
        assertThat(repository.update("demo", ADDRESS_KEY, "sub-1", MailState.RETRYING).updateExpression())
                .doesNotContain("REMOVE");
    }

    @Test
    void aClaimHoldsOnlyIfNobodyMovedTheDueTimeSinceItWasReadAndCountsTheAttempt() {
        java.time.Instant seen = java.time.Instant.parse("2026-01-01T10:00:00Z");
        java.time.Instant leaseEnd = seen.plusSeconds(60);

        Update claim = new MailStateRepository(StoreSamples.table()).reschedule("demo", ADDRESS_KEY, "sub-1", seen,
                leaseEnd, MailState.SENDING);
        Update deferral = new MailStateRepository(StoreSamples.table()).reschedule("demo", ADDRESS_KEY, "sub-1", seen,
                leaseEnd, MailState.RETRYING);

        assertThat(claim.conditionExpression()).isEqualTo("submissionId = :sid AND #due = :seen");
        assertThat(claim.expressionAttributeValues()).containsEntry(":seen", s(ItemCodec.iso(seen)))
                .containsEntry(":next", s(ItemCodec.iso(leaseEnd)));
        assertThat(claim.updateExpression()).endsWith("ADD mailAttempts :one");
        assertThat(deferral.updateExpression()).doesNotContain("mailAttempts");
    }
}
