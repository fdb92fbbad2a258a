package com.leadpipe.subscribe;

import com.leadpipe.email.EmailAddress;
import java.time.Instant;
import java.util.Map;

/**
 * A valid signup, ready to become a pending subscription.
 *
 * @param fields   the campaign's fields that were filled in, by name
 * @param evidence    where and when consent was given, kept as proof
 * @param attribution where the signup came from: utm_* parameters and referrer
 */
public record Signup(String campaignId, EmailAddress email, Map<String, String> fields, ConsentEvidence evidence,
                     Map<String, String> attribution) {

    public Signup {
        fields = Map.copyOf(fields);
        attribution = Map.copyOf(attribution);
    }

    /** Who agreed to what, when and from where: the proof a lead keeps. */
    public record ConsentEvidence(Instant at, String ip, String userAgent, String consentVersion, String consentText) {
    }
}
