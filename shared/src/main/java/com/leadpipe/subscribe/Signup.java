package com.leadpipe.subscribe;

import com.leadpipe.email.EmailAddress;
import java.time.Instant;
import java.util.Map;

/**
 * A valid signup, ready to become a pending subscription.
 *
 * @param fields   the campaign's fields that were filled in, by name
 * @param evidence where and when consent was given, kept as proof
 */
public record Signup(String campaignId, EmailAddress email, Map<String, String> fields, ConsentEvidence evidence) {

    public Signup {
        fields = Map.copyOf(fields);
    }

    /** Who agreed to what, when and from where: the proof a lead keeps. */
    public record ConsentEvidence(Instant at, String ip, String userAgent, String consentVersion, String consentText) {
    }
}
