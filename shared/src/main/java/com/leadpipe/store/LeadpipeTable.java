package com.leadpipe.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The one DynamoDB table: its keys and every access pattern, written down in one place.
 *
 * <pre>
 * item              PK                               SK                         TTL (expiresAt)
 * ----------------  -------------------------------  -------------------------  ---------------------------
 * confirmed lead    LEAD#{campaign}#{addressKey}     LEAD                       none: consented, kept
 * pending signup    LEAD#{campaign}#{addressKey}     PENDING                    pending lifetime (7 days)
 * ledger event      LEAD#{campaign}#{addressKey}     EVENT#{time}#{n}#{type}#.. none: consent proof, history
 * address           ADDR#{addressKey}                ADDR                       none (cap window, suppression)
 * token             TOKEN#{sha256(token)}            TOKEN                      token lifetime (unsubscribe: 400 days)
 * nurture send      LEAD#{campaign}#{addressKey}     NURTURE#{stepId}           none: one per lead and step
 * per-IP counter    LIMIT#IP#{ipKey}                 DAY#{yyyy-MM-dd}           a day after that UTC day
 * mail budget       LIMIT#MAIL                       MINUTE#{yyyy-MM-ddTHH:mm}  an hour after that minute
 * funnel counter    COUNT#{campaign}                 DAY#{day}#{src}#{med}#{utmCampaign}#{shard}  none: no personal data
 * erasure tombstone ERASED#{hmac(address)}           ERASED, EVENT#{time}#0#erased#{id}  none: proof of erasure
 *
 * GSI due-index (sparse, KEYS_ONLY): dueShard (DUE#0..3) / dueAt (sortable time), set on leads
 * with a nurture step ahead.
 * GSI mail-index (sparse, KEYS_ONLY): mailShard (MAIL#0..3) / mailDueAt (sortable time), set on
 * pending signups whose confirmation mail is owed (the outbox); removed once SES accepted it.
 * GSI remind-index (sparse, KEYS_ONLY): remindShard (REMIND#0..3) / remindAt (sortable time), set
 * on leads whose raised hand nobody acknowledged yet, for one reminder ({@link HandoffStore}).
 * hand-off notice  LEAD#{campaign}#{addressKey}     NOTICE#{kind}#{eventId}    none: one per notice (dedup)
 * GSI admin-index (sparse, ALL): adminPk / adminSk, overloaded for the admin API. Confirmed leads:
 * LEADS#{campaign} / {confirmedAt}#{addressKey} (a campaign's leads, newest first). Pending
 * signups and tokens: PERSON#{addressKey} / their PK (what a privacy request must find besides
 * the lead's own partition).
 * </pre>
 *
 * <ul>
 *   <li>Item shapes: one repository per kind knows its attributes, {@link LeadRepository} (LEAD),
 *       {@link PendingRepository} (PENDING; its {@code mailState}: {@link MailStateRepository}),
 *       {@link LedgerRepository} (EVENT#), {@link AddressRepository} (ADDR, signup attributes;
 *       {@link SuppressionStore} the bounce ones), {@link TokenRepository} (TOKEN), {@link NurtureStore}
 *       (NURTURE#, the lead's nurture progress). They encode values with {@link ItemCodec} and reach
 *       DynamoDB only through {@link DynamoTable}, where SDK errors become {@link StoreException} or
 *       {@link ConflictException}; a composite write ({@link LeadStore}) gathers its parts in one
 *       {@link Transaction}.</li>
 *   <li>{@code addressKey} is the SHA-256 of the normalised, lower-cased address: keys never hold
 *       an email address, and case variants are one subscriber.</li>
 *   <li>Submit: BatchGetItem(LEAD, PENDING, ADDR) then TransactWriteItems(PENDING, confirm TOKEN,
 *       survey TOKEN, ADDR).</li>
 *   <li>Confirm: GetItem(TOKEN), GetItem(PENDING) then TransactWriteItems(LEAD, delete PENDING,
 *       TOKEN used, EVENT subscribed + confirmed + survey answers, survey TOKEN). Only this path
 *       creates a lead, so only confirmed leads persist.</li>
 *   <li>Survey: GetItem(TOKEN), BatchGetItem(LEAD, PENDING, ADDR), then UpdateItem(PENDING) before
 *       confirmation, or TransactWriteItems(LEAD, EVENT survey_answered [+ qualified]) after.</li>
 *   <li>Unsubscribe: GetItem(TOKEN) then TransactWriteItems(LEAD status UNSUBSCRIBED, nurture
 *       scheduling removed; EVENT unsubscribed). The page (GET) reads TOKEN and LEAD only.</li>
 *   <li>Ledger of a lead: Query PK = LEAD#.., SK begins_with EVENT#.</li>
 *   <li>Nurture scheduler: per shard, Query due-index dueShard = DUE#n AND dueAt <= now: reads
 *       grow with the due leads, never with the table (no Scan).</li>
 *   <li>Nurture sender: PutItem NURTURE#{step} if absent (one send per lead and step), then
 *       TransactWriteItems(marker SENT, lead progress and next dueAt, EVENT nurture_sent).</li>
 *   <li>Address item attributes. Signup path ({@link AddressRepository#countSend}):
 *       {@code confirmationSends} (epoch seconds in the cap window), {@code version} (optimistic
 *       lock). Bounces and complaints
 *       ({@link SuppressionStore}, UpdateItem, creates the item if missing, never touches the two
 *       above): {@code suppressed} (BOOL), {@code suppressedAt}, {@code suppressedReason}
 *       (BOUNCE | COMPLAINT), {@code suppressedFeedbackId} (SES feedback id), {@code transientBounces}
 *       (N), {@code lastTransientBounceAt}, {@code lastTransientFeedbackId}. An item made only by
 *       these has no {@code version}, which the signup path reads as 0, as for a missing item.</li>
 *   <li>Lead events: the table's stream (NEW_AND_OLD_IMAGES), read by the lead-events function;
 *       hand-off notices: TransactWriteItems(NOTICE# marker if absent or its lease ended, ack
 *       TOKEN), then UpdateItem(marker SENT) or DeleteItem(marker) when SES refused.</li>
 *   <li>Hand-off reminders: per shard, Query remind-index remindShard = REMIND#n AND remindAt <= now,
 *       then UpdateItem(lead, REMOVE remindShard/remindAt if remindAt unchanged and not acknowledged).</li>
 *   <li>Tokens are stored hashed: a table dump does not yield working links.</li>
 *   <li>Limits ({@link LimitStore}): a signup first ADDs 1 to its client's hour ({@code hHH}) and
 *       day ({@code signups}) counters, one UpdateItem conditional on both being under their limits;
 *       a confirmation mail to an address not mailed in the cap window first ADDs 1 to the minute's
 *       {@code sent}, conditional on the stack's budget. {@code ipKey}: hashed client IPv4 address or
 *       IPv6 /64 ({@code com.leadpipe.abuse.ClientIp}).</li>
 *   <li>Key prefixes are what IAM grants by ({@code dynamodb:LeadingKeys} in template.yaml):
 *       {@code LEAD#}, {@code ADDR#}, {@code TOKEN#}, {@code LIMIT#}.</li>
 * </ul>
 */
public final class LeadpipeTable {

    public static final String PK = "PK";
    public static final String SK = "SK";
    /** Epoch seconds; DynamoDB TTL deletes the item some time after this. Readers check it too. */
    public static final String EXPIRES_AT = "expiresAt";

    public static final String SK_LEAD = "LEAD";
    public static final String SK_PENDING = "PENDING";
    public static final String SK_ADDRESS = "ADDR";
    public static final String SK_TOKEN = "TOKEN";
    public static final String SK_EVENT_PREFIX = "EVENT#";
    public static final String SK_NURTURE_PREFIX = "NURTURE#";

    /** Sparse GSI of leads with a nurture step ahead: only they carry dueShard/dueAt. */
    public static final String DUE_INDEX = "due-index";
    public static final String DUE_SHARD = "dueShard";
    public static final String DUE_AT = "dueAt";
    /** Shards spread due leads over several partition keys, so no single key gets hot. */
    public static final int DUE_SHARDS = 4;

    /** Sparse GSI of pending signups whose confirmation mail is owed: the table is the outbox. */
    public static final String MAIL_INDEX = "mail-index";
    public static final String MAIL_SHARD = "mailShard";
    public static final String MAIL_DUE_AT = "mailDueAt";

    public static final String REMIND_INDEX = "remind-index";
    public static final String REMIND_SHARD = "remindShard";
    public static final String REMIND_AT = "remindAt";
    public static final String SK_NOTICE_PREFIX = "NOTICE#";

    public static String remindShard(String leadPk) {
        return "REMIND#" + Math.floorMod(leadPk.hashCode(), DUE_SHARDS);
    }

    /** Overloaded sparse GSI of the admin API: a campaign's leads, a person's pending signups and tokens. */
    public static final String ADMIN_INDEX = "admin-index";
    public static final String ADMIN_PK = "adminPk";
    public static final String ADMIN_SK = "adminSk";

    public static String campaignLeads(String campaignId) {
        return "LEADS#" + campaignId;
    }

    public static String person(String addressKey) {
        return "PERSON#" + addressKey;
    }

    public static String mailShard(String leadPk) {
        return "MAIL#" + Math.floorMod(leadPk.hashCode(), DUE_SHARDS);
    }

    public static String dueShard(String leadPk) {
        return "DUE#" + Math.floorMod(leadPk.hashCode(), DUE_SHARDS);
    }

    private LeadpipeTable() {
    }

    private static final String LEAD_PREFIX = "LEAD#";
    private static final String ADDRESS_PREFIX = "ADDR#";
    private static final String TOKEN_PREFIX = "TOKEN#";
    private static final String IP_LIMIT_PREFIX = "LIMIT#IP#";
    /** The one item of each minute's stack-wide confirmation mail budget. */
    public static final String MAIL_BUDGET_PK = "LIMIT#MAIL";

    public static String ipLimitPk(String ipKey) {
        return IP_LIMIT_PREFIX + ipKey;
    }

    public static String leadPk(String campaignId, String addressKey) {
        return LEAD_PREFIX + campaignId + "#" + addressKey;
    }

    /** The campaign id and address key a lead PK is made of (campaign ids hold no '#'). */
    public static String[] leadPkParts(String leadPk) {
        String[] parts = leadPk.split("#", 3);
        return new String[] {parts[1], parts[2]};
    }

    public static String addressPk(String addressKey) {
        return ADDRESS_PREFIX + addressKey;
    }

    public static String addressKeyOf(String addressPk) {
        return addressPk.substring(ADDRESS_PREFIX.length());
    }

    public static String tokenPk(String tokenHash) {
        return TOKEN_PREFIX + tokenHash;
    }

    public static String tokenHashOf(String tokenPk) {
        return tokenPk.substring(TOKEN_PREFIX.length());
    }

    /**
     * @param sortableTime fixed-width UTC time, so a lead's events sort by time
     * @param order        position among events one action writes at the same instant
     * @param id           the submission (consent, survey), lead (unsubscribe) or step (nurture)
     */
    public static String eventSk(String sortableTime, int order, String type, String id) {
        return SK_EVENT_PREFIX + sortableTime + "#" + order + "#" + type + "#" + id;
    }

    public static String nurtureSk(String stepId) {
        return SK_NURTURE_PREFIX + stepId;
    }

    /** The table as template.yaml declares it; tests and the local runner create it from here. */
    public static CreateTableRequest createTableRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(DUE_SHARD).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(DUE_AT).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(MAIL_SHARD).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(MAIL_DUE_AT).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(REMIND_SHARD).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(REMIND_AT).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(ADMIN_PK).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(ADMIN_SK).attributeType(ScalarAttributeType.S).build())
                .keySchema(
                        KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build())
                .globalSecondaryIndexes(sparseIndex(DUE_INDEX, DUE_SHARD, DUE_AT),
                        sparseIndex(MAIL_INDEX, MAIL_SHARD, MAIL_DUE_AT),
                        sparseIndex(REMIND_INDEX, REMIND_SHARD, REMIND_AT),
                        GlobalSecondaryIndex.builder().indexName(ADMIN_INDEX)
                                .keySchema(KeySchemaElement.builder().attributeName(ADMIN_PK).keyType(KeyType.HASH).build(),
                                        KeySchemaElement.builder().attributeName(ADMIN_SK).keyType(KeyType.RANGE).build())
                                .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build())
                // Lead events are published from the change stream (template.yaml: NEW_AND_OLD_IMAGES).
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))
                .build();
    }

    private static GlobalSecondaryIndex sparseIndex(String name, String shard, String dueAt) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(
                        KeySchemaElement.builder().attributeName(shard).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(dueAt).keyType(KeyType.RANGE).build())
                .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                .build();
    }
}
