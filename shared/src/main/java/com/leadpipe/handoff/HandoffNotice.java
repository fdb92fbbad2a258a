package com.leadpipe.handoff;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.Survey;
import com.leadpipe.email.EmailAddress;
import com.leadpipe.mail.MailLayout;
import com.leadpipe.mail.OutgoingEmail;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.survey.Qualifier;
import com.leadpipe.web.PageLook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The internal mail a {@code handoff.notify} address gets when a lead raises its hand: who, what
 * they asked for, their answers, scores, temperature, attribution and how to reach them. Plain
 * text first (it is read by people triaging, and pasted into CRMs); the HTML part is the same text.
 * Internal mail: no unsubscribe link, and never addressed to the lead itself.
 */
public final class HandoffNotice {

    private HandoffNotice() {
    }

    /** Why the notify list hears of a lead. */
    public enum Kind {
        HAND_RAISED("Hand raised", "asked to talk with you"),
        HOT("Hot lead", "became hot (no hand raised yet)"),
        REMINDER("Reminder: nobody has this yet", "asked to talk with you, and nobody said \"I've got this\" yet");

        private final String subject;
        private final String says;

        Kind(String subject, String says) {
            this.subject = subject;
            this.says = says;
        }

        /** The marker's name ({@code NOTICE#{kind}#…}). */
        public String marker() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** The hand-raise notice, as the request path used to send it: no acknowledgement link. */
    public static List<OutgoingEmail> mails(Campaign campaign, Lead lead, Qualifier.Qualification q,
                                            Map<String, String> request) {
        return mails(Kind.HAND_RAISED, campaign, lead, q, request, Optional.empty());
    }

    /**
     * One mail per notify address, leaving out the lead's own address should it be on the list.
     *
     * @param ackUrl the "I've got this" link (hand-raise notices and reminders)
     */
    public static List<OutgoingEmail> mails(Kind kind, Campaign campaign, Lead lead, Qualifier.Qualification q,
                                            Map<String, String> request, Optional<String> ackUrl) {
        String text = text(kind, campaign, lead, q, request, ackUrl);
        String who = lead.fields().getOrDefault("firstName", "").isBlank() ? lead.email().value()
                : lead.fields().get("firstName") + " <" + lead.email().value() + ">";
        String subject = kind.subject + ": " + who + " (" + q.temperature().lower() + ") - " + campaign.title();
        PageLook look = PageLook.of(campaign);
        MailLayout.Footer footer = new MailLayout.Footer("You get this notice because this address is on the hand-off "
                + "list of " + campaign.title() + ". It went to your team only, never to the lead.", Optional.empty());
        String body = ackUrl.map(url -> "<p><a href=\"" + escape(url) + "\">I've got this</a></p>").orElse("")
                + "<pre style=\"font-family:inherit;white-space:pre-wrap\">" + escape(text) + "</pre>";
        String html = MailLayout.html(look, subject, body, footer);
        String textPart = MailLayout.text(look, text, footer);
        List<OutgoingEmail> mails = new ArrayList<>();
        for (String address : campaign.handoff().map(Campaign.Handoff::notifyAddresses).orElse(List.of())) {
            if (!address.equalsIgnoreCase(lead.email().value())) {
                mails.add(new OutgoingEmail(campaign.senderName(), new EmailAddress(address),
                        subject.replaceAll("[\r\n]+", " "), textPart, html, Map.of()));
            }
        }
        return mails;
    }

    static String text(Kind kind, Campaign campaign, Lead lead, Qualifier.Qualification q, Map<String, String> request,
                       Optional<String> ackUrl) {
        StringBuilder b = new StringBuilder();
        b.append("A lead of ").append(campaign.title()).append(' ').append(kind.says).append(".\n\n");
        ackUrl.ifPresent(url -> b.append("Taking it? Say so, and nobody gets a reminder:\n  I've got this: ")
                .append(url).append("\n\n"));
        b.append("How to reach them\n");
        line(b, "Email", lead.email().value());
        line(b, "Prefers", request.getOrDefault("channel", "email"));
        line(b, "Phone", request.getOrDefault("phone", ""));
        line(b, "Best time", request.getOrDefault("bestTime", ""));
        line(b, "Message", request.getOrDefault("message", ""));
        b.append("\nWho\n");
        new TreeMap<>(lead.fields()).forEach((k, v) -> line(b, k, v));
        line(b, "Lead id", lead.leadId());
        line(b, "Confirmed", String.valueOf(lead.confirmedAt()));
        b.append("\nQualification\n");
        line(b, "Temperature", q.temperature().lower());
        line(b, "Stage", q.stage().lower());
        line(b, "Scores", "interest " + q.score(Survey.Axis.INTEREST) + ", budget " + q.score(Survey.Axis.BUDGET)
                + ", fit " + q.score(Survey.Axis.FIT) + ", total " + q.total());
        line(b, "Tags", String.join(", ", q.tags()));
        Optional<Survey> survey = campaign.survey();
        if (survey.isPresent() && !lead.survey().isEmpty()) {
            b.append("\nAnswers\n");
            for (Survey.Question question : survey.get().questions()) {
                List<String> given = lead.survey().getOrDefault(question.id(), List.of());
                List<String> labels = given.stream().map(id -> question.option(id).map(Survey.Option::label).orElse(id))
                        .toList();
                line(b, question.text(), String.join(", ", labels));
            }
        }
        if (!lead.attribution().isEmpty()) {
            b.append("\nAttribution\n");
            new TreeMap<>(lead.attribution()).forEach((k, v) -> line(b, k, v));
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String name, String value) {
        if (value != null && !value.isBlank()) {
            b.append("  ").append(name).append(": ").append(value.replace("\n", "\n    ")).append('\n');
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
