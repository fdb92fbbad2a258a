package com.leadpipe.confirm;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.log.Log;
import com.leadpipe.mail.MailException;
import com.leadpipe.queue.RetryQueue.ConfirmationRetry;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.Records.MailState;
import com.leadpipe.store.Records.Pending;
import com.leadpipe.token.Tokens;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Sends again a confirmation mail that SES refused. Only the token's hash was stored, so the mail
 * gets a fresh token; the earlier one (never delivered) simply expires.
 */
public final class ConfirmationRetryService {

    public enum Outcome { SENT, NOTHING_TO_DO }

    private final CampaignCatalog campaigns;
    private final LeadStore store;
    private final ConfirmationMailer mailer;
    private final Clock clock;
    private final Log log;

    public ConfirmationRetryService(CampaignCatalog campaigns, LeadStore store, ConfirmationMailer mailer, Clock clock,
                                    Log log) {
        this.campaigns = campaigns;
        this.store = store;
        this.mailer = mailer;
        this.clock = clock;
        this.log = log;
    }

    /** @throws MailException when SES refuses again: the message goes back to the queue */
    public Outcome retry(ConfirmationRetry retry) throws MailException {
        Instant now = clock.instant();
        Optional<Pending> pending = store.findPending(retry.campaignId(), retry.addressKey())
                .filter(p -> p.submissionId().equals(retry.submissionId()))
                .filter(p -> now.isBefore(p.expiresAt()))
                .filter(p -> p.mailState() != MailState.SENT);
        Optional<Campaign> campaign = campaigns.find(retry.campaignId());
        if (pending.isEmpty() || campaign.isEmpty() || store.findAddress(retry.addressKey()).suppressed()) {
            // Confirmed, expired, re-submitted (which sent its own mail), campaign removed, or the
            // address bounced or complained since the retry was queued.
            log.info("confirmation.retry_skipped", "campaign", retry.campaignId(), "submission", retry.submissionId());
            return Outcome.NOTHING_TO_DO;
        }
        Tokens.Token token = Tokens.mint(retry.campaignId());
        store.putToken(ConfirmationMailer.newToken(token, campaign.get(), pending.get(), now));
        mailer.send(campaign.get(), pending.get(), token, retry.baseUrl());
        return Outcome.SENT;
    }
}
