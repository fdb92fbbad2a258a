package com.leadpipe.store;

import static com.leadpipe.store.ItemCodec.NEW_ITEM;
import static com.leadpipe.store.ItemCodec.PK_NAME;
import static com.leadpipe.store.ItemCodec.epoch;
import static com.leadpipe.store.ItemCodec.epochInstant;
import static com.leadpipe.store.ItemCodec.instant;
import static com.leadpipe.store.ItemCodec.s;
import static com.leadpipe.store.ItemCodec.str;
import static com.leadpipe.store.ItemCodec.time;
import static com.leadpipe.store.LeadpipeTable.EXPIRES_AT;
import static com.leadpipe.store.LeadpipeTable.PK;

import com.leadpipe.store.Records.Token;
import com.leadpipe.store.Records.TokenPurpose;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** Link tokens (confirm, survey, unsubscribe), stored by hash: {@code TOKEN#{sha256}} / {@code TOKEN}. */
final class TokenRepository implements ItemCodec.Decoder<Token> {

    private final DynamoTable table;

    TokenRepository(DynamoTable table) {
        this.table = table;
    }


    /** A token on its own (a re-sent confirmation's, a decoy survey link's); never overwrites one. */
    void put(Token token) {
        table.write(PutItemRequest.builder().tableName(table.name()).item(encode(token))
                .conditionExpression(NEW_ITEM).expressionAttributeNames(PK_NAME).build(), "cannot store token");
    }

    /** A new token as part of a transaction; never overwrites one. */
    Put create(Token token) {
        return Put.builder().tableName(table.name()).item(encode(token)).conditionExpression(NEW_ITEM)
                .expressionAttributeNames(PK_NAME).build();
    }

    /** Spends a single-use token: only one that still exists and was not used yet. */
    Update markUsed(Token token, Instant at) {
        return Update.builder().tableName(table.name()).key(ItemCodec.tokenKey(token.hash()))
                .updateExpression("SET usedAt = :now")
                .conditionExpression("attribute_exists(#pk) AND attribute_not_exists(usedAt)")
                .expressionAttributeNames(PK_NAME)
                .expressionAttributeValues(Map.of(":now", time(at)))
                .build();
    }

    static Map<String, AttributeValue> encode(Token token) {
        Map<String, AttributeValue> item = new HashMap<>(ItemCodec.tokenKey(token.hash()));
        item.put("purpose", str(token.purpose().name()));
        item.put("campaign", str(token.campaignId()));
        item.put("addressKey", str(token.addressKey()));
        item.put("submissionId", str(token.submissionId()));
        item.put("createdAt", time(token.createdAt()));
        item.put(EXPIRES_AT, epoch(token.expiresAt()));
        item.put(LeadpipeTable.ADMIN_PK, str(LeadpipeTable.person(token.addressKey())));
        item.put(LeadpipeTable.ADMIN_SK, str(LeadpipeTable.tokenPk(token.hash())));
        if (token.usedAt().isPresent()) {
            item.put("usedAt", time(token.usedAt().get()));
        }
        return item;
    }

    @Override
    public Token decode(Map<String, AttributeValue> item) {
        AttributeValue usedAt = item.get("usedAt");
        return new Token(LeadpipeTable.tokenHashOf(s(item, PK)), TokenPurpose.valueOf(s(item, "purpose")),
                s(item, "campaign"), s(item, "addressKey"), s(item, "submissionId"), instant(item, "createdAt"),
                epochInstant(item, EXPIRES_AT),
                usedAt == null ? Optional.empty() : Optional.of(Instant.parse(usedAt.s())));
    }
}
