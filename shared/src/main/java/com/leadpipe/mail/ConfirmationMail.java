package com.leadpipe.mail;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.email.EmailAddress;
import com.leadpipe.template.MailParts;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders a campaign's double opt-in email from its templates, compiled when the campaign was
 * read. Field values are escaped in the HTML part only.
 */
public final class ConfirmationMail {

    private ConfirmationMail() {
    }

    public static OutgoingEmail render(Campaign campaign, EmailAddress to, Map<String, String> fields, String confirmUrl) {
        Map<String, Object> model = new HashMap<>(fields);
        model.put("confirmUrl", confirmUrl);
        model.put("campaignTitle", campaign.title());
        MailParts.Rendered mail = campaign.confirmation().mail().render(model);
        return new OutgoingEmail(campaign.senderName(), to, mail.subject(), mail.text(), mail.html(), Map.of());
    }
}
