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
import java.util.UUID;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import com.leadpipe.store.Records.Token;
import com.leadpipe.store.Records.TokenPurpose;

/**
 * A valid signup becomes a pending subscription and a confirmation mail. Whatever the address's
 * state (new, pending, confirmed, suppressed, over the mail cap), the caller answers the same, so
 * the form reveals nothing about who is subscribed; the {@link Outcome} is for logs and tests.
 */
public final class SubscriptionService {

    public enum Outcome {
        /** Stored as pending; confirmation mail accepted by SES. */
        PENDING,
        /** Stored as pending, mail owed: SES did not accept it now; the outbox sweep sends it later. */
        PENDING_MAIL_DEFERRED,
        /** A racing duplicate submission for the address was stored just now; its mail covers this one. */
        DUPLICATE,
        /** Already a confirmed lead: nothing changes, nothing is sent. */
        ALREADY_CONFIRMED,
        /** The address bounced or complained: nothing is stored or sent. */
        SUPPRESSED,
        /** Too many confirmation mails to this address lately: nothing is stored or sent. */
        CAPPED
    }

    private static final int MAX_RACE_RETRIES = 6;
    /** A signup of the address this recent, seen after losing a race, is the double-click's twin. */
    private static final java.time.Duration TWIN = java.time.Duration.ofSeconds(10);

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

    /**
     * What became of a signup, and the survey link to offer on the thanks page. Every outcome has
     * a survey link that works (a decoy where nothing was stored), so the link reveals nothing.
     */
    public record Result(Outcome outcome, Optional<Tokens.Token> surveyToken) {
    }

    /** @param baseUrl where this API is reached, for the confirmation link */
    public Result subscribe(Campaign campaign, Signup signup, String baseUrl) {
        String addressKey = signup.email().key();
        for (int attempt = 1; ; attempt++) {
            try {
                Result result = attempt(campaign, signup, addressKey, baseUrl, attempt > 1);
                log.info("signup." + result.outcome().name().toLowerCase(java.util.Locale.ROOT), "campaign",
                        campaign.id(), "address", addressKey.substring(0, 12));
                return result;
            } catch (ConflictException e) {
                // Two submissions for one address raced; the loser re-reads and decides again.
                if (attempt >= MAX_RACE_RETRIES) {
                    // Better a retryable 503 than a success that stored nothing.
                    throw new StoreException("signup kept losing races for one address", e);
                }
                backOff(attempt);
            }
        }
    }

    /** Jittered, growing pause, so racing containers spread out instead of colliding again. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(5, 20L * attempt + 10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while backing off", e);
        }
    }

    private Result attempt(Campaign campaign, Signup signup, String addressKey, String baseUrl, boolean raced)
            throws ConflictException {
        Instant now = clock.instant();
        SubscriberState state = store.load(campaign.id(), addressKey);
        if (state.address().suppressed()) {
            return decoy(campaign, Outcome.SUPPRESSED, now);
        }
        if (state.confirmed()) {
            return decoy(campaign, Outcome.ALREADY_CONFIRMED, now); // never downgrade, never duplicate
        }
        if (raced && state.pending().isPresent()
                && state.pending().get().signup().at().isAfter(now.minus(TWIN))) {
            return twin(campaign, state.pending().get(), now);
        }
        Optional<Address> counted = state.address().withSend(now, config.confirmationCap(), LeadpipeConfig.CAP_WINDOW);
        if (counted.isEmpty()) {
            return decoy(campaign, Outcome.CAPPED, now);
        }
        Address address = counted.get();

        Pending pending = new Pending(campaign.id(), addressKey, UUID.randomUUID().toString(), signup.email(),
                signup.fields(), signup.evidence(), now.plus(config.pendingTtl()), MailState.OWED, Map.of(), List.of(),
                signup.attribution());
        Tokens.Token token = Tokens.mint(campaign.id());
        Tokens.Token survey = Tokens.mint(campaign.id());
        // The survey link lives as long as the pending signup its answers stay with.
        // Mail owed from here on: the sweep sends it once the request's own lease has ended.
        store.savePending(pending, baseUrl, now.plus(config.mailLease()),
                ConfirmationMailer.newToken(token, campaign, pending, now),
                campaign.survey().map(s -> new Token(survey.hash(), TokenPurpose.SURVEY, campaign.id(), addressKey,
                        pending.submissionId(), now, pending.expiresAt(), Optional.empty())), address);
        log.metric("Signups", campaign.id());

        Outcome outcome = mailer.sendOnce(campaign, pending, token, baseUrl)
                ? Outcome.PENDING : Outcome.PENDING_MAIL_DEFERRED;
        return new Result(outcome, campaign.survey().map(s -> survey));
    }

    /**
     * A racing duplicate (a double-click across containers) lost to a signup stored just now: same
     * answer, no second pending item, no second mail; its survey link belongs to the stored signup.
     */
    private Result twin(Campaign campaign, Pending stored, Instant now) {
        if (campaign.survey().isEmpty()) {
            return new Result(Outcome.DUPLICATE, Optional.empty());
        }
        Tokens.Token survey = Tokens.mint(campaign.id());
        store.putToken(new Token(survey.hash(), TokenPurpose.SURVEY, campaign.id(), stored.addressKey(),
                stored.submissionId(), now, stored.expiresAt(), Optional.empty()));
        return new Result(Outcome.DUPLICATE, Optional.of(survey));
    }

    /** Nothing stored for the address, yet a working survey link, so the answer looks the same. */
    private Result decoy(Campaign campaign, Outcome outcome, Instant now) {
        if (campaign.survey().isEmpty()) {
            return new Result(outcome, Optional.empty());
        }
        Tokens.Token survey = Tokens.mint(campaign.id());
        store.putToken(new Token(survey.hash(), TokenPurpose.SURVEY, campaign.id(), "", "", now,
                now.plus(config.pendingTtl()), Optional.empty()));
        return new Result(outcome, Optional.of(survey));
    }
}
