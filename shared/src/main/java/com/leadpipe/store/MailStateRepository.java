package com.leadpipe.store;

import static com.leadpipe.store.ItemCodec.str;

import com.leadpipe.store.Records.MailState;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * What became of a signup's confirmation mail: {@code mailState} on its pending item
 * ({@code LEAD#{campaign}#{addressKey}} / {@code PENDING}), which the retry consumer reads.
 */
final class MailStateRepository {

    private final DynamoTable table;

    MailStateRepository(DynamoTable table) {
        this.table = table;
    }

    /**
     * A no-op if the signup moved on meanwhile (confirmed, expired or re-submitted: that newer
     * state wins). A one-item TransactWriteItems rather than an UpdateItem: the signup path loads
     * no further SDK operation (cold start, BENCHMARKS.md E4).
     */
    void mark(String campaignId, String addressKey, String submissionId, MailState state) {
        table.transaction().update(update(campaignId, addressKey, submissionId, state))
                .commitIfConditionsHold("cannot record mail state");
    }

    Update update(String campaignId, String addressKey, String submissionId, MailState state) {
        return Update.builder().tableName(table.name())
                .key(ItemCodec.pendingKey(campaignId, addressKey))
                .updateExpression("SET mailState = :state")
                .conditionExpression("submissionId = :sid")
                .expressionAttributeValues(Map.of(":state", str(state.name()), ":sid", str(submissionId)))
                .build();
    }
}
