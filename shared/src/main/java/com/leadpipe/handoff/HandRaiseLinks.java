package com.leadpipe.handoff;

import com.leadpipe.store.LeadStore;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.store.Records.Token;
import com.leadpipe.store.Records.TokenPurpose;
import com.leadpipe.token.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Hand-raise links ({@code {{handRaiseUrl}}}): like unsubscribe links, one token per message,
 * bound to the lead (not to one signup), stored as a hash only, long-lived because people answer
 * mail they kept. The path is relative to the base ({@code PUBLIC_BASE_URL} in mail, the request's
 * base path on pages).
 */
public final class HandRaiseLinks {

    /** How long a hand-raise link keeps working; as long as an unsubscribe link. */
    public static final Duration LINK_LIFETIME = Duration.ofDays(400);

    private final LeadStore store;

    public HandRaiseLinks(LeadStore store) {
        this.store = store;
    }

    /** The route of a campaign's hand-raise page. */
    public static String path(String campaignId) {
        return "/c/" + campaignId + "/talk";
    }

    /** A new link for a lead: stores the token's hash (one PutItem) and gives the URL under {@code base}. */
    public String mint(Lead lead, String base, Instant now) {
        return url(base, lead.campaignId(), mintToken(lead, now)); // token characters are URL-safe
    }

    /** A new token for a lead (one PutItem); the value, for a page's query string. */
    public String mintToken(Lead lead, Instant now) {
        Tokens.Token token = Tokens.mint(lead.campaignId());
        store.putToken(new Token(token.hash(), TokenPurpose.HAND_RAISE, lead.campaignId(), lead.addressKey(),
                lead.leadId(), now, now.plus(LINK_LIFETIME), Optional.empty()));
        return token.value();
    }

    /** The URL for a token value; stores nothing (priming renders with a token that was never minted). */
    public static String url(String base, String campaignId, String tokenValue) {
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return trimmed + path(campaignId) + "?t=" + tokenValue;
    }
}
