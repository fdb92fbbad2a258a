package com.leadpipe.store;

import static com.leadpipe.store.LeadpipeTable.SK;

import com.leadpipe.store.Records.Address;
import com.leadpipe.store.Records.Evidence;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.store.Records.LedgerEvent;
import com.leadpipe.store.Records.MailDue;
import com.leadpipe.store.Records.MailState;
import com.leadpipe.store.Records.OwedMail;
import com.leadpipe.store.Records.Pending;
import com.leadpipe.store.Records.SubscriberState;
import com.leadpipe.store.Records.SurveyEntry;
import com.leadpipe.store.Records.Token;
import com.leadpipe.subscribe.Signup;
import com.leadpipe.survey.Qualifier;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the signup, confirmation, survey and unsubscribe services ask of the table. Each item kind
 * has its repository (lead, pending signup, token, address, ledger, mail state), which knows the
 * item's attributes; composite writes here gather the repositories' parts into one transaction,
 * all or nothing. SDK errors arrive as {@link ConflictException} (lost a conditional race: re-read
 * and retry) or {@link StoreException} (anything else). Keys and access patterns:
 * {@link LeadpipeTable}.
 */
public final class LeadStore {

    /** Most survey answer sets a pending signup keeps: a transaction holds at most 100 items. */
    public static final int MAX_PENDING_SURVEY_HISTORY = 20;

    /** Sort key of the marker that a lead's bounce or complaint was counted. */
    public static final String SUPPRESSION_COUNTED = "COUNTED#suppressed";

    private final DynamoTable table;
    private final LeadRepository leads;
    private final PendingRepository pendings;
    private final TokenRepository tokens;
    private final AddressRepository addresses;
    private final LedgerRepository ledger;
    private final MailStateRepository mailStates;
    private final CounterRepository counters;

    public LeadStore(DynamoDbClient dynamo, String table) {
        this.table = new DynamoTable(dynamo, table);
        this.leads = new LeadRepository(this.table);
        this.pendings = new PendingRepository(this.table);
        this.tokens = new TokenRepository(this.table);
        this.addresses = new AddressRepository(this.table);
        this.ledger = new LedgerRepository(this.table);
        this.mailStates = new MailStateRepository(this.table);
        this.counters = new CounterRepository(this.table);
    }

    // ---- reads ----------------------------------------------------------------------------

    /** Lead, pending signup and address state in one round trip, strongly consistent. */
    public SubscriberState load(String campaignId, String addressKey) {
        List<Map<String, AttributeValue>> items = table.batchGet(List.of(
                ItemCodec.leadKey(campaignId, addressKey),
                ItemCodec.pendingKey(campaignId, addressKey),
                ItemCodec.addressItemKey(addressKey)), "cannot read subscriber state");
        Optional<Lead> lead = Optional.empty();
        Optional<Pending> pending = Optional.empty();
        Address address = Address.fresh(addressKey);
        for (Map<String, AttributeValue> item : items) {
            switch (ItemCodec.s(item, SK)) {
                case LeadpipeTable.SK_LEAD -> lead = Optional.of(leads.decode(item));
                case LeadpipeTable.SK_PENDING -> pending = Optional.of(pendings.decode(item));
                case LeadpipeTable.SK_ADDRESS -> address = addresses.decode(item);
                default -> { }
            }
        }
        return new SubscriberState(lead, pending, address);
    }

    public Optional<Pending> findPending(String campaignId, String addressKey) {
        return table.find(ItemCodec.pendingKey(campaignId, addressKey), pendings);
    }

    public Optional<Lead> findLead(String campaignId, String addressKey) {
        return table.find(ItemCodec.leadKey(campaignId, addressKey), leads);
    }

    public Optional<Token> findToken(String hash) {
        return table.find(ItemCodec.tokenKey(hash), tokens);
    }

    /** The address's state; a fresh one (version 0) if there is no item. */
    public Address findAddress(String addressKey) {
        return table.find(ItemCodec.addressItemKey(addressKey), addresses).orElse(Address.fresh(addressKey));
    }

    /** The ledger of one lead (consent, survey answers, qualification changes), oldest first. */
    public List<LedgerEvent> ledger(String campaignId, String addressKey) {
        return ledger.list(campaignId, addressKey);
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
        savePending(pending, "", null, confirmToken, surveyToken, address);
    }

    /**
     * As above, with the confirmation mail owed (the outbox): the pending item joins the
     * mail-index, due when the signup request's own lease on the send ends, so if the request
     * never records the send, the sweep sends it then.
     *
     * @param mailDueAt end of the request's lease; null: no mail owed
     */
    public void savePending(Pending pending, String baseUrl, java.time.Instant mailDueAt, Token confirmToken,
                            Optional<Token> surveyToken, Address address) throws ConflictException {
        Transaction transaction = table.transaction()
                .put(pendings.save(pending, baseUrl, mailDueAt))
                .put(tokens.create(confirmToken))
                .update(addresses.countSend(address))
                .update(counters.add(pending.campaignId(), pending.addressKey(), pending.attribution(),
                        pending.signup().at(), CounterRepository.Step.SIGNUPS));
        if (surveyToken.isPresent()) {
            transaction.put(tokens.create(surveyToken.get()));
        }
        transaction.commit("save pending signup");
    }

    /** A token on its own: a re-sent confirmation's, or a decoy survey link's. */
    public void putToken(Token token) {
        tokens.put(token);
    }

    /**
     * Survey answers given before confirmation: kept on the pending signup (and expire with it);
     * {@link #confirm} moves them to the lead.
     */
    public void saveSurveyOnPending(String campaignId, String addressKey, String submissionId, SurveyEntry entry)
            throws ConflictException {
        pendings.saveSurvey(campaignId, addressKey, submissionId, entry);
    }

    /**
     * Survey answers of a confirmed lead and the qualification they give, with ledger events
     * for the answers and, when it changed, the qualification.
     */
    public void saveSurveyOnLead(Lead lead, SurveyEntry entry, Qualifier.Qualification qualification, Evidence evidence)
            throws ConflictException {
        String campaign = lead.campaignId();
        Transaction transaction = table.transaction()
                .update(leads.saveSurvey(lead, entry, qualification))
                .put(ledger.append(lead.addressKey(), LedgerRepository.surveyAnswered(campaign, entry, evidence),
                        lead.submissionId(), 0));
        if (!qualification.equals(lead.qualification())) {
            transaction.put(ledger.append(lead.addressKey(),
                    LedgerRepository.qualified(campaign, qualification, evidence.at()), lead.submissionId(), 1));
        }
        List<CounterRepository.Step> steps = new java.util.ArrayList<>();
        if (lead.survey().isEmpty()) {
            steps.add(CounterRepository.Step.ENGAGED);
        }
        if (!qualifiedOrBeyond(lead.qualification()) && qualifiedOrBeyond(qualification)) {
            steps.add(CounterRepository.Step.QUALIFIED);
        }
        if (!steps.isEmpty()) {
            transaction.update(counters.add(campaign, lead.addressKey(), lead.attribution(), evidence.at(),
                    steps.toArray(new CounterRepository.Step[0])));
        }
        transaction.commit("save survey answers");
    }

    /** Records what became of the confirmation mail; a no-op if the signup moved on meanwhile. */
    public void markMailState(String campaignId, String addressKey, String submissionId, MailState state) {
        mailStates.mark(campaignId, addressKey, submissionId, state);
    }

    /** Owed mails of one mail-index shard due by {@code now}, at most {@code limit}. */
    public List<MailDue> owedMails(String shard, java.time.Instant now, int limit) {
        return mailStates.owed(shard, now, limit);
    }

    /** The pending signup's owed mail, strongly consistent; empty if none is owed. */
    public Optional<OwedMail> findOwed(String campaignId, String addressKey) {
        Optional<Map<String, AttributeValue>> item = table.get(ItemCodec.pendingKey(campaignId, addressKey));
        return item.isPresent() ? pendings.owed(item.get()) : Optional.empty();
    }

    /**
     * Claims an owed mail for one send attempt, all or nothing: its due time moves from
     * {@code seen} to {@code leaseEnd} (nobody else sends it before then) and the attempt is
     * counted against the address's cap before it is made.
     *
     * @param address the address state as read, with this send added (optimistic version check)
     * @throws ConflictException if another sender claimed it, the signup changed, or the address did
     */
    public void claimMail(OwedMail owed, java.time.Instant leaseEnd, Address address) throws ConflictException {
        Pending p = owed.pending();
        table.transaction()
                .update(mailStates.reschedule(p.campaignId(), p.addressKey(), p.submissionId(), owed.dueAt(), leaseEnd,
                        MailState.SENDING))
                .update(addresses.countSend(address))
                .commit("claim confirmation mail");
    }

    /** Moves an owed mail's due time, nothing sent (capped for now); false if it changed meanwhile. */
    public boolean deferMail(OwedMail owed, java.time.Instant next) {
        Pending p = owed.pending();
        return table.transaction().update(mailStates.reschedule(p.campaignId(), p.addressKey(), p.submissionId(),
                owed.dueAt(), next, MailState.RETRYING)).commitIfConditionsHold("cannot defer mail");
    }

    /**
     * Turns a pending signup into a confirmed lead, atomically: the lead is written (or
     * re-activated), the pending item deleted, the token marked used, and both consent events
     * (signup, confirmation) appended to the ledger. Fails with {@link ConflictException} if the
     * pending item or token changed since they were read, or the lead is confirmed already.
     */
    public Lead confirm(Pending pending, Token token, Evidence confirmation, Qualifier.Qualification qualification,
                        Optional<Token> surveyToken, boolean enrollInNurture) throws ConflictException {
        String campaign = pending.campaignId();
        String addressKey = pending.addressKey();
        String submission = pending.submissionId();
        Signup.ConsentEvidence signup = pending.signup();
        String newLeadId = UUID.randomUUID().toString();
        Transaction transaction = table.transaction()
                .update(leads.confirm(pending, confirmation, qualification, enrollInNurture, newLeadId))
                .delete(pendings.deleteConfirmed(pending))
                .update(tokens.markUsed(token, confirmation.at()))
                .put(ledger.append(addressKey, new LedgerEvent("subscribed", signup.at(), signup.ip(), signup.userAgent(),
                        campaign, signup.consentVersion(), Map.of()), submission, 0))
                .put(ledger.append(addressKey, new LedgerEvent("confirmed", confirmation.at(), confirmation.ip(),
                        confirmation.userAgent(), campaign, signup.consentVersion(), Map.of()), submission, 0));
        if (surveyToken.isPresent()) {
            transaction.put(tokens.create(surveyToken.get()));
        }
        // Survey answers given while pending join the ledger now that there is a lead to own them.
        for (SurveyEntry entry : pending.surveyHistory()) {
            transaction.put(ledger.append(addressKey, LedgerRepository.surveyAnswered(campaign, entry,
                    new Evidence(entry.at(), "", "")), submission, 0));
        }
        if (!pending.survey().isEmpty()) {
            transaction.put(ledger.append(addressKey, LedgerRepository.qualified(campaign, qualification,
                    confirmation.at()), submission, 1));
        }
        transaction.update(counters.add(campaign, addressKey, pending.attribution(), confirmation.at(),
                confirmedSteps(pending, qualification)));
        transaction.commit("confirm lead");
        Optional<Lead> lead = findLead(campaign, addressKey);
        if (lead.isEmpty()) {
            throw new StoreException("confirmed lead not readable", null);
        }
        return lead.get();
    }

    /**
     * A confirmed lead raises its hand, all or nothing: stage sales-ready, tagged, the request kept
     * on the lead, and a {@code hand_raised} ledger event with time, IP and user agent. Fails with
     * {@link ConflictException} when the lead is not confirmed, raised its hand already, or lost a
     * race; the caller re-reads to tell which.
     *
     * @param request what the lead asked for (channel, phone, best time, message), on the lead and in the event
     */
    public void raiseHand(Lead lead, Qualifier.Qualification salesReady, Map<String, String> request, Evidence evidence,
                          Optional<java.time.Instant> remindAt) throws ConflictException {
        table.transaction()
                .update(leads.raiseHand(lead, salesReady, request, evidence.at(), remindAt))
                .put(ledger.append(lead.addressKey(), new LedgerEvent("hand_raised", evidence.at(), evidence.ip(),
                        evidence.userAgent(), lead.campaignId(), "", request), lead.leadId(), 0))
                .update(counters.add(lead.campaignId(), lead.addressKey(), lead.attribution(), evidence.at(),
                        CounterRepository.Step.SALES_READY))
                .commit("raise hand");
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
        // The counter goes by the lead's attribution, which the unsubscribe link does not carry.
        Map<String, String> attribution = findLead(campaignId, addressKey).map(Lead::attribution).orElse(Map.of());
        table.transaction()
                .update(leads.unsubscribe(campaignId, addressKey, evidence.at()))
                .update(counters.add(campaignId, addressKey, attribution, evidence.at(),
                        CounterRepository.Step.UNSUBSCRIBED))
                .put(ledger.append(addressKey, new LedgerEvent("unsubscribed", evidence.at(), evidence.ip(),
                        evidence.userAgent(), campaignId, "", Map.of("method", method)), leadId, 0))
                .commit("unsubscribe lead");
    }

    /**
     * Counts a confirmed lead whose address bounced or complained in its campaign's funnel
     * ({@code bounced}), once per lead: a marker item {@code LEAD#..} / {@value #SUPPRESSION_COUNTED}
     * written if absent in the same transaction as the counter, so a redelivered stream record
     * counts nothing. The marker lives in the lead's partition, so an erasure removes it too.
     *
     * @return false when this lead was counted already
     */
    public boolean countSuppressed(Lead lead, java.time.Instant at) {
        return table.transaction()
                .put(counters.countedOnce(lead.campaignId(), lead.addressKey(), SUPPRESSION_COUNTED, at))
                .update(counters.add(lead.campaignId(), lead.addressKey(), lead.attribution(), at,
                        CounterRepository.Step.BOUNCED))
                .commitIfConditionsHold("cannot count a suppressed lead");
    }

    private static boolean qualifiedOrBeyond(Qualifier.Qualification q) {
        return q.stage().compareTo(Qualifier.Stage.QUALIFIED) >= 0;
    }

    /** Confirmed, and engaged and qualified too when answers given while pending come along. */
    private static CounterRepository.Step[] confirmedSteps(Pending pending, Qualifier.Qualification qualification) {
        List<CounterRepository.Step> steps = new java.util.ArrayList<>(List.of(CounterRepository.Step.CONFIRMED));
        if (!pending.survey().isEmpty()) {
            steps.add(CounterRepository.Step.ENGAGED);
        }
        if (qualifiedOrBeyond(qualification)) {
            steps.add(CounterRepository.Step.QUALIFIED);
        }
        return steps.toArray(new CounterRepository.Step[0]);
    }
}
