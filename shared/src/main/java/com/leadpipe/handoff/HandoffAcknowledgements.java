package com.leadpipe.handoff;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.log.Log;
import com.leadpipe.store.ConflictException;
import com.leadpipe.store.HandoffStore;
import com.leadpipe.store.LeadImages.LeadImage;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.Records.Evidence;
import com.leadpipe.store.Records.TokenPurpose;
import com.leadpipe.token.Tokens;
import java.time.Clock;
import java.util.Optional;

/**
 * "I've got this": the notice's link. {@link #inspect} (GET) only reads (mail scanners open
 * links); {@link #acknowledge} (POST) records it once; a second POST is the same success.
 */
public final class HandoffAcknowledgements {

    /** What an acknowledgement link leads to. */
    public sealed interface State permits Open, Acknowledged, Gone, Invalid {
    }

    /** A raised hand nobody took yet. */
    public record Open(LeadImage lead, String token) implements State {
    }

    /** Taken: by this request ({@code now}) or earlier (then {@code lead} says by whom). */
    public record Acknowledged(LeadImage lead, boolean now) implements State {
    }

    /** Unknown or expired link, or the lead is gone. */
    public record Gone() implements State {
    }

    /** Not a link we made. */
    public record Invalid() implements State {
    }

    /** What a person may type as their name on the page. */
    public static final int MAX_NAME = 100;

    private final LeadStore leads;
    private final HandoffStore handoffs;
    private final Clock clock;
    private final Log log;

    public HandoffAcknowledgements(LeadStore leads, HandoffStore handoffs, Clock clock, Log log) {
        this.leads = leads;
        this.handoffs = handoffs;
        this.clock = clock;
        this.log = log;
    }

    public State inspect(Campaign campaign, String tokenText) {
        Optional<Tokens.Token> parsed = Tokens.parse(tokenText).filter(t -> t.campaignId().equals(campaign.id()));
        if (parsed.isEmpty()) {
            return new Invalid();
        }
        Optional<LeadImage> lead = lead(parsed.get());
        if (lead.isEmpty()) {
            return new Gone();
        }
        return acknowledged(lead.get()) ? new Acknowledged(lead.get(), false) : new Open(lead.get(), parsed.get().value());
    }

    /** @param by the name typed on the page, cut to {@link #MAX_NAME} characters (may be empty) */
    public State acknowledge(Campaign campaign, String tokenText, String by, String ip, String userAgent) {
        State state = inspect(campaign, tokenText);
        if (!(state instanceof Open open)) {
            return state;
        }
        String name = by == null ? "" : by.strip();
        name = name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
        try {
            handoffs.acknowledge(campaign.id(), open.lead().lead().addressKey(), open.lead().lead().leadId(), name,
                    new Evidence(clock.instant(), ip, userAgent));
            log.info("handoff.acknowledged", "campaign", campaign.id(), "lead", open.lead().lead().leadId());
            return new Acknowledged(open.lead(), true);
        } catch (ConflictException raced) {
            // A colleague pressed it at the same moment: theirs is recorded, and so is the answer.
            return inspect(campaign, tokenText);
        }
    }

    private static boolean acknowledged(LeadImage lead) {
        return lead.handRaise().flatMap(h -> h.acknowledgedAt()).isPresent();
    }

    private Optional<LeadImage> lead(Tokens.Token parsed) {
        return leads.findToken(parsed.hash())
                .filter(t -> t.purpose() == TokenPurpose.HAND_ACK && !t.decoy() && !t.expired(clock.instant()))
                .flatMap(t -> handoffs.findLead(t.campaignId(), t.addressKey())
                        .filter(l -> l.lead().leadId().equals(t.submissionId()) && l.handRaise().isPresent()));
    }
}
