package com.leadpipe.confirm;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.log.Log;
import com.leadpipe.mail.ConfirmationMail;
import com.leadpipe.mail.MailException;
import com.leadpipe.mail.MailSender;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.Records.MailState;
import com.leadpipe.store.Records.Pending;
import com.leadpipe.store.Records.Token;
import com.leadpipe.store.Records.TokenPurpose;
import com.leadpipe.store.StoreException;
import com.leadpipe.token.Tokens;
import java.time.Instant;
import java.util.Optional;

/**
 * Makes one attempt at a confirmation mail whose send was already claimed and counted against the
 * address's cap (by the signup's transaction, or by {@link ConfirmationOutbox}). Never retries:
 * SES SendEmail has no idempotency key, so a second call after a timeout may send a second mail.
 * What is not recorded as SENT stays owed in the table, and the outbox sweep sends it again once
 * the attempt's lease has ended.
 */
public final class ConfirmationMailer {

    private final LeadStore store;
    private final MailSender mail;
    private final Log log;

    public ConfirmationMailer(LeadStore store, MailSender mail, Log log) {
        this.store = store;
        this.mail = mail;
        this.log = log;
    }

    /** A new confirmation token for a pending signup: lives as long as the link may, never past the signup. */
    public static Token newToken(Tokens.Token token, Campaign campaign, Pending pending, Instant now) {
        Instant linkEnd = now.plus(campaign.confirmation().linkLifetime());
        Instant expiresAt = linkEnd.isBefore(pending.expiresAt()) ? linkEnd : pending.expiresAt();
        return new Token(token.hash(), TokenPurpose.CONFIRM, campaign.id(), pending.addressKey(), pending.submissionId(),
                now, expiresAt, Optional.empty());
    }

    public static String confirmUrl(String baseUrl, Tokens.Token token) {
        return baseUrl + "/confirm?t=" + token.value(); // token characters are URL-safe
    }

    /**
     * @return true when SES accepted the mail; false when it did not (or may not have): the mail
     *         stays owed and the sweep sends it after the lease. Throws nothing: the signup is stored.
     */
    public boolean sendOnce(Campaign campaign, Pending pending, Tokens.Token token, String baseUrl) {
        String messageId;
        try {
            messageId = mail.send(ConfirmationMail.render(campaign, pending.email(), pending.fields(),
                    confirmUrl(baseUrl, token)));
        } catch (MailException e) {
            log.warn("confirmation.deferred", "campaign", pending.campaignId(), "submission", pending.submissionId(),
                    "throttled", e.throttled(), "reason", e.getMessage());
            record(pending, MailState.RETRYING);
            return false;
        }
        record(pending, MailState.SENT);
        log.info("confirmation.sent", "campaign", pending.campaignId(), "submission", pending.submissionId(),
                "messageId", messageId);
        return true;
    }

    /**
     * Best effort: if the table is unreachable now, the item still says "owed", so at worst the
     * sweep sends once more after the lease, an attempt that counts against the cap like any other.
     */
    private void record(Pending pending, MailState state) {
        try {
            store.markMailState(pending.campaignId(), pending.addressKey(), pending.submissionId(), state);
        } catch (StoreException e) {
            log.warn("confirmation.state_not_recorded", "campaign", pending.campaignId(), "submission",
                    pending.submissionId(), "state", state.name(), "error", e.getMessage());
        }
    }
}
