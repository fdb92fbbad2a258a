package com.leadpipe.store;

import com.leadpipe.email.EmailAddress;
import com.leadpipe.subscribe.Signup;
import com.leadpipe.survey.Qualifier;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the table holds, as the domain sees it. Mapping to items lives in the store's repositories
 * only (one per item kind, see {@link LeadpipeTable}).
 */
public final class Records {

    private Records() {
    }

    /**
     * What became of a signup's confirmation mail. OWED, SENDING and RETRYING are all "owed": the
     * pending item stays on the mail-index until SES accepted it (SENT) or it can never go (FAILED).
     */
    public enum MailState { OWED, SENDING, SENT, RETRYING, FAILED }

    public enum LeadStatus { CONFIRMED, UNSUBSCRIBED }

    /**
     * A signup waiting for its double opt-in; expires with all it holds, survey answers included.
     *
     * @param survey        latest survey answers (question id to option ids or text), empty if none
     * @param surveyHistory every answer set given before confirmation, oldest first, for the ledger
     * @param attribution   UTM parameters and referrer of the signup
     */
    public record Pending(String campaignId, String addressKey, String submissionId, EmailAddress email,
                          Map<String, String> fields, Signup.ConsentEvidence signup, Instant expiresAt,
                          MailState mailState, Map<String, List<String>> survey, List<SurveyEntry> surveyHistory,
                          Map<String, String> attribution) {
        public Pending {
            fields = Map.copyOf(fields);
            survey = Map.copyOf(survey);
            surveyHistory = List.copyOf(surveyHistory);
            attribution = Map.copyOf(attribution);
        }
    }

    /**
     * A lead's progress through its campaign's nurture sequence.
     *
     * @param done     ids of steps sent or skipped
     * @param dueAt    when the scheduler should look at the lead next; empty when the sequence is finished
     */
    public record Nurture(java.util.Set<String> done, Optional<Instant> lastSentAt, Optional<Instant> dueAt) {
        public Nurture {
            done = java.util.Set.copyOf(done);
        }
    }

    /** One set of survey answers and when they were given. */
    public record SurveyEntry(Instant at, Map<String, List<String>> answers) {
        public SurveyEntry {
            answers = Map.copyOf(answers);
        }
    }

    /**
     * A consented lead. Holds everything needed to prove its consent, and its qualification
     * (scores, temperature, stage, tags) for nurture sequences to branch on.
     *
     * @param submissionId the signup that was confirmed; survey links of that signup stay valid
     */
    public record Lead(String campaignId, String addressKey, String leadId, String submissionId, EmailAddress email,
                       Map<String, String> fields, LeadStatus status, Instant createdAt, Instant confirmedAt,
                       Signup.ConsentEvidence signup, Evidence confirmation, Map<String, List<String>> survey,
                       Qualifier.Qualification qualification, Map<String, String> attribution, Nurture nurture) {
        public Lead {
            fields = Map.copyOf(fields);
            survey = Map.copyOf(survey);
            attribution = Map.copyOf(attribution);
        }
    }

    /** When and from where an action was taken. */
    public record Evidence(Instant at, String ip, String userAgent) {
    }

    /** Per-address state shared by all campaigns: the confirmation-mail cap window, suppression. */
    public record Address(String addressKey, List<Instant> confirmationSends, long version, boolean suppressed) {
        public Address {
            confirmationSends = List.copyOf(confirmationSends);
        }

        public static Address fresh(String addressKey) {
            return new Address(addressKey, List.of(), 0, false);
        }

        /**
         * The cap window with one more send at {@code now}, sends older than the window dropped;
         * empty when {@code cap} sends are in the window already.
         */
        public Optional<Address> withSend(Instant now, int cap, java.time.Duration window) {
            List<Instant> recent = inWindow(now, window);
            if (recent.size() >= cap) {
                return Optional.empty();
            }
            recent.add(now);
            return Optional.of(new Address(addressKey, recent, version, suppressed));
        }

        /** When the oldest send in the window leaves it: a capped address may be mailed again then. */
        public Instant nextSlot(Instant now, java.time.Duration window) {
            Instant oldest = now;
            for (Instant sent : inWindow(now, window)) {
                oldest = sent.isBefore(oldest) ? sent : oldest;
            }
            return oldest.plus(window);
        }

        // A loop, not a stream: this is the signup's cold path, and streams load ~30 classes.
        private List<Instant> inWindow(Instant now, java.time.Duration window) {
            Instant start = now.minus(window);
            List<Instant> recent = new java.util.ArrayList<>();
            for (Instant sent : confirmationSends) {
                if (sent.isAfter(start)) {
                    recent.add(sent);
                }
            }
            return recent;
        }
    }

    /** HAND_ACK: the "I've got this" link of a hand-off notice, for the notify list, never the lead. */
    public enum TokenPurpose { CONFIRM, SURVEY, UNSUBSCRIBE, HAND_RAISE, HAND_ACK }

    /**
     * A link token, by hash.
     *
     * @param addressKey   empty for a decoy: a survey link handed out where no signup was stored
     *                     (address confirmed already, suppressed, capped), so the answer looks the same
     * @param submissionId the signup the token belongs to; for {@link TokenPurpose#UNSUBSCRIBE}, the
     *                     lead id instead: an unsubscribe link belongs to the lead, not to one signup,
     *                     so an old mail's link still works after the address signs up again; likewise
     *                     for {@link TokenPurpose#HAND_RAISE}
     */
    public record Token(String hash, TokenPurpose purpose, String campaignId, String addressKey, String submissionId,
                        Instant createdAt, Instant expiresAt, Optional<Instant> usedAt) {
        public boolean expired(Instant now) {
            return !now.isBefore(expiresAt);
        }

        public boolean decoy() {
            return addressKey == null || addressKey.isEmpty();
        }
    }

    /**
     * One entry of a lead's append-only ledger: consent (subscribed, confirmed, unsubscribed),
     * survey answers, qualification changes.
     *
     * @param details event data, e.g. the answers or the new temperature; empty for consent events
     */
    public record LedgerEvent(String type, Instant at, String ip, String userAgent, String campaignId,
                              String consentVersion, Map<String, String> details) {
        public LedgerEvent {
            details = Map.copyOf(details);
        }
    }

    /**
     * A confirmation mail the table says is owed: the pending signup, the API base its link points
     * at, and when the mail is due (before then, a sender holds its lease).
     */
    public record OwedMail(Pending pending, String baseUrl, Instant dueAt) {
    }

    /** An entry of the mail-index: a pending signup whose confirmation mail is due by {@code dueAt}. */
    public record MailDue(String campaignId, String addressKey, Instant dueAt) {
    }

    /** Everything about one address in one campaign that a signup decision needs. */
    public record SubscriberState(Optional<Lead> lead, Optional<Pending> pending, Address address) {
        public boolean confirmed() {
            return lead.map(l -> l.status() == LeadStatus.CONFIRMED).orElse(false);
        }
    }
}
