package com.leadpipe.handoff;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.log.Log;
import com.leadpipe.store.ConflictException;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.Records.Evidence;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.store.Records.LeadStatus;
import com.leadpipe.store.Records.Token;
import com.leadpipe.store.Records.TokenPurpose;
import com.leadpipe.store.StoreException;
import com.leadpipe.survey.Qualifier;
import com.leadpipe.token.Tokens;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Raising a hand by link. {@link #inspect} (GET) only reads, because mail scanners open links;
 * {@link #raise} (POST) records it, and raising twice is the same success, recorded once.
 */
public final class HandoffService {

    /** What a hand-raise link leads to. */
    public sealed interface State permits Ready, Raised, Gone, Invalid {
    }

    /** A confirmed lead that may raise its hand (again, harmlessly, if it did before). */
    public record Ready(Lead lead, String token) implements State {
    }

    /** Recorded: by this request ({@code now}) or by an earlier one. */
    public record Raised(Lead lead, boolean now) implements State {
    }

    /** Well-formed, but the link is unknown, expired, or its lead is gone or unsubscribed. */
    public record Gone() implements State {
    }

    /** Not a link we made. */
    public record Invalid() implements State {
    }

    private static final int MAX_RACE_RETRIES = 3;

    private final LeadStore store;
    private final Clock clock;
    private final Log log;

    /**
     * Nothing is mailed from here: the notify list hears from the table's change stream
     * ({@link HandoffNotifier}, through the lead-events function), at least once.
     */
    public HandoffService(LeadStore store, Clock clock, Log log) {
        this.store = store;
        this.clock = clock;
        this.log = log;
    }

    /** Read-only: whose link this is, if it still works. */
    public State inspect(Campaign campaign, String tokenText) {
        Optional<Tokens.Token> parsed = Tokens.parse(tokenText).filter(t -> t.campaignId().equals(campaign.id()));
        if (parsed.isEmpty()) {
            return new Invalid();
        }
        return lead(parsed.get()).<State>map(l -> new Ready(l, parsed.get().value())).orElse(new Gone());
    }

    /**
     * Records the raised hand of the link's lead: sales-ready, the campaign's hand-raise tag, and a
     * {@code hand_raised} ledger event with the request. No session or CSRF token: the 256-bit link
     * token is the credential, as for unsubscribing.
     */
    public State raise(Campaign campaign, Campaign.Handoff handoff, String tokenText, Map<String, String> request,
                       String ip, String userAgent) {
        Optional<Tokens.Token> parsed = Tokens.parse(tokenText).filter(t -> t.campaignId().equals(campaign.id()));
        if (parsed.isEmpty()) {
            return new Invalid();
        }
        for (int attempt = 1; ; attempt++) {
            Optional<Lead> lead = lead(parsed.get());
            if (lead.isEmpty()) {
                return new Gone();
            }
            if (lead.get().qualification().stage() == Qualifier.Stage.SALES_READY) {
                log.info("handoff.already", "campaign", campaign.id(), "lead", lead.get().leadId());
                return new Raised(lead.get(), false);
            }
            Qualifier.Qualification salesReady = Qualifier.salesReady(lead.get().qualification(), handoff.tag());
            try {
                Instant now = clock.instant();
                // The reminder is owed from this write on (remind-index), not from whoever mails the notice.
                Optional<Instant> remindAt = handoff.notifyAddresses().isEmpty() ? Optional.empty()
                        : handoff.acknowledgeWithin().map(now::plus);
                store.raiseHand(lead.get(), salesReady, request, new Evidence(now, ip, userAgent), remindAt);
                log.metric("HandRaises", campaign.id());
                log.info("lead.hand_raised", "campaign", campaign.id(), "lead", lead.get().leadId(),
                        "temperature", salesReady.temperature().lower());
                return new Raised(lead.get(), true);
            } catch (ConflictException e) {
                // Unsubscribed, raised by a parallel request, or a parallel write won: the re-read tells.
                if (attempt >= MAX_RACE_RETRIES) {
                    throw new StoreException("hand-raise kept losing races", e);
                }
            }
        }
    }

    /** The confirmed lead a valid, unexpired hand-raise token belongs to. */
    private Optional<Lead> lead(Tokens.Token parsed) {
        Optional<Token> token = store.findToken(parsed.hash())
                .filter(t -> t.purpose() == TokenPurpose.HAND_RAISE && !t.decoy() && !t.expired(clock.instant()));
        return token.flatMap(t -> store.findLead(t.campaignId(), t.addressKey()))
                .filter(l -> l.status() == LeadStatus.CONFIRMED && l.leadId().equals(token.get().submissionId()));
    }
}
