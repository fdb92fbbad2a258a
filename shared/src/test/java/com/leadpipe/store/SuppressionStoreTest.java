package com.leadpipe.store;

import static com.leadpipe.store.StoreSamples.ADDRESS_KEY;
import static com.leadpipe.store.StoreSamples.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.store.SuppressionStore.Reason;
import com.leadpipe.testing.RecordingClient;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

class SuppressionStoreTest {

    static final Instant AT = Instant.parse("2026-11-23T10:20:00Z");

    static SuppressionStore answering(Function<Object, Object> updateItem) {
        return new SuppressionStore(RecordingClient.of(DynamoDbClient.class, Map.of("updateItem", updateItem)).client(),
                StoreSamples.TABLE);
    }

    final SuppressionStore store = answering(r -> UpdateItemResponse.builder().build());

    @Test
    void aBounceNeverReplacesASuppressionAComplaintReplacesOnlyABounce() {
        UpdateItemRequest bounce = store.suppressRequest(ADDRESS_KEY, Reason.BOUNCE, AT, "f-1");
        UpdateItemRequest complaint = store.suppressRequest(ADDRESS_KEY, Reason.COMPLAINT, AT, "f-2");

        assertThat(bounce.key()).isEqualTo(ItemCodec.addressItemKey(ADDRESS_KEY));
        assertThat(bounce.conditionExpression()).isEqualTo("NOT (#suppressed = :true)");
        assertThat(complaint.conditionExpression()).isEqualTo("NOT (#suppressed = :true AND #reason = :reason)");
        assertThat(complaint.expressionAttributeValues()).containsEntry(":reason", s("COMPLAINT"))
                .containsEntry(":at", s("2026-11-23T10:20:00.000000Z")).containsEntry(":feedback", s("f-2"));
        assertThat(bounce.updateExpression()).doesNotContain("version").doesNotContain("confirmationSends");
    }

    @Test
    void aRedeliveredSuppressionOrSoftBounceIsReportedAsNothingNew() {
        SuppressionStore already = answering(r -> {
            throw ConditionalCheckFailedException.builder().message("already").build();
        });

        assertThat(already.suppress(ADDRESS_KEY, Reason.BOUNCE, AT, "f-1")).isFalse();
        assertThat(already.countTransientBounce(ADDRESS_KEY, AT, "f-1")).isEmpty();
        assertThat(store.suppress(ADDRESS_KEY, Reason.BOUNCE, AT, "f-1")).isTrue();
    }

    @Test
    void softBouncesAreCountedOncePerFeedbackIdAndTheCountIsReturned() {
        UpdateItemRequest request = store.transientBounceRequest(ADDRESS_KEY, AT, "f-1");
        SuppressionStore counting = answering(r -> UpdateItemResponse.builder()
                .attributes(Map.of("transientBounces", AttributeValue.fromN("3"))).build());

        assertThat(request.updateExpression()).isEqualTo("ADD #count :one SET #at = :at, #feedback = :feedback");
        assertThat(request.conditionExpression()).isEqualTo("attribute_not_exists(#feedback) OR #feedback <> :feedback");
        assertThat(request.returnValues()).isEqualTo(ReturnValue.UPDATED_NEW);
        assertThat(counting.countTransientBounce(ADDRESS_KEY, AT, "f-1")).hasValue(3);
        assertThatThrownBy(() -> store.countTransientBounce(ADDRESS_KEY, AT, "f-1"))
                .isInstanceOf(StoreException.class).hasMessageContaining("returned no count");
    }
}
