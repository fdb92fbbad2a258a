package com.leadpipe.mail;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.email.EmailAddress;
import com.samskivert.mustache.Mustache;
import java.util.HashMap;
import java.util.Map;

/** Renders a campaign's double opt-in email. Field values are escaped in the HTML part. */
public final class ConfirmationMail {

    private static final Mustache.Compiler HTML = com.leadpipe.web.HtmlEscaping.COMPILER;
    private static final Mustache.Compiler TEXT = Mustache.compiler().escapeHTML(false).defaultValue("").emptyStringIsFalse(true);

    private ConfirmationMail() {
    }

    public static OutgoingEmail render(Campaign campaign, EmailAddress to, Map<String, String> fields, String confirmUrl) {
        Map<String, Object> model = new HashMap<>(fields);
        model.put("confirmUrl", confirmUrl);
        model.put("campaignTitle", campaign.title());
        Campaign.Confirmation c = campaign.confirmation();
        return new OutgoingEmail(campaign.senderName(), to,
                TEXT.compile(c.subject()).execute(model).replaceAll("[\r\n]+", " "),
                TEXT.compile(c.text()).execute(model),
                HTML.compile(c.html()).execute(model),
                Map.of());
    }
}
