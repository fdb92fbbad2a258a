package com.leadpipe.store;

import static com.leadpipe.store.ItemCodec.s;
import static com.leadpipe.store.ItemCodec.str;

import com.leadpipe.store.Records.Address;
import com.leadpipe.store.Records.Token;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Privacy requests on the table: finding and erasing every item of one person.
 *
 * <p>A person's items are the partitions {@code LEAD#{campaign}#{addressKey}} (lead, pending
 * signup with its mail state and survey answers, ledger, nurture markers) of each campaign, the
 * tokens and pending signups on admin-index {@code PERSON#{addressKey}}, and the address item.
 * Erasure deletes all of them, except an address item that records a suppression: that keeps its
 * suppression attributes (and only those), so a bounced or complaining address is never mailed
 * again. What stays is a tombstone {@code ERASED#{keyed hash}} / {@code ERASED} and one ledger
 * item {@code ERASED#{keyed hash}} / {@code EVENT#{time}#0#erased#{requestId}} (type, at, requester,
 * campaigns, items): the proof. The lead items' removals in the table's stream are what the event
 * publisher turns into {@code lead.erased}, one per campaign, with the lead's id.
 */
public final class PrivacyStore {

    /** What an erasure did. */
    public record Erasure(int itemsRemoved, List<String> campaigns, boolean suppressionKept, boolean alreadyErased) {
    }

    /** TransactWriteItems takes at most 100 parts; fewer keep each request small. */
    private static final int PARTS_PER_TRANSACTION = 50;
    static final String TOMBSTONE_PREFIX = "ERASED#";

    private final DynamoTable table;
    private final TokenRepository tokens;
    private final AddressRepository addresses;

    public PrivacyStore(DynamoDbClient dynamo, String tableName) {
        this.table = new DynamoTable(dynamo, tableName);
        this.tokens = new TokenRepository(table);
        this.addresses = new AddressRepository(table);
    }

    /** The person's tokens (which links exist, for which purpose, used or not). */
    public List<Token> tokens(String addressKey) {
        List<Token> found = new ArrayList<>();
        for (Map<String, AttributeValue> item : personIndex(addressKey)) {
            if (LeadpipeTable.SK_TOKEN.equals(s(item, LeadpipeTable.SK))) {
                found.add(tokens.decode(item));
            }
        }
        return found;
    }

    /** The address item's state (cap window, suppression); fresh when there is none. */
    public Address address(String addressKey) {
        return table.find(ItemCodec.addressItemKey(addressKey), addresses).orElse(Address.fresh(addressKey));
    }

    /** When the person was erased before, if ever. */
    public Optional<Instant> erasedAt(String tombstoneKey) {
        return table.get(ItemCodec.key(TOMBSTONE_PREFIX + tombstoneKey, "ERASED")).map(i -> ItemCodec.instant(i, "lastErasedAt"));
    }

    /**
     * Erases every item of the person; safe to repeat (a repeat that finds nothing writes nothing).
     * Deletions go first and the tombstone last, in the last transaction: if a request fails midway,
     * asking again finishes the job.
     *
     * @param campaignIds  the campaigns to look in (the catalog's); pending signups of others are found too
     * @param tombstoneKey keyed hash of the address: lets a later request recognise the person,
     *                     yet nobody without the key can test an address against it
     */
    public Erasure erase(Collection<String> campaignIds, String addressKey, String tombstoneKey, String requester,
                         Instant at, String requestId) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        Set<String> campaigns = new LinkedHashSet<>(campaignIds);
        for (Map<String, AttributeValue> item : personIndex(addressKey)) {
            keys.add(keyOf(item));
            String campaign = s(item, "campaign");
            if (campaign != null && !campaign.isEmpty()) {
                campaigns.add(campaign);
            }
        }
        Set<String> touched = new LinkedHashSet<>();
        for (String campaign : campaigns) {
            for (Map<String, AttributeValue> item : table.query(partition(campaign, addressKey), 0,
                    "cannot read a person's items")) {
                keys.add(keyOf(item));
                touched.add(campaign);
            }
        }
        Optional<Map<String, AttributeValue>> address = table.get(ItemCodec.addressItemKey(addressKey));
        boolean suppressed = address.isPresent() && addresses.decode(address.get()).suppressed();
        boolean addressHasMore = address.isPresent()
                && (!suppressed || address.get().containsKey("confirmationSends") || address.get().containsKey("version"));
        Map<String, AttributeValue> tombstone = ItemCodec.key(TOMBSTONE_PREFIX + tombstoneKey, "ERASED");
        if (keys.isEmpty() && !addressHasMore && table.get(tombstone).isPresent()) {
            return new Erasure(0, List.of(), suppressed, true);
        }
        Transaction transaction = table.transaction();
        int parts = 0;
        for (Map<String, AttributeValue> key : new LinkedHashSet<>(keys)) {
            transaction.delete(Delete.builder().tableName(table.name()).key(key).build());
            if (++parts % PARTS_PER_TRANSACTION == 0) {
                transaction.commitOrFail("erase a person's items");
                transaction = table.transaction();
            }
        }
        if (address.isPresent() && suppressed) {
            transaction.update(keepSuppressionOnly(addressKey));
        } else if (address.isPresent()) {
            transaction.delete(Delete.builder().tableName(table.name()).key(ItemCodec.addressItemKey(addressKey)).build());
        }
        int removed = new LinkedHashSet<>(keys).size() + (address.isPresent() && !suppressed ? 1 : 0);
        transaction.update(tombstoneUpdate(tombstone, at))
                .put(erasedEvent(tombstoneKey, requester, at, requestId, List.copyOf(touched), removed))
                .commitOrFail("record the erasure");
        return new Erasure(removed, List.copyOf(touched), suppressed, false);
    }

    private List<Map<String, AttributeValue>> personIndex(String addressKey) {
        QueryRequest query = QueryRequest.builder().tableName(table.name()).indexName(LeadpipeTable.ADMIN_INDEX)
                .keyConditionExpression("#apk = :apk")
                .expressionAttributeNames(Map.of("#apk", LeadpipeTable.ADMIN_PK))
                .expressionAttributeValues(Map.of(":apk", str(LeadpipeTable.person(addressKey))))
                .build();
        return table.query(query, 0, "cannot read a person's tokens");
    }

    private QueryRequest partition(String campaignId, String addressKey) {
        return QueryRequest.builder().tableName(table.name()).consistentRead(true)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", LeadpipeTable.PK))
                .expressionAttributeValues(Map.of(":pk", str(LeadpipeTable.leadPk(campaignId, addressKey))))
                .build();
    }

    private static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        return Map.of(LeadpipeTable.PK, item.get(LeadpipeTable.PK), LeadpipeTable.SK, item.get(LeadpipeTable.SK));
    }

    /** The cap window and its version go; suppression stays, so the address is never mailed again. */
    private Update keepSuppressionOnly(String addressKey) {
        return Update.builder().tableName(table.name()).key(ItemCodec.addressItemKey(addressKey))
                .updateExpression("REMOVE confirmationSends, #version")
                .expressionAttributeNames(Map.of("#version", "version")).build();
    }

    private Update tombstoneUpdate(Map<String, AttributeValue> tombstone, Instant at) {
        return Update.builder().tableName(table.name()).key(tombstone)
                .updateExpression("SET lastErasedAt = :at, firstErasedAt = if_not_exists(firstErasedAt, :at) ADD erasures :one")
                .expressionAttributeValues(Map.of(":at", ItemCodec.time(at), ":one", ItemCodec.num(1))).build();
    }

    private Put erasedEvent(String tombstoneKey, String requester, Instant at, String requestId, List<String> campaigns,
                            int removed) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(ItemCodec.key(TOMBSTONE_PREFIX + tombstoneKey,
                LeadpipeTable.eventSk(ItemCodec.iso(at), 0, "erased", requestId)));
        item.put("type", str("erased"));
        item.put("at", ItemCodec.time(at));
        item.put("requester", str(requester));
        item.put("campaigns", ItemCodec.list(campaigns));
        item.put("itemsRemoved", ItemCodec.num(removed));
        return Put.builder().tableName(table.name()).item(item).build();
    }
}
