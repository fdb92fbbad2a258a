package com.leadpipe.handoff;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.log.Log;
import com.leadpipe.mail.MailException;
import com.leadpipe.mail.MailSender;
import com.leadpipe.mail.OutgoingEmail;
import com.leadpipe.store.HandoffStore;
import com.leadpipe.store.LeadImages.LeadImage;
import com.leadpipe.store.Records.Token;
import com.leadpipe.store.Records.TokenPurpose;
import com.leadpipe.token.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tells the campaign's notify list, at least once and never twice for one change: a conditional
 * marker is claimed before mailing (a redelivered change finds it), released when SES refuses (the
 * redelivery sends), marked sent after. Internal mail: never to the lead, counted against no cap.
 */
public final class HandoffNotifier {

    /** Longer than the publisher's Timeout: a claim in flight is never taken over. */
    static final Duration CLAIM_LEASE = Duration.ofMinutes(5);
    /** How long an "I've got this" link works. */
    public static final Duration ACK_LINK_LIFETIME = Duration.ofDays(30);

    private final HandoffStore store;
    private final MailSender mail;
    private final Clock clock;
    private final Log log;
    private final String linkBase;

    /** @param linkBase https base of the acknowledgement link (the API's or {@code PublicBaseUrl}) */
    public HandoffNotifier(HandoffStore store, MailSender mail, Clock clock, Log log, String linkBase) {
        this.store = store;
        this.mail = mail;
        this.clock = clock;
        this.log = log;
        this.linkBase = linkBase.endsWith("/") ? linkBase.substring(0, linkBase.length() - 1) : linkBase;
    }

    /**
     * Sends one kind of notice about one change, unless it went out before.
     *
     * @param eventId stable across redeliveries of the change (the stream record's id)
     * @throws com.leadpipe.mail.MailException SES refused: released, so the change's redelivery sends it
     */
    public void notify(HandoffNotice.Kind kind, Campaign campaign, LeadImage image, String eventId) throws MailException {
        List<String> notify = campaign.handoff().map(Campaign.Handoff::notifyAddresses).orElse(List.of());
        if (notify.isEmpty() || kind == HandoffNotice.Kind.HOT && !campaign.handoff().get().notifyOnHot()) {
            return;
        }
        Instant now = clock.instant();
        Optional<Tokens.Token> ack = kind == HandoffNotice.Kind.HOT ? Optional.empty()
                : Optional.of(Tokens.mint(campaign.id()));
        Optional<Token> stored = ack.map(t -> new Token(t.hash(), TokenPurpose.HAND_ACK, campaign.id(),
                image.lead().addressKey(), image.lead().leadId(), now, now.plus(ACK_LINK_LIFETIME), Optional.empty()));
        String campaignId = campaign.id();
        String addressKey = image.lead().addressKey();
        if (!store.claimNotice(campaignId, addressKey, kind.marker(), eventId, now, now.plus(CLAIM_LEASE), stored)) {
            log.info("handoff.notice_duplicate", "campaign", campaignId, "lead", image.lead().leadId(), "kind", kind.marker());
            return;
        }
        Map<String, String> request = image.handRaise().map(h -> h.request()).orElse(Map.of());
        List<OutgoingEmail> mails = HandoffNotice.mails(kind, campaign, image.lead(), image.lead().qualification(),
                request, ack.map(t -> ackUrl(campaignId, t.value())));
        try {
            for (OutgoingEmail notice : mails) {
                mail.send(notice);
            }
        } catch (MailException | RuntimeException e) {
            store.releaseNotice(campaignId, addressKey, kind.marker(), eventId);
            log.warn("handoff.notify_failed", "campaign", campaignId, "lead", image.lead().leadId(), "kind", kind.marker(),
                    "reason", e.getClass().getSimpleName());
            throw e;
        }
        store.noticeSent(campaignId, addressKey, kind.marker(), eventId, clock.instant());
        log.info("handoff.notified", "campaign", campaignId, "lead", image.lead().leadId(), "kind", kind.marker(),
                "mails", mails.size());
    }

    /** The "I've got this" page for a token value. */
    public String ackUrl(String campaignId, String tokenValue) {
        return linkBase + AckLinks.path(campaignId) + "?t=" + tokenValue;
    }

    /** Where acknowledgement links lead. */
    public static final class AckLinks {
        private AckLinks() {
        }

        public static String path(String campaignId) {
            return HandRaiseLinks.path(campaignId) + "/ack";
        }
    }
}
