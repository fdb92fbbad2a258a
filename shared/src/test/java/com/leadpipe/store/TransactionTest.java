package com.leadpipe.store;

import static com.leadpipe.store.StoreSamples.TABLE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

class TransactionTest {

    @Test
    void partsGoIntoOneRequestInTheOrderTheyWereAdded() {
        Put put = Put.builder().tableName(TABLE).item(ItemCodec.pendingKey("demo", "k")).build();
        Update update = Update.builder().tableName(TABLE).key(ItemCodec.addressItemKey("k")).updateExpression("SET a = :a").build();
        Delete delete = Delete.builder().tableName(TABLE).key(ItemCodec.pendingKey("demo", "k")).build();
        ConditionCheck check = ConditionCheck.builder().tableName(TABLE).key(ItemCodec.leadKey("demo", "k"))
                .conditionExpression("attribute_not_exists(PK)").build();

        List<TransactWriteItem> items = StoreSamples.table().transaction().update(update).put(put).check(check).delete(delete)
                .request().transactItems();

        assertThat(items).extracting(TransactWriteItem::update, TransactWriteItem::put, TransactWriteItem::conditionCheck,
                TransactWriteItem::delete).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(update, null, null, null),
                        org.assertj.core.groups.Tuple.tuple(null, put, null, null),
                        org.assertj.core.groups.Tuple.tuple(null, null, check, null),
                        org.assertj.core.groups.Tuple.tuple(null, null, null, delete));
    }

    @Test
    void anEmptyTransactionHasNoParts() {
        assertThat(StoreSamples.table().transaction().request().transactItems()).isEmpty();
    }

    @Test
    void eachTransactionCarriesItsOwnClientRequestTokenSoSdkRetriesAreIdempotent() {
        // GIVEN two transactions
        Put put = Put.builder().tableName(TABLE).item(ItemCodec.pendingKey("demo", "k")).build();

        // WHEN their requests are built
        String first = StoreSamples.table().transaction().put(put).request().clientRequestToken();
        String second = StoreSamples.table().transaction().put(put).request().clientRequestToken();

        // THEN each has a token within DynamoDB's 1-36 characters, and they differ
        assertThat(first).hasSizeBetween(1, 36);
        assertThat(second).hasSizeBetween(1, 36).isNotEqualTo(first);
    }
}
