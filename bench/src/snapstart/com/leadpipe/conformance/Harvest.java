package com.leadpipe.conformance;

import com.leadpipe.testing.AwsEmulators;
import com.leadpipe.testing.SentEmail;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads back from moto's SES what the next stage needs: confirmation tokens, List-Unsubscribe links. */
final class Harvest {

    static final Pattern CONFIRM_LINK = Pattern.compile("https://[^/\\s]+/confirm\\?t=([A-Za-z0-9._-]+)");

    private Harvest() {
    }

    static void confirmTokens(AwsEmulators aws, List<Lead> leads) {
        Map<String, String> tokens = new HashMap<>();
        for (SentEmail mail : aws.sentEmails()) {
            Matcher m = CONFIRM_LINK.matcher(mail.text());
            if (m.find()) {
                for (Lead l : leads) {
                    if (mail.isAddressedTo(l.email)) {
                        tokens.put(l.email, m.group(1));
                    }
                }
            }
        }
        for (Lead l : leads) {
            l.confirmToken = require(tokens.get(l.email), "confirmation mail to " + l.email);
        }
    }

    static void unsubscribeLinks(AwsEmulators aws, List<Lead> leads) {
        Map<String, String> queries = new HashMap<>();
        for (SentEmail mail : aws.sentEmails()) {
            String header = mail.header("List-Unsubscribe");
            if (header != null) {
                for (Lead l : leads) {
                    if (mail.isAddressedTo(l.email)) {
                        queries.put(l.email, header.replaceAll("^<https://[^?]+\\?|>$", ""));
                    }
                }
            }
        }
        for (Lead l : leads) {
            l.unsubscribeQuery = require(queries.get(l.email), "nurture mail with List-Unsubscribe to " + l.email);
        }
    }

    static String require(String value, String what) {
        if (value == null) {
            throw new IllegalStateException("no " + what);
        }
        return value;
    }
}
