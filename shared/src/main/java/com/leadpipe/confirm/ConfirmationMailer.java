package com.leadpipe.confirm;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.log.Log;
import com.leadpipe.mail.ConfirmationMail;
import com.leadpipe.mail.MailException;
import com.leadpipe.mail.MailSender;
import com.leadpipe.queue.RetryQueue;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.Records.MailState;
import com.leadpipe.store.Records.Pending;
import com.leadpipe.store.Records.Token;
import com.leadpipe.store.Records.TokenPurpose;
import com.leadpipe.token.Tokens;
import java.time.Instant;
import java.util.Optional;

/**
 * Sends the double opt-in mail for a pending signup. A refused send never loses the signup: it
 * stays pending and the send goes to the retry queue (or, without one, is marked FAILED and logged
 * as an error for the alarm; a new submission sends again).
 */
public final class ConfirmationMailer {

    private final LeadStore store;
    private final MailSender mail;
    private final Optional<RetryQueue> retries;
    private final Log log;

    public ConfirmationMailer(LeadStore store, MailSender mail, Optional<RetryQueue> retries, Log log) {
        this.store = store;
        this.mail = mail;
        this.retries = retries;
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

    /** @return true when SES accepted the mail; false when it was queued for retry or failed */
    public boolean sendOrDefer(Campaign campaign, Pending pending, Tokens.Token token, String baseUrl) {
        try {
            send(campaign, pending, token, baseUrl);
            return true;
        } catch (MailException e) {
            defer(pending, baseUrl, e);
            return false;
        }
    }

    /** Sends and records SENT; throws so a queue consumer can retry. */
    public void send(Campaign campaign, Pending pending, Tokens.Token token, String baseUrl) throws MailException {
        String messageId = mail.send(ConfirmationMail.render(campaign, pending.email(), pending.fields(),
                confirmUrl(baseUrl, token)));
        store.markMailState(pending.campaignId(), pending.addressKey(), pending.submissionId(), MailState.SENT);
        log.info("confirmation.sent", "campaign", pending.campaignId(), "submission", pending.submissionId(),
                "messageId", messageId);
    }

    private void defer(Pending pending, String baseUrl, MailException cause) {
        if (retries.isPresent()) {
            try {
                retries.get().enqueue(new RetryQueue.ConfirmationRetry(pending.campaignId(), pending.addressKey(),
                        pending.submissionId(), baseUrl));
                store.markMailState(pending.campaignId(), pending.addressKey(), pending.submissionId(),
                        MailState.RETRYING);
                log.warn("confirmation.deferred", "campaign", pending.campaignId(), "submission",
                        pending.submissionId(), "throttled", cause.throttled(), "reason", cause.getMessage());
                return;
            } catch (RetryQueue.RetryQueueException e) {
                log.error("confirmation.retry_enqueue_failed", e, "campaign", pending.campaignId(),
                        "submission", pending.submissionId());
            }
        }
        store.markMailState(pending.campaignId(), pending.addressKey(), pending.submissionId(), MailState.FAILED);
        log.error("confirmation.send_failed", cause, "campaign", pending.campaignId(), "submission",
                pending.submissionId(), "reason", cause.getMessage());
    }
}
