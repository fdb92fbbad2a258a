package com.leadpipe.subscribe;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.confirm.ConfirmationMailer;
import com.leadpipe.log.Log;
import com.leadpipe.store.ConflictException;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.StoreException;
import com.leadpipe.store.Records.Address;
import com.leadpipe.store.Records.MailState;
import com.leadpipe.store.Records.Pending;
import com.leadpipe.store.Records.SubscriberState;
import com.leadpipe.token.Tokens;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A valid signup becomes a pending subscription and a confirmation mail. Whatever the address's
 * state (new, pending, confirmed, suppressed, over the mail cap), the caller answers the same, so
 * the form reveals nothing about who is subscribed; the {@link Outcome} is for logs and tests.
 */
public final class SubscriptionService {

    public enum Outcome {
        /** Stored as pending; confirmation mail accepted by SES. */
        PENDING,
        /** Stored as pending; SES refused the mail, it was queued for retry (or reported). */
        PENDING_MAIL_DEFERRED,
        /** Already a confirmed lead: nothing changes, nothing is sent. */
        ALREADY_CONFIRMED,
        /** The address bounced or complained: nothing is stored or sent. */
        SUPPRESSED,
        /** Too many confirmation mails to this address lately: nothing is stored or sent. */
        CAPPED
    }

    private static final int MAX_RACE_RETRIES = 3;

    private final LeadStore store;
    private final ConfirmationMailer mailer;
    private final LeadpipeConfig config;
    private final Clock clock;
    private final Log log;

    public SubscriptionService(LeadStore store, ConfirmationMailer mailer, LeadpipeConfig config, Clock clock, Log log) {
        this.store = store;
        this.mailer = mailer;
        this.config = config;
        this.clock = clock;
        this.log = log;
    }

    /** @param baseUrl where this API is reached, for the confirmation link */
    public Outcome subscribe(Campaign campaign, Signup signup, String baseUrl) {
        String addressKey = signup.email().key();
        for (int attempt = 1; ; attempt++) {
            try {
                Outcome outcome = attempt(campaign, signup, addressKey, baseUrl);
                log.info("signup." + outcome.name().toLowerCase(java.util.Locale.ROOT), "campaign", campaign.id(),
                        "address", addressKey.substring(0, 12));
                return outcome;
            } catch (ConflictException e) {
                // Two submissions for one address raced; the loser re-reads and decides again.
                if (attempt >= MAX_RACE_RETRIES) {
                    // Better a retryable 503 than a success that stored nothing.
                    throw new StoreException("signup kept losing races for one address", e);
                }
            }
        }
    }

    private Outcome attempt(Campaign campaign, Signup signup, String addressKey, String baseUrl)
            throws ConflictException {
        Instant now = clock.instant();
        SubscriberState state = store.load(campaign.id(), addressKey);
        if (state.address().suppressed()) {
            return Outcome.SUPPRESSED;
        }
        if (state.confirmed()) {
            return Outcome.ALREADY_CONFIRMED; // never downgrade a confirmed lead, never duplicate it
        }
        Instant windowStart = now.minus(LeadpipeConfig.CAP_WINDOW);
        List<Instant> recent = new ArrayList<>(state.address().confirmationSends().stream()
                .filter(t -> t.isAfter(windowStart)).toList());
        if (recent.size() >= config.confirmationCap()) {
            return Outcome.CAPPED;
        }
        recent.add(now);
        Address address = new Address(addressKey, recent, state.address().version(), state.address().suppressed());

        Pending pending = new Pending(campaign.id(), addressKey, UUID.randomUUID().toString(), signup.email(),
                signup.fields(), signup.evidence(), now.plus(config.pendingTtl()), MailState.SENDING);
        Tokens.Token token = Tokens.mint(campaign.id());
        store.savePending(pending, ConfirmationMailer.newToken(token, campaign, pending, now), address);

        return mailer.sendOrDefer(campaign, pending, token, baseUrl) ? Outcome.PENDING : Outcome.PENDING_MAIL_DEFERRED;
    }
}
