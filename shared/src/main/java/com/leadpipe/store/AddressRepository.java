package com.leadpipe.store;

import static com.leadpipe.store.ItemCodec.epoch;
import static com.leadpipe.store.ItemCodec.num;
import static com.leadpipe.store.ItemCodec.s;
import static com.leadpipe.store.LeadpipeTable.PK;

import com.leadpipe.store.Records.Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The per-address item ({@code ADDR#{addressKey}} / {@code ADDR}) as the signup path sees it: the
 * confirmation-mail cap window and its optimistic version, and whether the address is suppressed.
 * {@link SuppressionStore} writes the suppression attributes; this only reads them.
 */
final class AddressRepository implements ItemCodec.Decoder<Address> {

    private final DynamoTable table;

    AddressRepository(DynamoTable table) {
        this.table = table;
    }


    /**
     * Writes the cap window as read plus this send, only if nobody changed it since (version
     * check; a missing item or one without version, made by {@link SuppressionStore}, is version 0).
     * An Update, not a Put: the item also carries suppression state this must not touch.
     *
     * @param address the address state as read, with this send added
     */
    Update countSend(Address address) {
        Map<String, AttributeValue> values = new HashMap<>();
        List<AttributeValue> sends = new ArrayList<>();
        for (Instant sent : address.confirmationSends()) {
            sends.add(epoch(sent));
        }
        values.put(":sends", AttributeValue.fromL(sends));
        values.put(":next", num(address.version() + 1));
        String condition;
        if (address.version() == 0) {
            condition = "attribute_not_exists(#version)";
        } else {
            condition = "#version = :version";
            values.put(":version", num(address.version()));
        }
        return Update.builder().tableName(table.name())
                .key(ItemCodec.addressItemKey(address.addressKey()))
                .updateExpression("SET confirmationSends = :sends, #version = :next")
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#version", "version"))
                .expressionAttributeValues(values)
                .build();
    }

    /** A missing item reads as {@link Address#fresh}: the caller knows the key. */
    @Override
    public Address decode(Map<String, AttributeValue> item) {
        List<Instant> sends = new ArrayList<>();
        AttributeValue listed = item.get("confirmationSends");
        if (listed != null) {
            for (AttributeValue v : listed.l()) {
                sends.add(Instant.ofEpochSecond(Long.parseLong(v.n())));
            }
        }
        AttributeValue suppressed = item.get("suppressed");
        return new Address(LeadpipeTable.addressKeyOf(s(item, PK)), sends, ItemCodec.number(item, "version"),
                suppressed != null && Boolean.TRUE.equals(suppressed.bool()));
    }
}
