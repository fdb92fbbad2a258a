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
        /**
         * Stored as pending, mail owed: the stack-wide budget of mails to new addresses is spent
         * this minute; the outbox sweep sends it when a minute has budget left.
         */
        PENDING_MAIL_BUDGETED,
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
    /** The answer's promise (README "Reliability"): a signup is answered within this, whatever SES does. */
    static final java.time.Duration ANSWER_BUDGET = java.time.Duration.ofMillis(2800);
    /** A signup of the address this recent, seen after losing a race, is the double-click's twin. */
    private static final java.time.Duration TWIN = java.time.Duration.ofSeconds(10);

    private final LeadStore store;
    private final ConfirmationMailer mailer;
    private final LeadpipeConfig config;
    private final Clock clock;
    private final Log log;
    private final com.leadpipe.abuse.MailBudget budget;

    public SubscriptionService(LeadStore store, ConfirmationMailer mailer, LeadpipeConfig config, Clock clock, Log log) {
        this(store, mailer, config, clock, log, com.leadpipe.abuse.MailBudget.unlimited());
    }

    /** @param budget confirmation mails to new addresses per minute, stack-wide */
    public SubscriptionService(LeadStore store, ConfirmationMailer mailer, LeadpipeConfig config, Clock clock, Log log,
                               com.leadpipe.abuse.MailBudget budget) {
        this.budget = budget;
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
        long startNanos = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                Result result = attempt(campaign, signup, addressKey, baseUrl, attempt > 1, startNanos);
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

    private Result attempt(Campaign campaign, Signup signup, String addressKey, String baseUrl, boolean raced,
                           long startNanos) throws ConflictException {
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
        // A first mail to this address (none in the cap window) spends the stack's budget; beyond
        // it the signup is stored with its mail owed now and uncounted: the sweep counts and sends it.
        boolean newAddress = counted.get().confirmationSends().size() == 1;
        boolean mailNow = !newAddress || budget.take();
        Address address = mailNow ? counted.get() : state.address();

        Pending pending = new Pending(campaign.id(), addressKey, UUID.randomUUID().toString(), signup.email(),
                signup.fields(), signup.evidence(), now.plus(config.pendingTtl()), MailState.OWED, Map.of(), List.of(),
                signup.attribution());
        Tokens.Token token = Tokens.mint(campaign.id());
        Tokens.Token survey = Tokens.mint(campaign.id());
        // The survey link lives as long as the pending signup its answers stay with.
        // Mail owed from here on: the sweep sends it once the request's own lease has ended.
        store.savePending(pending, baseUrl, mailNow ? now.plus(config.mailLease()) : now,
                ConfirmationMailer.newToken(token, campaign, pending, now),
                campaign.survey().map(s -> new Token(survey.hash(), TokenPurpose.SURVEY, campaign.id(), addressKey,
                        pending.submissionId(), now, pending.expiresAt(), Optional.empty())), address);
        log.metric("Signups", campaign.id());

        // A send that could outlast the answer's budget is left to the sweep: the mail is owed already.
        // Clients with longer timeouts than the deployed ones (emulators) get the call timeout as their budget.
        var timeouts = config.runtime().sdkTimeouts();
        long budget = Math.max(ANSWER_BUDGET.toNanos(), timeouts.call().toNanos());
        boolean timeForSes = System.nanoTime() - startNanos + timeouts.attempt().toNanos() <= budget;
        Outcome outcome = !mailNow ? Outcome.PENDING_MAIL_BUDGETED
                : timeForSes && mailer.sendOnce(campaign, pending, token, baseUrl)
                ? Outcome.PENDING : Outcome.PENDING_MAIL_DEFERRED;
        if (mailNow && !timeForSes) {
            log.info("confirmation.left_to_sweep", "campaign", campaign.id(), "submission", pending.submissionId());
        }
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
