package com.leadpipe.survey;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.Survey;
import com.leadpipe.handoff.HandRaiseLinks;
import com.leadpipe.log.Log;
import com.leadpipe.store.ConflictException;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.Records.Evidence;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.store.Records.LeadStatus;
import com.leadpipe.store.Records.Pending;
import com.leadpipe.store.Records.SubscriberState;
import com.leadpipe.store.Records.SurveyEntry;
import com.leadpipe.store.Records.Token;
import com.leadpipe.store.Records.TokenPurpose;
import com.leadpipe.store.StoreException;
import com.leadpipe.token.Tokens;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Survey answers, bound to a signup by the link's token. Before confirmation they stay with the
 * pending signup (and expire with it); after, they go on the lead, which is qualified again on
 * every answer. A token only reaches the signup it was made for, so answering through an old
 * link can never touch a later signup of the same address.
 */
public final class SurveyService {

    public sealed interface View permits Ready, Expired, InvalidLink {
    }

    /** Show the survey, filled with the answers given so far. */
    public record Ready(Survey survey, String token, Map<String, List<String>> answers) implements View {
        public Ready {
            answers = Map.copyOf(answers);
        }
    }

    public record Expired() implements View {
    }

    public record InvalidLink() implements View {
    }

    public sealed interface Outcome permits Saved, Rejected, LinkExpired, LinkInvalid {
    }

    /** @param handRaiseToken a new hand-raise link's token for the saved page (confirmed leads of campaigns with a hand-off) */
    public record Saved(String token, Optional<String> handRaiseToken) implements Outcome {
        public Saved(String token) {
            this(token, Optional.empty());
        }
    }

    /** Answers that don't fit the survey: messages by field ({@code q.<id>}), and what was posted. */
    public record Rejected(Survey survey, String token, Map<String, String> errors,
                           Map<String, List<String>> posted) implements Outcome {
        public Rejected {
            errors = Map.copyOf(errors);
            posted = Map.copyOf(posted);
        }
    }

    public record LinkExpired() implements Outcome {
    }

    public record LinkInvalid() implements Outcome {
    }

    private static final int MAX_RACE_RETRIES = 3;

    private final LeadStore store;
    private final Clock clock;
    private final Log log;

    public SurveyService(LeadStore store, Clock clock, Log log) {
        this.store = store;
        this.clock = clock;
        this.log = log;
    }

    public View view(Campaign campaign, String tokenText) {
        Optional<Survey> survey = campaign.survey();
        Optional<Tokens.Token> parsed = Tokens.parse(tokenText).filter(t -> t.campaignId().equals(campaign.id()));
        if (survey.isEmpty() || parsed.isEmpty()) {
            return new InvalidLink();
        }
        Optional<Token> token = validToken(parsed.get());
        if (token.isEmpty()) {
            return new Expired();
        }
        if (token.get().decoy()) {
            return new Ready(survey.get(), parsed.get().value(), Map.of());
        }
        SubscriberState state = store.load(campaign.id(), token.get().addressKey());
        Optional<Map<String, List<String>>> answers = target(state, token.get()).map(t -> t.answers);
        return answers.<View>map(a -> new Ready(survey.get(), parsed.get().value(), a)).orElse(new Expired());
    }

    public Outcome answer(Campaign campaign, String tokenText, Map<String, List<String>> posted, String ip,
                          String userAgent) {
        Optional<Survey> survey = campaign.survey();
        Optional<Tokens.Token> parsed = Tokens.parse(tokenText).filter(t -> t.campaignId().equals(campaign.id()));
        if (survey.isEmpty() || parsed.isEmpty()) {
            return new LinkInvalid();
        }
        Optional<Token> token = validToken(parsed.get());
        if (token.isEmpty()) {
            return new LinkExpired();
        }
        SurveyForm.Result checked = SurveyForm.check(survey.get(), posted);
        if (checked instanceof SurveyForm.Invalid invalid) {
            return new Rejected(survey.get(), parsed.get().value(), invalid.errors(), posted);
        }
        Map<String, List<String>> answers = ((SurveyForm.Valid) checked).answers();
        if (token.get().decoy()) {
            return new Saved(parsed.get().value()); // looks like any other answer; nothing to keep
        }
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            SubscriberState state = store.load(campaign.id(), token.get().addressKey());
            Optional<Target> target = target(state, token.get());
            if (target.isEmpty()) {
                return new LinkExpired();
            }
            SurveyEntry entry = new SurveyEntry(now, answers);
            try {
                if (target.get().lead != null) {
                    Lead lead = target.get().lead;
                    // A raised hand outlasts new answers: the lead stays sales-ready.
                    Qualifier.Qualification q = Qualifier.keepHandRaise(lead.qualification(),
                            Qualifier.qualify(survey.get(), answers, true),
                            campaign.handoff().map(h -> h.tag()).orElse("sales-ready"));
                    store.saveSurveyOnLead(lead, entry, q, new Evidence(now, ip, userAgent));
                    if (q.temperature() == com.leadpipe.campaign.Survey.Temperature.HOT
                            && lead.qualification().temperature() != com.leadpipe.campaign.Survey.Temperature.HOT) {
                        log.metric("HotLeads", campaign.id());
                    }
                    log.info("survey.answered", "campaign", campaign.id(), "lead", lead.leadId(),
                            "temperature", q.temperature().lower(), "stage", q.stage().lower());
                    return new Saved(parsed.get().value(), campaign.handoff()
                            .map(h -> new HandRaiseLinks(store).mintToken(lead, now)));
                } else {
                    Pending pending = target.get().pending;
                    if (pending.surveyHistory().size() >= LeadStore.MAX_PENDING_SURVEY_HISTORY) {
                        // Enough history for one unconfirmed signup; keep the answers, not more entries.
                        log.warn("survey.pending_history_full", "campaign", campaign.id());
                        return new Saved(parsed.get().value());
                    }
                    store.saveSurveyOnPending(campaign.id(), pending.addressKey(), pending.submissionId(), entry);
                    log.info("survey.answered_pending", "campaign", campaign.id(), "submission", pending.submissionId());
                }
                return new Saved(parsed.get().value());
            } catch (ConflictException e) {
                if (attempt >= MAX_RACE_RETRIES) {
                    throw new StoreException("survey answer kept losing races", e);
                }
            }
        }
    }

    private Optional<Token> validToken(Tokens.Token parsed) {
        return store.findToken(parsed.hash())
                .filter(t -> t.purpose() == TokenPurpose.SURVEY)
                .filter(t -> !t.expired(clock.instant()));
    }

    /** The lead or pending signup this token was made for, if it is still there. */
    private Optional<Target> target(SubscriberState state, Token token) {
        Instant now = clock.instant();
        Optional<Lead> lead = state.lead()
                .filter(l -> l.status() == LeadStatus.CONFIRMED && token.submissionId().equals(l.submissionId()));
        if (lead.isPresent()) {
            return Optional.of(new Target(lead.get(), null, lead.get().survey()));
        }
        return state.pending()
                .filter(p -> p.submissionId().equals(token.submissionId()) && now.isBefore(p.expiresAt()))
                .map(p -> new Target(null, p, p.survey()));
    }

    private record Target(Lead lead, Pending pending, Map<String, List<String>> answers) {
    }
}
