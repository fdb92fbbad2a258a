package com.leadpipe.confirm;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.campaign.Survey;
import com.leadpipe.handoff.HandRaiseLinks;
import com.leadpipe.log.Log;
import com.leadpipe.survey.Qualifier;
import java.time.Duration;
import com.leadpipe.store.ConflictException;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.Records.Evidence;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.store.Records.LeadStatus;
import com.leadpipe.store.Records.Pending;
import com.leadpipe.store.Records.Token;
import com.leadpipe.store.Records.TokenPurpose;
import com.leadpipe.store.StoreException;
import com.leadpipe.token.Tokens;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Double opt-in confirmation. {@link #inspect} (GET) only reads; {@link #confirm} (POST) acts,
 * and acting twice answers "already confirmed".
 */
public final class ConfirmationService {

    /** What a confirmation link leads to. */
    public sealed interface LinkState permits Ready, Confirmed, AlreadyConfirmed, Expired, Invalid {
    }

    /** A valid link, not used yet: show the Confirm button. */
    public record Ready(String campaignId, String token) implements LinkState {
    }

    /**
     * This request confirmed the lead; with a survey link when the campaign has a survey, and a
     * hand-raise link when it has a hand-off.
     */
    public record Confirmed(String campaignId, String leadId, Optional<String> surveyToken,
                            Optional<String> handRaiseToken) implements LinkState {
    }

    public record AlreadyConfirmed(String campaignId) implements LinkState {
    }

    /** Well-formed but unknown, expired, or its signup expired: offer to sign up again. */
    public record Expired(String campaignId) implements LinkState {
    }

    /** Not a link we made (mangled or tampered); the campaign when it can still be told. */
    public record Invalid(Optional<String> campaignId) implements LinkState {
    }

    private static final int MAX_RACE_RETRIES = 3;

    /** Survey links from the confirmed page live this long. */
    public static final Duration SURVEY_LINK_LIFETIME = Duration.ofDays(30);

    private final CampaignCatalog campaigns;
    private final LeadStore store;
    private final Clock clock;
    private final Log log;

    public ConfirmationService(CampaignCatalog campaigns, LeadStore store, Clock clock, Log log) {
        this.campaigns = campaigns;
        this.store = store;
        this.clock = clock;
        this.log = log;
    }

    /** Read-only: what would pressing Confirm do. */
    public LinkState inspect(String tokenText) {
        Optional<Tokens.Token> parsed = Tokens.parse(tokenText);
        if (parsed.isEmpty()) {
            return new Invalid(Tokens.campaignHint(tokenText));
        }
        Tokens.Token token = parsed.get();
        Optional<Token> stored = store.findToken(token.hash()).filter(t -> t.purpose() == TokenPurpose.CONFIRM);
        if (stored.isEmpty()) {
            return new Expired(token.campaignId());
        }
        Token t = stored.get();
        if (t.usedAt().isPresent() || leadConfirmed(t)) {
            return new AlreadyConfirmed(t.campaignId());
        }
        if (t.expired(clock.instant())) {
            return new Expired(t.campaignId());
        }
        return new Ready(t.campaignId(), token.value());
    }

    public LinkState confirm(String tokenText, String ip, String userAgent) {
        Optional<Tokens.Token> parsed = Tokens.parse(tokenText);
        if (parsed.isEmpty()) {
            return new Invalid(Tokens.campaignHint(tokenText));
        }
        Tokens.Token token = parsed.get();
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            Optional<Token> stored = store.findToken(token.hash()).filter(t -> t.purpose() == TokenPurpose.CONFIRM);
            if (stored.isEmpty()) {
                return new Expired(token.campaignId());
            }
            Token t = stored.get();
            if (t.usedAt().isPresent()) {
                return new AlreadyConfirmed(t.campaignId());
            }
            Optional<Pending> pending = store.findPending(t.campaignId(), t.addressKey());
            if (pending.isEmpty() || !now.isBefore(pending.get().expiresAt())) {
                // No signup waiting: confirmed through another link already, or it expired.
                return leadConfirmed(t) ? new AlreadyConfirmed(t.campaignId()) : new Expired(t.campaignId());
            }
            if (t.expired(now)) {
                return new Expired(t.campaignId());
            }
            Optional<Survey> survey = campaigns.find(t.campaignId()).flatMap(Campaign::survey);
            Qualifier.Qualification qualification = survey
                    .map(s -> Qualifier.qualify(s, pending.get().survey(), true))
                    .orElse(Qualifier.Qualification.unanswered(true));
            Tokens.Token surveyLink = Tokens.mint(t.campaignId());
            Optional<Token> surveyToken = survey.map(s -> new Token(surveyLink.hash(), TokenPurpose.SURVEY,
                    t.campaignId(), t.addressKey(), pending.get().submissionId(), now, now.plus(SURVEY_LINK_LIFETIME),
                    Optional.empty()));
            try {
                boolean nurture = campaigns.find(t.campaignId()).flatMap(Campaign::sequence).isPresent();
                Lead lead = store.confirm(pending.get(), t, new Evidence(now, ip, userAgent), qualification, surveyToken,
                        nurture);
                log.metric("Confirmed", t.campaignId());
                log.info("lead.confirmed", "campaign", t.campaignId(), "lead", lead.leadId(),
                        "temperature", qualification.temperature().lower(), "stage", qualification.stage().lower());
                // After the commit: the token is bound to the lead id the confirmation gave.
                Optional<String> handRaise = campaigns.find(t.campaignId()).flatMap(Campaign::handoff)
                        .map(h -> new HandRaiseLinks(store).mintToken(lead, now));
                return new Confirmed(t.campaignId(), lead.leadId(), surveyToken.map(x -> surveyLink.value()), handRaise);
            } catch (ConflictException e) {
                // A double click or a parallel confirmation won: read again and answer from that.
                if (attempt >= MAX_RACE_RETRIES) {
                    throw new StoreException("confirmation kept losing races", e);
                }
            }
        }
    }

    private boolean leadConfirmed(Token t) {
        return store.findLead(t.campaignId(), t.addressKey()).map(l -> l.status() == LeadStatus.CONFIRMED)
                .orElse(false);
    }
}
