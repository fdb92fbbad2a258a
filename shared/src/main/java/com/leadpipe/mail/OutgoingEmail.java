package com.leadpipe.mail;

import com.leadpipe.email.EmailAddress;
import java.util.Map;

/** One message to one recipient, both parts rendered. */
public record OutgoingEmail(String senderName, EmailAddress to, String subject, String text, String html,
                            Map<String, String> headers) {
    public OutgoingEmail {
        headers = Map.copyOf(headers);
    }
}
