package com.leadpipe.nurture;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.Sequence;
import com.leadpipe.handoff.HandRaiseLinks;
import com.leadpipe.mail.MailLayout;
import com.leadpipe.mail.OutgoingEmail;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.template.MailParts;
import com.leadpipe.unsubscribe.UnsubscribeLinks;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a sequence step for a lead: the lead's fields and qualification in the step's
 * templates (compiled when the campaign was read; escaped in HTML only), plus the one-click
 * unsubscribe every marketing mail must carry (RFC 8058 headers and a visible link in both
 * parts, from {@link UnsubscribeLinks}).
 */
public final class NurtureMail {

    private final UnsubscribeLinks unsubscribeLinks;
    private final HandRaiseLinks handRaiseLinks;

    public NurtureMail(UnsubscribeLinks unsubscribeLinks, HandRaiseLinks handRaiseLinks) {
        this.unsubscribeLinks = unsubscribeLinks;
        this.handRaiseLinks = handRaiseLinks;
    }

    /**
     * Mints the mail's unsubscribe link and, when the campaign has a hand-off and the step's
     * templates use it, its hand-raise link (each stores its token), then composes.
     */
    public OutgoingEmail render(Campaign campaign, Lead lead, Sequence.Step step, Instant now) {
        Optional<String> handRaise = campaign.handoff().isPresent() && usesHandRaise(step)
                ? Optional.of(handRaiseLinks.mint(lead, unsubscribeLinks.baseUrl(), now)) : Optional.empty();
        return compose(campaign, lead, step, unsubscribeLinks.mint(lead, now), handRaise);
    }

    private static boolean usesHandRaise(Sequence.Step step) {
        return (step.mail().subject() + step.mail().text() + step.mail().html()).contains("handRaiseUrl");
    }

    /** The mail for a link already minted; stores nothing. */
    public static OutgoingEmail compose(Campaign campaign, Lead lead, Sequence.Step step, UnsubscribeLinks.Link link) {
        return compose(campaign, lead, step, link, Optional.empty());
    }

    /** The mail for links already minted; stores nothing. */
    public static OutgoingEmail compose(Campaign campaign, Lead lead, Sequence.Step step, UnsubscribeLinks.Link link,
                                        Optional<String> handRaiseUrl) {
        Map<String, Object> model = new HashMap<>(lead.fields());
        model.put("campaignTitle", campaign.title());
        model.put("temperature", lead.qualification().temperature().lower());
        model.put("stage", lead.qualification().stage().lower());
        model.put("tags", lead.qualification().tags().stream().sorted().toList());
        model.put("unsubscribeUrl", link.url());
        handRaiseUrl.ifPresent(url -> model.put("handRaiseUrl", url));
        MailParts.Rendered mail = MailLayout.render(campaign, step.mail(), model, new MailLayout.Footer(
                "You get this email because you signed up for " + campaign.title() + " and confirmed your address.",
                Optional.of(link.url())));
        Map<String, String> headers = MailLayout.senderHeaders(campaign);
        headers.put(UnsubscribeLinks.LIST_ID, UnsubscribeLinks.listId(campaign.id(), link.url()));
        return UnsubscribeLinks.addTo(new OutgoingEmail(campaign.senderName(), lead.email(), mail.subject(), mail.text(),
                mail.html(), headers), link, campaign.sender().unsubscribeMailto());
    }
}
