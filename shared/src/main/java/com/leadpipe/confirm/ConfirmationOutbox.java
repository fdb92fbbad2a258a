package com.leadpipe.confirm;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.log.Log;
import com.leadpipe.store.ConflictException;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.LeadpipeTable;
import com.leadpipe.store.Records.Address;
import com.leadpipe.store.Records.MailDue;
import com.leadpipe.store.Records.MailState;
import com.leadpipe.store.Records.OwedMail;
import com.leadpipe.store.Records.Pending;
import com.leadpipe.store.StoreException;
import com.leadpipe.token.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The table is the outbox: a pending signup whose confirmation mail is owed sits on the sparse
 * mail-index until SES accepted it. The every-minute sweep sends each owed mail whose lease has
 * ended: it claims the send (moves the due time to a new lease end, conditionally) and counts it
 * against the address's cap in one transaction, and only then calls SES, once. So however often
 * SES or the table fail, an address never gets more than the cap, and an accepted signup's mail is
 * owed until it went (or the signup expired, was confirmed or re-submitted, or the address was
 * suppressed). A capped mail waits until a slot of the cap window frees.
 */
public final class ConfirmationOutbox {

    public enum Outcome { SENT, SEND_FAILED, NOT_DUE, CAPPED, DROPPED, LOST_RACE, BUDGET_SPENT }

    private final CampaignCatalog campaigns;
    private final LeadStore store;
    private final ConfirmationMailer mailer;
    private final int cap;
    private final Duration lease;
    private final Clock clock;
    private final Log log;
    private final com.leadpipe.abuse.MailBudget mailBudget;

    /** Cap and lease: {@link LeadpipeConfig#confirmationCap()}, {@link LeadpipeConfig#mailLease()}. */
    public ConfirmationOutbox(CampaignCatalog campaigns, LeadStore store, ConfirmationMailer mailer,
                              LeadpipeConfig config, Clock clock, Log log) {
        this(campaigns, store, mailer, config, clock, log, com.leadpipe.abuse.MailBudget.unlimited());
    }

    /** @param mailBudget the stack-wide budget of mails to new addresses, shared with the submit function */
    public ConfirmationOutbox(CampaignCatalog campaigns, LeadStore store, ConfirmationMailer mailer,
                              LeadpipeConfig config, Clock clock, Log log, com.leadpipe.abuse.MailBudget mailBudget) {
        this.mailBudget = mailBudget;
        this.campaigns = campaigns;
        this.store = store;
        this.mailer = mailer;
        this.cap = config.confirmationCap();
        this.lease = config.mailLease();
        this.clock = clock;
        this.log = log;
    }

    /**
     * One sweep over every shard of the mail-index; a failure on one mail or shard does not stop
     * the others (what is left stays owed for the next sweep).
     *
     * @param budget no new send starts after this much (real) time, so a sweep while SES stalls
     *               ends inside the function's Timeout; what is left is owed to the next sweep
     * @return how many mails SES accepted
     */
    public int sweep(int limitPerShard, Duration budget) {
        long end = System.nanoTime() + budget.toNanos();
        int sent = 0;
        for (int shard = 0; shard < LeadpipeTable.DUE_SHARDS && System.nanoTime() < end; shard++) {
            try {
                for (MailDue due : store.owedMails("MAIL#" + shard, clock.instant(), limitPerShard)) {
                    if (System.nanoTime() >= end) {
                        break;
                    }
                    sent += redrive(due) == Outcome.SENT ? 1 : 0;
                }
            } catch (StoreException e) {
                log.warn("confirmation.sweep_failed", "shard", String.valueOf(shard), "error", e.getMessage());
            }
        }
        return sent;
    }

    /** One owed mail, if it is due and the cap allows. */
    Outcome redrive(MailDue due) {
        Instant now = clock.instant();
        Optional<OwedMail> found = store.findOwed(due.campaignId(), due.addressKey());
        if (found.isEmpty() || found.get().dueAt().isAfter(now)) {
            return Outcome.NOT_DUE; // sent meanwhile, or another sender holds the lease
        }
        OwedMail owed = found.get();
        Pending pending = owed.pending();
        Optional<Campaign> campaign = campaigns.find(pending.campaignId());
        Address address = store.findAddress(pending.addressKey());
        if (campaign.isEmpty() || !now.isBefore(pending.expiresAt()) || address.suppressed()) {
            store.markMailState(pending.campaignId(), pending.addressKey(), pending.submissionId(), MailState.FAILED);
            log.info("confirmation.owed_dropped", "campaign", pending.campaignId(), "submission", pending.submissionId());
            return Outcome.DROPPED;
        }
        Optional<Address> counted = address.withSend(now, cap, LeadpipeConfig.CAP_WINDOW);
        if (counted.isEmpty()) {
            store.deferMail(owed, address.nextSlot(now, LeadpipeConfig.CAP_WINDOW));
            log.info("confirmation.owed_capped", "campaign", pending.campaignId(), "submission", pending.submissionId());
            return Outcome.CAPPED;
        }
        if (counted.get().confirmationSends().size() == 1 && !mailBudget.take()) {
            return Outcome.BUDGET_SPENT; // stays owed and due: a later sweep sends it
        }
        try {
            store.claimMail(owed, now.plus(lease), counted.get());
        } catch (ConflictException e) {
            return Outcome.LOST_RACE; // another sweep or a new signup got there first
        }
        // Only the token's hash was stored, so the mail gets a fresh one; an earlier one simply expires.
        Tokens.Token token = Tokens.mint(pending.campaignId());
        store.putToken(ConfirmationMailer.newToken(token, campaign.get(), pending, now));
        return mailer.sendOnce(campaign.get(), pending, token, owed.baseUrl()) ? Outcome.SENT : Outcome.SEND_FAILED;
    }
}
