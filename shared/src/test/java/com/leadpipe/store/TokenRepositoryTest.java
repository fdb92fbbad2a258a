package com.leadpipe.store;

import static com.leadpipe.store.StoreSamples.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.store.Records.Token;
import com.leadpipe.store.Records.TokenPurpose;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.Update;

class TokenRepositoryTest {

    final TokenRepository tokens = new TokenRepository(StoreSamples.table());

    @Test
    void aNewTokenIsStoredByItsHashNeverOverwritingOneAndReadsBack() {
        Token token = StoreSamples.token("hash-1", TokenPurpose.CONFIRM);

        Put put = tokens.create(token);

        assertThat(put.item().get("PK").s()).isEqualTo("TOKEN#hash-1");
        assertThat(put.item().get("SK").s()).isEqualTo("TOKEN");
        assertThat(put.item()).doesNotContainKey("usedAt");
        assertThat(put.item().get("expiresAt").n()).isEqualTo(String.valueOf(token.expiresAt().getEpochSecond()));
        assertThat(put.conditionExpression()).isEqualTo("attribute_not_exists(#pk)");
        assertThat(put.expressionAttributeNames()).containsExactly(Map.entry("#pk", "PK"));
        assertThat(tokens.decode(put.item())).isEqualTo(token);
    }

    @Test
    void aUsedTokenReadsBackWithItsTime() {
        Token used = new Token("hash-2", TokenPurpose.UNSUBSCRIBE, "demo", StoreSamples.ADDRESS_KEY, "lead-1",
                StoreSamples.SIGNED_UP, Instant.parse("2027-12-28T10:16:26Z"), Optional.of(StoreSamples.CONFIRMED));

        assertThat(tokens.decode(tokens.create(used).item())).isEqualTo(used);
    }

    @Test
    void aTokenIsSpentOnceAndOnlyIfItStillExists() {
        Update update = tokens.markUsed(StoreSamples.token("hash-1", TokenPurpose.CONFIRM), StoreSamples.CONFIRMED);

        assertThat(update.key()).isEqualTo(ItemCodec.tokenKey("hash-1"));
        assertThat(update.updateExpression()).isEqualTo("SET usedAt = :now");
        assertThat(update.conditionExpression()).isEqualTo("attribute_exists(#pk) AND attribute_not_exists(usedAt)");
        assertThat(update.expressionAttributeValues()).containsExactly(Map.entry(":now", s("2026-11-23T10:19:26.512345Z")));
    }

    @Test
    void findReadsTheStoredTokenAndAClashOnPutIsAStoreFailure() {
        Token token = StoreSamples.token("hash-1", TokenPurpose.SURVEY);
        DynamoTable table = StoreSamples.table(Map.of(
                "getItem", r -> GetItemResponse.builder().item(tokens.create(token).item()).build(),
                "putItem", r -> {
                    throw ConditionalCheckFailedException.builder().message("exists").build();
                }));
        TokenRepository stored = new TokenRepository(table);

        assertThat(table.find(ItemCodec.tokenKey("hash-1"), stored)).contains(token);
        assertThatThrownBy(() -> stored.put(token)).isInstanceOf(StoreException.class).hasMessage("cannot store token");
    }
}
