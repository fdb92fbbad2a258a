package com.leadpipe.store;

import static com.leadpipe.store.LeadpipeTable.EXPIRES_AT;
import static com.leadpipe.store.LeadpipeTable.PK;
import static com.leadpipe.store.LeadpipeTable.SK;

import com.leadpipe.email.EmailAddress;
import com.leadpipe.store.Records.Address;
import com.leadpipe.store.Records.LedgerEvent;
import com.leadpipe.store.Records.SurveyEntry;
import com.leadpipe.store.Records.Evidence;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.store.Records.LeadStatus;
import com.leadpipe.store.Records.MailState;
import com.leadpipe.store.Records.Pending;
import com.leadpipe.store.Records.SubscriberState;
import com.leadpipe.store.Records.Token;
import com.leadpipe.store.Records.TokenPurpose;
import com.leadpipe.campaign.Survey;
import com.leadpipe.subscribe.Signup;
import com.leadpipe.survey.Qualifier;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The only code that knows item shapes. SDK errors become {@link ConflictException} (lost a
 * conditional race: re-read and retry) or {@link StoreException} (anything else) here, at the
 * boundary. Keys and access patterns: {@link LeadpipeTable}.
 */
public final class LeadStore {

    /** Fixed width so consent events sort by time as strings. */
    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamo;
    private final String table;

    public LeadStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    // ---- reads ----------------------------------------------------------------------------

    /** Lead, pending signup and address state in one round trip, strongly consistent. */
    public SubscriberState load(String campaignId, String addressKey) {
        String leadPk = LeadpipeTable.leadPk(campaignId, addressKey);
        List<Map<String, AttributeValue>> keys = List.of(
                key(leadPk, LeadpipeTable.SK_LEAD),
                key(leadPk, LeadpipeTable.SK_PENDING),
                key(LeadpipeTable.addressPk(addressKey), LeadpipeTable.SK_ADDRESS));
        Map<String, KeysAndAttributes> request = Map.of(table,
                KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        try {
            // BatchGetItem may hand back part of the keys under load: ask again for the rest.
            for (int attempt = 0; attempt < 5 && !request.isEmpty(); attempt++) {
                Map<String, KeysAndAttributes> pending = request;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(pending));
                items.addAll(response.responses().getOrDefault(table, List.of()));
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        } catch (SdkException e) {
            throw new StoreException("cannot read subscriber state", e);
        }
        if (!request.isEmpty()) {
            throw new StoreException("cannot read subscriber state: keys left unprocessed", null);
        }
        Optional<Lead> lead = Optional.empty();
        Optional<Pending> pending = Optional.empty();
        Address address = Address.fresh(addressKey);
        for (Map<String, AttributeValue> item : items) {
            switch (s(item, SK)) {
                case LeadpipeTable.SK_LEAD -> lead = Optional.of(lead(item));
                case LeadpipeTable.SK_PENDING -> pending = Optional.of(pending(item));
                case LeadpipeTable.SK_ADDRESS -> address = address(item);
                default -> { }
            }
        }
        return new SubscriberState(lead, pending, address);
    }

    public Optional<Pending> findPending(String campaignId, String addressKey) {
        return get(LeadpipeTable.leadPk(campaignId, addressKey), LeadpipeTable.SK_PENDING).map(LeadStore::pending);
    }

    public Optional<Lead> findLead(String campaignId, String addressKey) {
        return get(LeadpipeTable.leadPk(campaignId, addressKey), LeadpipeTable.SK_LEAD).map(LeadStore::lead);
    }

    public Optional<Token> findToken(String hash) {
        return get(LeadpipeTable.tokenPk(hash), LeadpipeTable.SK_TOKEN).map(LeadStore::token);
    }

    public Address findAddress(String addressKey) {
        return get(LeadpipeTable.addressPk(addressKey), LeadpipeTable.SK_ADDRESS).map(LeadStore::address)
                .orElse(Address.fresh(addressKey));
    }

    /** The ledger of one lead (consent, survey answers, qualification changes), oldest first. */
    public List<LedgerEvent> ledger(String campaignId, String addressKey) {
        try {
            List<LedgerEvent> events = new ArrayList<>();
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse response = dynamo.query(q -> q.tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                        .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                        .expressionAttributeValues(Map.of(
                                ":pk", str(LeadpipeTable.leadPk(campaignId, addressKey)),
                                ":prefix", str(LeadpipeTable.SK_EVENT_PREFIX)))
                        .exclusiveStartKey(from));
                response.items().forEach(i -> events.add(new LedgerEvent(s(i, "type"), instant(i, "at"), s(i, "ip"),
                        s(i, "userAgent"), s(i, "campaign"), s(i, "consentVersion"), strings(i.get("details")))));
                start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                        ? response.lastEvaluatedKey() : null;
            } while (start != null);
            return events;
        } catch (SdkException e) {
            throw new StoreException("cannot read ledger", e);
        }
    }

    // ---- writes ---------------------------------------------------------------------------

    /**
     * Stores a signup's pending state and its confirmation token, and counts the confirmation
     * mail against the address's cap, all or nothing.
     *
     * @param address the address state as read, with this send added; written only if nobody
     *                changed it since (optimistic version check)
     */
    public void savePending(Pending pending, Token confirmToken, Optional<Token> surveyToken, Address address)
            throws ConflictException {
        String leadPk = LeadpipeTable.leadPk(pending.campaignId(), pending.addressKey());
        Map<String, AttributeValue> pendingItem = new HashMap<>(key(leadPk, LeadpipeTable.SK_PENDING));
        pendingItem.put("campaign", str(pending.campaignId()));
        pendingItem.put("addressKey", str(pending.addressKey()));
        pendingItem.put("submissionId", str(pending.submissionId()));
        pendingItem.put("email", str(pending.email().value()));
        pendingItem.put("fields", map(pending.fields()));
        putEvidence(pendingItem, "signup", pending.signup());
        pendingItem.put("mailState", str(pending.mailState().name()));
        pendingItem.put("attribution", map(pending.attribution()));
        pendingItem.put(EXPIRES_AT, epoch(pending.expiresAt()));

        // Update, not Put: the address item also carries suppression state this must not touch.
        Map<String, AttributeValue> addressValues = new HashMap<>();
        addressValues.put(":sends", AttributeValue.fromL(address.confirmationSends().stream().map(LeadStore::epoch).toList()));
        addressValues.put(":next", num(address.version() + 1));
        String addressCondition;
        if (address.version() == 0) {
            addressCondition = "attribute_not_exists(#version)";
        } else {
            addressCondition = "#version = :version";
            addressValues.put(":version", num(address.version()));
        }
        Update addressUpdate = Update.builder().tableName(table)
                .key(key(LeadpipeTable.addressPk(address.addressKey()), LeadpipeTable.SK_ADDRESS))
                .updateExpression("SET confirmationSends = :sends, #version = :next")
                .conditionExpression(addressCondition)
                .expressionAttributeNames(Map.of("#version", "version"))
                .expressionAttributeValues(addressValues)
                .build();

        List<TransactWriteItem> items = new ArrayList<>(List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(pendingItem).build()).build(),
                TransactWriteItem.builder().put(newToken(confirmToken)).build(),
                TransactWriteItem.builder().update(addressUpdate).build()));
        surveyToken.ifPresent(t -> items.add(TransactWriteItem.builder().put(newToken(t)).build()));
        transact("save pending signup", items.toArray(TransactWriteItem[]::new));
    }

    private Put newToken(Token token) {
        return Put.builder().tableName(table).item(tokenItem(token)).conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", PK)).build();
    }

    /** A token on its own: a re-sent confirmation's, or a decoy survey link's. */
    public void putToken(Token token) {
        try {
            dynamo.putItem(p -> p.tableName(table).item(tokenItem(token))
                    .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", PK)));
        } catch (SdkException e) {
            throw new StoreException("cannot store token", e);
        }
    }

    /**
     * Survey answers given before confirmation: kept on the pending signup (and expire with it);
     * {@link #confirm} moves them to the lead.
     */
    public void saveSurveyOnPending(String campaignId, String addressKey, String submissionId, SurveyEntry entry)
            throws ConflictException {
        try {
            dynamo.updateItem(u -> u.tableName(table)
                    .key(key(LeadpipeTable.leadPk(campaignId, addressKey), LeadpipeTable.SK_PENDING))
                    .updateExpression("SET #survey = :answers, #history = list_append(if_not_exists(#history, :none), :entry)")
                    .conditionExpression("submissionId = :sid")
                    .expressionAttributeNames(Map.of("#survey", "survey", "#history", "surveyHistory"))
                    .expressionAttributeValues(Map.of(":answers", answers(entry.answers()), ":sid", str(submissionId),
                            ":none", AttributeValue.fromL(List.of()),
                            ":entry", AttributeValue.fromL(List.of(surveyEntry(entry))))));
        } catch (ConditionalCheckFailedException e) {
            throw new ConflictException("pending signup changed", e);
        } catch (SdkException e) {
            throw new StoreException("cannot save survey answers", e);
        }
    }

    /**
     * Survey answers of a confirmed lead and the qualification they give, with ledger events
     * for the answers and, when it changed, the qualification.
     */
    public void saveSurveyOnLead(Lead lead, SurveyEntry entry, Qualifier.Qualification qualification, Evidence evidence)
            throws ConflictException {
        String leadPk = LeadpipeTable.leadPk(lead.campaignId(), lead.addressKey());
        Map<String, AttributeValue> set = new java.util.LinkedHashMap<>();
        set.put("survey", answers(entry.answers()));
        putQualification(set, qualification);
        Map<String, String> names = new HashMap<>(Map.of("#status", "status", "#sid", "submissionId"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":confirmed", str(LeadStatus.CONFIRMED.name()),
                ":sid", str(lead.submissionId())));
        Update update = Update.builder().tableName(table).key(key(leadPk, LeadpipeTable.SK_LEAD))
                .updateExpression(setExpression(set, names, values))
                .conditionExpression("#status = :confirmed AND #sid = :sid")
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().update(update).build());
        items.add(TransactWriteItem.builder().put(eventPut(leadPk, surveyEvent(lead.campaignId(), entry, evidence),
                lead.submissionId(), 0)).build());
        if (!qualification.equals(lead.qualification())) {
            items.add(TransactWriteItem.builder().put(eventPut(leadPk, qualifiedEvent(lead.campaignId(), qualification,
                    evidence.at()), lead.submissionId(), 1)).build());
        }
        transact("save survey answers", items.toArray(TransactWriteItem[]::new));
    }

    /** Records what became of the confirmation mail; a no-op if the signup moved on meanwhile. */
    public void markMailState(String campaignId, String addressKey, String submissionId, MailState state) {
        try {
            dynamo.updateItem(u -> u.tableName(table)
                    .key(key(LeadpipeTable.leadPk(campaignId, addressKey), LeadpipeTable.SK_PENDING))
                    .updateExpression("SET mailState = :state")
                    .conditionExpression("submissionId = :sid")
                    .expressionAttributeValues(Map.of(":state", str(state.name()), ":sid", str(submissionId))));
        } catch (ConditionalCheckFailedException e) {
            // Confirmed, expired or re-submitted since: that newer state wins.
        } catch (SdkException e) {
            throw new StoreException("cannot record mail state", e);
        }
    }

    /**
     * Turns a pending signup into a confirmed lead, atomically: the lead is written (or
     * re-activated), the pending item deleted, the token marked used, and both consent events
     * (signup, confirmation) appended to the ledger. Fails with {@link ConflictException} if the
     * pending item or token changed since they were read, or the lead is confirmed already.
     */
    public Lead confirm(Pending pending, Token token, Evidence confirmation, Qualifier.Qualification qualification,
                        Optional<Token> surveyToken, boolean enrollInNurture) throws ConflictException {
        String leadPk = LeadpipeTable.leadPk(pending.campaignId(), pending.addressKey());
        Map<String, AttributeValue> set = new java.util.LinkedHashMap<>();
        set.put("email", str(pending.email().value()));
        set.put("campaign", str(pending.campaignId()));
        set.put("addressKey", str(pending.addressKey()));
        set.put("submissionId", str(pending.submissionId()));
        set.put("fields", map(pending.fields()));
        set.put("status", str(LeadStatus.CONFIRMED.name()));
        set.put("confirmedAt", str(iso(confirmation.at())));
        set.put("signupConsentVersion", str(pending.signup().consentVersion()));
        set.put("signupConsentText", str(pending.signup().consentText()));
        set.put("signupAt", str(iso(pending.signup().at())));
        set.put("signupIp", str(pending.signup().ip()));
        set.put("signupUserAgent", str(pending.signup().userAgent()));
        set.put("confirmAt", str(iso(confirmation.at())));
        set.put("confirmIp", str(confirmation.ip()));
        set.put("confirmUserAgent", str(confirmation.userAgent()));
        set.put("survey", answers(pending.survey()));
        set.put("attribution", map(pending.attribution()));
        putQualification(set, qualification);
        if (enrollInNurture) {
            // Due now: the scheduler's next run finds the lead and the sender works out the first step.
            set.put(LeadpipeTable.DUE_SHARD, str(LeadpipeTable.dueShard(leadPk)));
            set.put(LeadpipeTable.DUE_AT, str(iso(confirmation.at())));
        }
        Map<String, String> names = new HashMap<>(Map.of("#pk", PK, "#leadId", "leadId", "#createdAt", "createdAt",
                "#status", "status"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":leadId", str(UUID.randomUUID().toString()),
                ":now", str(iso(confirmation.at())),
                ":confirmed", str(LeadStatus.CONFIRMED.name())));
        Update lead = Update.builder().tableName(table).key(key(leadPk, LeadpipeTable.SK_LEAD))
                .updateExpression(setExpression(set, names, values)
                        + ", #leadId = if_not_exists(#leadId, :leadId), #createdAt = if_not_exists(#createdAt, :now)")
                .conditionExpression("attribute_not_exists(#pk) OR #status <> :confirmed")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
        Delete deletePending = Delete.builder().tableName(table).key(key(leadPk, LeadpipeTable.SK_PENDING))
                .conditionExpression("submissionId = :sid")
                .expressionAttributeValues(Map.of(":sid", str(pending.submissionId())))
                .build();
        Update useToken = Update.builder().tableName(table)
                .key(key(LeadpipeTable.tokenPk(token.hash()), LeadpipeTable.SK_TOKEN))
                .updateExpression("SET usedAt = :now")
                .conditionExpression("attribute_exists(#pk) AND attribute_not_exists(usedAt)")
                .expressionAttributeNames(Map.of("#pk", PK))
                .expressionAttributeValues(Map.of(":now", str(iso(confirmation.at()))))
                .build();
        String campaign = pending.campaignId();
        String version = pending.signup().consentVersion();
        List<TransactWriteItem> items = new ArrayList<>(List.of(
                TransactWriteItem.builder().update(lead).build(),
                TransactWriteItem.builder().delete(deletePending).build(),
                TransactWriteItem.builder().update(useToken).build(),
                TransactWriteItem.builder().put(eventPut(leadPk, new LedgerEvent("subscribed", pending.signup().at(),
                        pending.signup().ip(), pending.signup().userAgent(), campaign, version, Map.of()),
                        pending.submissionId(), 0)).build(),
                TransactWriteItem.builder().put(eventPut(leadPk, new LedgerEvent("confirmed", confirmation.at(),
                        confirmation.ip(), confirmation.userAgent(), campaign, version, Map.of()),
                        pending.submissionId(), 0)).build()));
        surveyToken.ifPresent(t -> items.add(TransactWriteItem.builder().put(newToken(t)).build()));
        // Survey answers given while pending join the ledger now that there is a lead to own them.
        for (SurveyEntry entry : pending.surveyHistory()) {
            items.add(TransactWriteItem.builder().put(eventPut(leadPk, surveyEvent(campaign, entry,
                    new Evidence(entry.at(), "", "")), pending.submissionId(), 0)).build());
        }
        if (!pending.survey().isEmpty()) {
            items.add(TransactWriteItem.builder().put(eventPut(leadPk, qualifiedEvent(campaign, qualification,
                    confirmation.at()), pending.submissionId(), 1)).build());
        }
        transact("confirm lead", items.toArray(TransactWriteItem[]::new));
        return findLead(pending.campaignId(), pending.addressKey())
                .orElseThrow(() -> new StoreException("confirmed lead not readable", null));
    }

    /**
     * Unsubscribes a confirmed lead, all or nothing: status UNSUBSCRIBED with the time, nurture
     * scheduling ({@code dueShard}, {@code dueAt}) removed so the sparse due index drops the lead
     * and no further step goes out, and an {@code unsubscribed} event appended to the ledger.
     *
     * <p>Only a CONFIRMED lead changes, so a repeat writes nothing and the ledger records one
     * event: an already unsubscribed lead, a lead that does not exist and a lost race with a
     * parallel write all fail with {@link ConflictException}; the caller re-reads the lead to tell
     * which. Removing scheduling attributes the lead does not have is harmless.
     *
     * @param leadId ends the event's key, as the submission id does for consent events
     * @param method how it was asked for, kept in the event's details: "one-click" (RFC 8058 POST
     *               from a mailbox provider) or "page" (the button on our unsubscribe page)
     */
    public void unsubscribe(String campaignId, String addressKey, String leadId, Evidence evidence, String method)
            throws ConflictException {
        String leadPk = LeadpipeTable.leadPk(campaignId, addressKey);
        Update lead = Update.builder().tableName(table).key(key(leadPk, LeadpipeTable.SK_LEAD))
                .updateExpression("SET #status = :unsubscribed, #at = :now REMOVE #dueShard, #dueAt")
                .conditionExpression("#status = :confirmed")
                .expressionAttributeNames(Map.of("#status", "status", "#at", "unsubscribedAt",
                        "#dueShard", "dueShard", "#dueAt", "dueAt"))
                .expressionAttributeValues(Map.of(":unsubscribed", str(LeadStatus.UNSUBSCRIBED.name()),
                        ":confirmed", str(LeadStatus.CONFIRMED.name()), ":now", str(iso(evidence.at()))))
                .build();
        LedgerEvent event = new LedgerEvent("unsubscribed", evidence.at(), evidence.ip(), evidence.userAgent(),
                campaignId, "", Map.of("method", method));
        transact("unsubscribe lead", TransactWriteItem.builder().update(lead).build(),
                TransactWriteItem.builder().put(eventPut(leadPk, event, leadId, 0)).build());
    }

    /** Most survey answer sets a pending signup keeps: a transaction holds at most 100 items. */
    public static final int MAX_PENDING_SURVEY_HISTORY = 20;

    // ---- mapping --------------------------------------------------------------------------

    private static LedgerEvent surveyEvent(String campaign, SurveyEntry entry, Evidence evidence) {
        Map<String, String> details = new java.util.TreeMap<>();
        entry.answers().forEach((q, a) -> details.put(q, String.join("|", a)));
        return new LedgerEvent("survey_answered", entry.at(), evidence.ip(), evidence.userAgent(), campaign, "", details);
    }

    private static LedgerEvent qualifiedEvent(String campaign, Qualifier.Qualification q, Instant at) {
        return new LedgerEvent("qualified", at, "", "", campaign, "", Map.of(
                "temperature", q.temperature().lower(), "stage", q.stage().lower(),
                "interest", String.valueOf(q.score(Survey.Axis.INTEREST)),
                "budget", String.valueOf(q.score(Survey.Axis.BUDGET)),
                "fit", String.valueOf(q.score(Survey.Axis.FIT)),
                "total", String.valueOf(q.total()), "tags", String.join(",", q.tags())));
    }

    private static void putQualification(Map<String, AttributeValue> set, Qualifier.Qualification q) {
        set.put("scoreInterest", num(q.score(Survey.Axis.INTEREST)));
        set.put("scoreBudget", num(q.score(Survey.Axis.BUDGET)));
        set.put("scoreFit", num(q.score(Survey.Axis.FIT)));
        set.put("scoreTotal", num(q.total()));
        set.put("temperature", str(q.temperature().lower()));
        set.put("stage", str(q.stage().lower()));
        set.put("tags", AttributeValue.fromL(q.tags().stream().sorted().map(LeadStore::str).toList()));
    }

    private static Qualifier.Qualification qualification(Map<String, AttributeValue> item) {
        if (!item.containsKey("temperature")) {
            return Qualifier.Qualification.unanswered(true);
        }
        Map<Survey.Axis, Integer> scores = new java.util.EnumMap<>(Survey.Axis.class);
        scores.put(Survey.Axis.INTEREST, integer(item, "scoreInterest"));
        scores.put(Survey.Axis.BUDGET, integer(item, "scoreBudget"));
        scores.put(Survey.Axis.FIT, integer(item, "scoreFit"));
        return new Qualifier.Qualification(scores, integer(item, "scoreTotal"),
                Survey.Temperature.valueOf(s(item, "temperature").toUpperCase(java.util.Locale.ROOT)),
                Qualifier.Stage.valueOf(s(item, "stage").toUpperCase(java.util.Locale.ROOT)),
                item.containsKey("tags") ? item.get("tags").l().stream().map(AttributeValue::s)
                        .collect(java.util.stream.Collectors.toSet()) : java.util.Set.of());
    }

    private static int integer(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? 0 : Integer.parseInt(v.n());
    }

    /** "SET #a0 = :a0, ..." with a placeholder for every name: many are reserved words (status…). */
    private static String setExpression(Map<String, AttributeValue> set, Map<String, String> names,
                                        Map<String, AttributeValue> values) {
        StringBuilder expression = new StringBuilder("SET ");
        int i = 0;
        for (Map.Entry<String, AttributeValue> attribute : set.entrySet()) {
            names.put("#a" + i, attribute.getKey());
            values.put(":a" + i, attribute.getValue());
            expression.append(i == 0 ? "" : ", ").append("#a").append(i).append(" = :a").append(i);
            i++;
        }
        return expression.toString();
    }

    private static AttributeValue answers(Map<String, List<String>> answers) {
        Map<String, AttributeValue> m = new HashMap<>();
        answers.forEach((q, a) -> m.put(q, AttributeValue.fromL(a.stream().map(LeadStore::str).toList())));
        return AttributeValue.fromM(m);
    }

    private static Map<String, List<String>> answers(AttributeValue value) {
        if (value == null || !value.hasM()) {
            return Map.of();
        }
        Map<String, List<String>> out = new HashMap<>();
        value.m().forEach((q, a) -> out.put(q, a.l().stream().map(AttributeValue::s).toList()));
        return out;
    }

    private static AttributeValue surveyEntry(SurveyEntry entry) {
        return AttributeValue.fromM(Map.of("at", str(iso(entry.at())), "answers", answers(entry.answers())));
    }

    private static List<SurveyEntry> surveyHistory(AttributeValue value) {
        if (value == null || !value.hasL()) {
            return List.of();
        }
        return value.l().stream().map(v -> new SurveyEntry(Instant.parse(v.m().get("at").s()),
                answers(v.m().get("answers")))).toList();
    }

    /** @param order position among events written at the same instant by one action (answer, then result) */
    private Put eventPut(String leadPk, LedgerEvent event, String submissionId, int order) {
        Map<String, AttributeValue> item = new HashMap<>(key(leadPk, LeadpipeTable.SK_EVENT_PREFIX + iso(event.at())
                + "#" + order + "#" + event.type() + "#" + submissionId));
        item.put("type", str(event.type()));
        item.put("at", str(iso(event.at())));
        item.put("ip", str(event.ip()));
        item.put("userAgent", str(event.userAgent()));
        item.put("campaign", str(event.campaignId()));
        item.put("consentVersion", str(event.consentVersion()));
        if (!event.details().isEmpty()) {
            item.put("details", map(event.details()));
        }
        // Append-only: an event is never overwritten.
        return Put.builder().tableName(table).item(item).conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", PK)).build();
    }

    private static Map<String, AttributeValue> tokenItem(Token token) {
        Map<String, AttributeValue> item = new HashMap<>(key(LeadpipeTable.tokenPk(token.hash()), LeadpipeTable.SK_TOKEN));
        item.put("purpose", str(token.purpose().name()));
        item.put("campaign", str(token.campaignId()));
        item.put("addressKey", str(token.addressKey()));
        item.put("submissionId", str(token.submissionId()));
        item.put("createdAt", str(iso(token.createdAt())));
        item.put(EXPIRES_AT, epoch(token.expiresAt()));
        token.usedAt().ifPresent(u -> item.put("usedAt", str(iso(u))));
        return item;
    }

    private static Token token(Map<String, AttributeValue> item) {
        String pk = s(item, PK);
        return new Token(pk.substring("TOKEN#".length()), TokenPurpose.valueOf(s(item, "purpose")), s(item, "campaign"),
                s(item, "addressKey"), s(item, "submissionId"), instant(item, "createdAt"), epochInstant(item, EXPIRES_AT),
                Optional.ofNullable(item.get("usedAt")).map(v -> Instant.parse(v.s())));
    }

    private static Pending pending(Map<String, AttributeValue> item) {
        return new Pending(s(item, "campaign"), s(item, "addressKey"), s(item, "submissionId"),
                new EmailAddress(s(item, "email")), strings(item.get("fields")), evidence(item, "signup"),
                epochInstant(item, EXPIRES_AT), MailState.valueOf(s(item, "mailState")), answers(item.get("survey")),
                surveyHistory(item.get("surveyHistory")), strings(item.get("attribution")));
    }

    private static Lead lead(Map<String, AttributeValue> item) {
        return new Lead(s(item, "campaign"), s(item, "addressKey"), s(item, "leadId"), s(item, "submissionId"),
                new EmailAddress(s(item, "email")), strings(item.get("fields")), LeadStatus.valueOf(s(item, "status")),
                instant(item, "createdAt"), instant(item, "confirmedAt"), evidence(item, "signup"),
                new Evidence(instant(item, "confirmAt"), s(item, "confirmIp"), s(item, "confirmUserAgent")),
                answers(item.get("survey")), qualification(item), strings(item.get("attribution")),
                new Records.Nurture(item.containsKey("nurtureDone") ? item.get("nurtureDone").l().stream()
                        .map(AttributeValue::s).collect(java.util.stream.Collectors.toSet()) : java.util.Set.of(),
                        Optional.ofNullable(instant(item, "nurtureLastSentAt")),
                        Optional.ofNullable(instant(item, LeadpipeTable.DUE_AT))));
    }

    private static Address address(Map<String, AttributeValue> item) {
        List<Instant> sends = item.containsKey("confirmationSends")
                ? item.get("confirmationSends").l().stream().map(v -> Instant.ofEpochSecond(Long.parseLong(v.n()))).toList()
                : List.of();
        AttributeValue suppressed = item.get("suppressed");
        AttributeValue version = item.get("version");
        return new Address(s(item, PK).substring("ADDR#".length()), sends,
                version == null ? 0 : Long.parseLong(version.n()),
                suppressed != null && Boolean.TRUE.equals(suppressed.bool()));
    }

    private static void putEvidence(Map<String, AttributeValue> item, String prefix, Signup.ConsentEvidence e) {
        item.put(prefix + "At", str(iso(e.at())));
        item.put(prefix + "Ip", str(e.ip()));
        item.put(prefix + "UserAgent", str(e.userAgent()));
        item.put(prefix + "ConsentVersion", str(e.consentVersion()));
        item.put(prefix + "ConsentText", str(e.consentText()));
    }

    private static Signup.ConsentEvidence evidence(Map<String, AttributeValue> item, String prefix) {
        return new Signup.ConsentEvidence(instant(item, prefix + "At"), s(item, prefix + "Ip"),
                s(item, prefix + "UserAgent"), s(item, prefix + "ConsentVersion"), s(item, prefix + "ConsentText"));
    }

    private Optional<Map<String, AttributeValue>> get(String pk, String sk) {
        try {
            var response = dynamo.getItem(g -> g.tableName(table).key(key(pk, sk)).consistentRead(true));
            return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
        } catch (SdkException e) {
            throw new StoreException("cannot read item", e);
        }
    }

    private void transact(String what, TransactWriteItem... items) throws ConflictException {
        try {
            dynamo.transactWriteItems(t -> t.transactItems(items));
        } catch (TransactionCanceledException e) {
            boolean lostRace = e.hasCancellationReasons() && e.cancellationReasons().stream()
                    .anyMatch(r -> "ConditionalCheckFailed".equals(r.code()) || "TransactionConflict".equals(r.code()));
            if (lostRace || !e.hasCancellationReasons()) {
                throw new ConflictException(what + ": a condition no longer holds", e);
            }
            throw new StoreException(what + " failed", e);
        } catch (SdkException e) {
            throw new StoreException(what + " failed", e);
        }
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, str(pk), SK, str(sk));
    }

    static AttributeValue str(String value) {
        return AttributeValue.fromS(value == null ? "" : value);
    }

    private static AttributeValue num(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static AttributeValue epoch(Instant instant) {
        return num(instant.getEpochSecond());
    }

    private static AttributeValue map(Map<String, String> values) {
        Map<String, AttributeValue> m = new HashMap<>();
        values.forEach((k, v) -> m.put(k, str(v)));
        return AttributeValue.fromM(m);
    }

    private static Map<String, String> strings(AttributeValue value) {
        if (value == null || !value.hasM()) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        value.m().forEach((k, v) -> out.put(k, v.s()));
        return out;
    }

    static String iso(Instant instant) {
        return SORTABLE.format(instant);
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String v = s(item, name);
        return v == null ? null : Instant.parse(v);
    }

    private static Instant epochInstant(Map<String, AttributeValue> item, String name) {
        return Instant.ofEpochSecond(Long.parseLong(item.get(name).n()));
    }
}
