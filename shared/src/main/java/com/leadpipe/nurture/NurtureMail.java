package com.leadpipe.nurture;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.Sequence;
import com.leadpipe.mail.OutgoingEmail;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.web.HtmlEscaping;
import com.samskivert.mustache.Mustache;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Renders a sequence step for a lead: the lead's fields and qualification in the templates
 * (escaped in HTML), and the one-click unsubscribe every marketing mail must carry: the
 * RFC 8058 headers plus a visible link in both parts.
 */
public final class NurtureMail {

    private static final Mustache.Compiler TEXT = Mustache.compiler().escapeHTML(false).defaultValue("")
            .emptyStringIsFalse(true);

    private final BiFunction<Lead, Instant, String> unsubscribeUrl;

    /** @param unsubscribeUrl mints a lead's one-click unsubscribe URL (stored hashed, long-lived) */
    public NurtureMail(BiFunction<Lead, Instant, String> unsubscribeUrl) {
        this.unsubscribeUrl = unsubscribeUrl;
    }

    public OutgoingEmail render(Campaign campaign, Lead lead, Sequence.Step step, Instant now) {
        String url = unsubscribeUrl.apply(lead, now);
        Map<String, Object> model = new HashMap<>(lead.fields());
        model.put("campaignTitle", campaign.title());
        model.put("temperature", lead.qualification().temperature().lower());
        model.put("stage", lead.qualification().stage().lower());
        model.put("tags", lead.qualification().tags().stream().sorted().toList());
        model.put("unsubscribeUrl", url);
        String text = TEXT.compile(step.text()).execute(model);
        String html = HtmlEscaping.COMPILER.compile(step.html()).execute(model);
        Map<String, Object> footer = Map.of("title", campaign.title(), "url", url);
        return new OutgoingEmail(campaign.senderName(), lead.email(),
                TEXT.compile(step.subject()).execute(model).replaceAll("[\r\n]+", " "),
                text + TEXT.compile(TEXT_FOOTER).execute(footer),
                html + HtmlEscaping.COMPILER.compile(HTML_FOOTER).execute(footer),
                Map.of("List-Unsubscribe", "<" + url + ">",
                        "List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
    }

    static final String TEXT_FOOTER = "\n\n--\nYou get these emails because you signed up for {{title}}.\n"
            + "Unsubscribe with one click: {{url}}\n";
    static final String HTML_FOOTER = "<hr><p style=\"font-size:12px;color:#6e6e73\">You get these emails because you "
            + "signed up for {{title}}. <a href=\"{{url}}\">Unsubscribe</a></p>";
}
