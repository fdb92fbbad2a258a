package com.leadpipe.mail;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.email.EmailAddress;
import com.leadpipe.template.MailParts;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

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
        MailParts.Rendered mail = MailLayout.render(campaign, campaign.confirmation().mail(), model,
                new MailLayout.Footer("You get this email because this address was entered to sign up for "
                        + campaign.title() + ". Not you? Ignore it: without a click on the link, we won't email you again.",
                        Optional.empty()));
        return new OutgoingEmail(campaign.senderName(), to, mail.subject(), mail.text(), mail.html(),
                MailLayout.senderHeaders(campaign));
    }
}
