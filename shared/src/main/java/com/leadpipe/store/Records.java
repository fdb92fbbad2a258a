package com.leadpipe.store;

import com.leadpipe.email.EmailAddress;
import com.leadpipe.subscribe.Signup;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the table holds, as the domain sees it. Mapping to items lives in {@link LeadStore} only. */
public final class Records {

    private Records() {
    }

    public enum MailState { SENDING, SENT, RETRYING, FAILED }

    public enum LeadStatus { CONFIRMED, UNSUBSCRIBED }

    /** A signup waiting for its double opt-in; expires with all it holds. */
    public record Pending(String campaignId, String addressKey, String submissionId, EmailAddress email,
                          Map<String, String> fields, Signup.ConsentEvidence signup, Instant expiresAt,
                          MailState mailState) {
        public Pending {
            fields = Map.copyOf(fields);
        }
    }

    /** A consented lead. Holds everything needed to prove its consent. */
    public record Lead(String campaignId, String addressKey, String leadId, EmailAddress email,
                       Map<String, String> fields, LeadStatus status, Instant createdAt, Instant confirmedAt,
                       Signup.ConsentEvidence signup, Evidence confirmation) {
        public Lead {
            fields = Map.copyOf(fields);
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
    }

    public enum TokenPurpose { CONFIRM }

    /** A link token, by hash. */
    public record Token(String hash, TokenPurpose purpose, String campaignId, String addressKey, Instant createdAt,
                        Instant expiresAt, Optional<Instant> usedAt) {
        public boolean expired(Instant now) {
            return !now.isBefore(expiresAt);
        }
    }

    /** One entry of the append-only consent ledger. */
    public record ConsentEvent(String type, Instant at, String ip, String userAgent, String campaignId,
                               String consentVersion) {
    }

    /** Everything about one address in one campaign that a signup decision needs. */
    public record SubscriberState(Optional<Lead> lead, Optional<Pending> pending, Address address) {
        public boolean confirmed() {
            return lead.map(l -> l.status() == LeadStatus.CONFIRMED).orElse(false);
        }
    }
}
