package com.leadpipe.store;

import static com.leadpipe.store.StoreSamples.ADDRESS_KEY;
import static com.leadpipe.store.StoreSamples.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.store.Records.Address;
import com.leadpipe.testing.RecordingClient;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Update;

class AddressRepositoryTest {

    static final Instant SENT = Instant.parse("2026-11-23T10:16:26Z");

    final AddressRepository addresses = new AddressRepository(StoreSamples.table());

    @Test
    void theFirstSendCreatesTheCapWindowOnlyIfNobodyElseDid() {
        Update update = addresses.countSend(new Address(ADDRESS_KEY, List.of(SENT), 0, false));

        assertThat(update.key()).isEqualTo(ItemCodec.addressItemKey(ADDRESS_KEY));
        assertThat(update.updateExpression()).isEqualTo("SET confirmationSends = :sends, #version = :next");
        assertThat(update.conditionExpression()).isEqualTo("attribute_not_exists(#version)");
        assertThat(update.expressionAttributeValues()).containsOnlyKeys(":sends", ":next")
                .containsEntry(":next", AttributeValue.fromN("1"))
                .containsEntry(":sends", AttributeValue.fromL(List.of(AttributeValue.fromN("1795428986"))));
    }

    @Test
    void laterSendsCheckTheVersionTheyRead() {
        Update update = addresses.countSend(new Address(ADDRESS_KEY, List.of(SENT, SENT.plusSeconds(60)), 4, false));

        assertThat(update.conditionExpression()).isEqualTo("#version = :version");
        assertThat(update.expressionAttributeValues()).containsEntry(":version", AttributeValue.fromN("4"))
                .containsEntry(":next", AttributeValue.fromN("5"));
        assertThat(update.expressionAttributeValues().get(":sends").l()).hasSize(2);
        // Suppression attributes on the same item are left alone.
        assertThat(update.updateExpression()).doesNotContain("suppressed");
    }

    @Test
    void anItemReadsBackWithItsWindowVersionAndSuppression() {
        Map<String, AttributeValue> item = new HashMap<>(ItemCodec.addressItemKey(ADDRESS_KEY));
        item.put("confirmationSends", AttributeValue.fromL(List.of(AttributeValue.fromN("1795428986"))));
        item.put("version", AttributeValue.fromN("3"));
        item.put("suppressed", AttributeValue.fromBool(true));
        item.put("suppressedReason", s("BOUNCE"));

        assertThat(addresses.decode(item)).isEqualTo(new Address(ADDRESS_KEY, List.of(SENT), 3, true));
    }

    @Test
    void anItemMadeOnlyByABounceCounterIsVersionZeroAndAMissingOneFresh() {
        Map<String, AttributeValue> item = new HashMap<>(ItemCodec.addressItemKey(ADDRESS_KEY));
        item.put("transientBounces", AttributeValue.fromN("2"));
        LeadStore missing = new LeadStore(RecordingClient.of(DynamoDbClient.class, Map.of(
                "getItem", r -> GetItemResponse.builder().build())).client(), StoreSamples.TABLE);

        assertThat(addresses.decode(item)).isEqualTo(Address.fresh(ADDRESS_KEY));
        assertThat(missing.findAddress(ADDRESS_KEY)).isEqualTo(Address.fresh(ADDRESS_KEY));
    }
}
