package com.leadpipe.unsubscribe;

import com.leadpipe.log.Log;
import com.leadpipe.store.ConflictException;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.Records.Evidence;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.store.Records.LeadStatus;
import com.leadpipe.store.Records.Token;
import com.leadpipe.store.Records.TokenPurpose;
import com.leadpipe.store.StoreException;
import com.leadpipe.token.Tokens;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Unsubscribing by link. {@link #inspect} (GET) only reads, because mail scanners open links;
 * {@link #unsubscribe} (POST) acts, and acting twice answers "already unsubscribed", never an
 * error. The one-click path costs one GetItem (the token) and one transaction.
 */
public final class UnsubscribeService {

    /** How the unsubscribe was asked for; recorded in the ledger event. */
    public enum Method {
        /** RFC 8058: the mailbox provider POSTed to the List-Unsubscribe URL. */
        ONE_CLICK("one-click"),
        /** The button on our unsubscribe page. */
        PAGE("page");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** What an unsubscribe link leads to. */
    public sealed interface LinkState permits Ready, Unsubscribed, AlreadyUnsubscribed, Expired, Invalid {
    }

    /** A valid link of a subscribed lead: show the Unsubscribe button. */
    public record Ready(String campaignId, String token) implements LinkState {
    }

    /** This request unsubscribed the lead. */
    public record Unsubscribed(String campaignId) implements LinkState {
    }

    /** Nothing to do: unsubscribed before (or the lead no longer exists); mail has stopped either way. */
    public record AlreadyUnsubscribed(String campaignId) implements LinkState {
    }

    /** Well-formed but unknown or past its lifetime. */
    public record Expired(String campaignId) implements LinkState {
    }

    /** Not a link we made: mangled, cut short, tampered. */
    public record Invalid() implements LinkState {
    }

    private static final int MAX_RACE_RETRIES = 3;

    private final LeadStore store;
    private final Clock clock;
    private final Log log;

    public UnsubscribeService(LeadStore store, Clock clock, Log log) {
        this.store = store;
        this.clock = clock;
        this.log = log;
    }

    /** Read-only: what would pressing Unsubscribe do. */
    public LinkState inspect(String tokenText) {
        Optional<Tokens.Token> parsed = Tokens.parse(tokenText);
        if (parsed.isEmpty()) {
            return new Invalid();
        }
        Optional<Token> stored = findLink(parsed.get(), clock.instant());
        if (stored.isEmpty()) {
            return new Expired(parsed.get().campaignId());
        }
        Token t = stored.get();
        return subscribed(t) ? new Ready(t.campaignId(), parsed.get().value()) : new AlreadyUnsubscribed(t.campaignId());
    }

    /**
     * Unsubscribes the link's lead. No session, cookie or CSRF token is asked for: the mailbox
     * provider's one-click POST has none, and the 256-bit link token is the credential.
     */
    public LinkState unsubscribe(String tokenText, Method method, String ip, String userAgent) {
        Optional<Tokens.Token> parsed = Tokens.parse(tokenText);
        if (parsed.isEmpty()) {
            return new Invalid();
        }
        Optional<Token> stored = findLink(parsed.get(), clock.instant());
        if (stored.isEmpty()) {
            return new Expired(parsed.get().campaignId());
        }
        Token t = stored.get();
        String leadId = t.submissionId(); // UNSUBSCRIBE tokens hold the lead id there
        for (int attempt = 1; ; attempt++) {
            try {
                // Straight to the write: a confirmed lead is the common case, and the condition
                // makes a repeat write nothing. Only a failed condition costs a read.
                store.unsubscribe(t.campaignId(), t.addressKey(), leadId, new Evidence(clock.instant(), ip, userAgent),
                        method.label());
                log.info("lead.unsubscribed", "campaign", t.campaignId(), "lead", leadId, "method", method.label());
                return new Unsubscribed(t.campaignId());
            } catch (ConflictException e) {
                if (!subscribed(t)) {
                    log.info("unsubscribe.already", "campaign", t.campaignId(), "lead", leadId,
                            "method", method.label());
                    return new AlreadyUnsubscribed(t.campaignId());
                }
                // Still confirmed: a parallel write to the lead (say a survey answer) won. Try again.
                if (attempt >= MAX_RACE_RETRIES) {
                    throw new StoreException("unsubscribe kept losing races", e);
                }
            }
        }
    }

    private Optional<Token> findLink(Tokens.Token token, Instant now) {
        return store.findToken(token.hash())
                .filter(t -> t.purpose() == TokenPurpose.UNSUBSCRIBE && !t.decoy() && !t.expired(now));
    }

    private boolean subscribed(Token t) {
        return store.findLead(t.campaignId(), t.addressKey()).map(Lead::status)
                .map(s -> s == LeadStatus.CONFIRMED).orElse(false);
    }
}
