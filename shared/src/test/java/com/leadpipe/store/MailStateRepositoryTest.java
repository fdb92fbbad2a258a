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
}
