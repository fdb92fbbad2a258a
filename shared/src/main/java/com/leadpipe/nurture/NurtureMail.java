package com.leadpipe.nurture;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.Sequence;
import com.leadpipe.mail.OutgoingEmail;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.unsubscribe.UnsubscribeLinks;
import com.leadpipe.web.HtmlEscaping;
import com.samskivert.mustache.Mustache;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders a sequence step for a lead: the lead's fields and qualification in the templates
 * (escaped in HTML), plus the one-click unsubscribe every marketing mail must carry (RFC 8058
 * headers and a visible link in both parts, from {@link UnsubscribeLinks}).
 */
public final class NurtureMail {

    private static final Mustache.Compiler TEXT = Mustache.compiler().escapeHTML(false).defaultValue("")
            .emptyStringIsFalse(true);

    private final UnsubscribeLinks unsubscribeLinks;

    public NurtureMail(UnsubscribeLinks unsubscribeLinks) {
        this.unsubscribeLinks = unsubscribeLinks;
    }

    public OutgoingEmail render(Campaign campaign, Lead lead, Sequence.Step step, Instant now) {
        UnsubscribeLinks.Link link = unsubscribeLinks.mint(lead, now);
        Map<String, Object> model = new HashMap<>(lead.fields());
        model.put("campaignTitle", campaign.title());
        model.put("temperature", lead.qualification().temperature().lower());
        model.put("stage", lead.qualification().stage().lower());
        model.put("tags", lead.qualification().tags().stream().sorted().toList());
        model.put("unsubscribeUrl", link.url());
        OutgoingEmail email = new OutgoingEmail(campaign.senderName(), lead.email(),
                TEXT.compile(step.subject()).execute(model).replaceAll("[\r\n]+", " "),
                TEXT.compile(step.text()).execute(model),
                HtmlEscaping.COMPILER.compile(step.html()).execute(model),
                Map.of());
        return UnsubscribeLinks.addTo(email, link);
    }
}
