package com.leadpipe.mail;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.email.EmailAddress;
import java.util.HashMap;
import java.util.Map;

/** Renders a campaign's double opt-in email. Field values are escaped in the HTML part. */
public final class ConfirmationMail {

    private ConfirmationMail() {
    }

    public static OutgoingEmail render(Campaign campaign, EmailAddress to, Map<String, String> fields, String confirmUrl) {
        Map<String, Object> model = new HashMap<>(fields);
        model.put("confirmUrl", confirmUrl);
        model.put("campaignTitle", campaign.title());
        Campaign.Confirmation c = campaign.confirmation();
        return new OutgoingEmail(campaign.senderName(), to,
                MailTemplate.compile(c.subject()).execute(model, false).replaceAll("[\r\n]+", " "),
                MailTemplate.compile(c.text()).execute(model, false),
                MailTemplate.compile(c.html()).execute(model, true),
                Map.of());
    }
}
