package com.leadpipe.testing;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.campaign.Sequence;
import com.leadpipe.campaign.Survey;
import com.leadpipe.captcha.CaptchaProvider;
import com.leadpipe.email.EmailAddress;
import com.leadpipe.handoff.HandoffNotice;
import com.leadpipe.mail.ConfirmationMail;
import com.leadpipe.mail.MimeWriter;
import com.leadpipe.mail.OutgoingEmail;
import com.leadpipe.nurture.NurtureMail;
import com.leadpipe.store.Records;
import com.leadpipe.survey.Qualifier;
import com.leadpipe.unsubscribe.UnsubscribeLinks;
import com.leadpipe.web.CampaignPages;
import com.leadpipe.web.PageLook;
import com.leadpipe.web.Pages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One of every page type and every mail of the demo campaign, rendered by the production code:
 * what the HTML checker, axe-core and the screenshots look at. Pages by name ({@code landing},
 * {@code survey-done}, ...); mails as their rendered message.
 */
public final class DesignSamples {

    public static final String BASE = "https://lab.example.com";
    static final String TOKEN = "demo.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde";
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private DesignSamples() {
    }

    public static Campaign demo() {
        return CampaignCatalog.fromClasspath().find("demo").orElseThrow();
    }

    /** The campaign with a captcha on its form (every other setting kept). */
    public static Campaign withCaptcha(Campaign c, Campaign.Captcha captcha) {
        return new Campaign(c.id(), c.title(), c.sender(), c.brand(), c.consent(), c.page(), c.fields(),
                c.confirmation(), c.thanks(), c.confirmed(), c.embed(), c.survey(), c.sequence(), c.handoff(),
                Optional.of(captcha));
    }

    /** Every page a visitor can see, by name, as the functions render them. */
    public static Map<String, String> pages() {
        Campaign demo = demo();
        Survey survey = demo.survey().orElseThrow();
        PageLook look = PageLook.of(demo);
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("landing", Pages.form(demo, "/c/demo/subscribe", Map.of(), Map.of()));
        pages.put("landing-errors", Pages.form(demo, "/c/demo/subscribe", Map.of("email", "ada@", "firstName", "Ada"),
                Map.of("email", "Enter an email address like name@example.com.",
                        "consent", "Tick the box to say you agree to get these emails.")));
        for (CaptchaProvider provider : CaptchaProvider.values()) {
            pages.put("landing-" + provider.id(), Pages.form(withCaptcha(demo, new Campaign.Captcha(provider,
                    "1x00000000000000000000AA", false)), "/c/demo/subscribe", Map.of(), Map.of()));
        }
        pages.put("thanks", CampaignPages.thanks(demo, "", Optional.of(TOKEN)).body());
        pages.put("confirm", Pages.confirmPrompt(demo, "/confirm", TOKEN).body());
        pages.put("confirmed", CampaignPages.confirmed(demo, "", false, Optional.of(TOKEN), Optional.of(TOKEN)).body());
        pages.put("survey", CampaignPages.survey(demo, survey, "", 200, TOKEN,
                Map.of("stage", List.of("launched"), "urgency", List.of("4")), Map.of(), false).body());
        pages.put("survey-errors", CampaignPages.survey(demo, survey, "", 422, TOKEN, Map.of(),
                Map.of("q.stage", "Please answer this question.", "q.budget", "Please answer this question."),
                false).body());
        pages.put("survey-done", CampaignPages.survey(demo, survey, "", 200, TOKEN, Map.of(), Map.of(), true,
                Optional.of(BASE + "/c/demo/talk?t=" + TOKEN)).body());
        pages.put("unsubscribe", Pages.unsubscribePrompt(look, demo.title(), "/unsubscribe", TOKEN).body());
        pages.put("unsubscribed", Pages.message(look, "You're unsubscribed", "You're unsubscribed",
                List.of("You won't get any more emails from " + demo.title() + ".",
                        "Changed your mind? You can sign up again at any time."),
                Optional.of("/c/demo"), "Sign up again", Optional.empty()));
        pages.put("talk", Pages.handoffForm(look, demo.handoff().orElseThrow(), "/c/demo/talk", TOKEN, Map.of(),
                Optional.empty()).body());
        pages.put("talk-thanks", CampaignPages.message(demo, 200, demo.handoff().orElseThrow().thanks().headline(),
                List.of(demo.handoff().orElseThrow().thanks().copy()), Optional.empty(), "").body());
        pages.put("talk-ack", Pages.handoffAckPrompt(look, demo.title(), "at 2026-12-02T09:30:00Z",
                "/c/demo/talk/ack", TOKEN).body());
        pages.put("link-expired", CampaignPages.linkExpired(Optional.of(demo), "").body());
        pages.put("link-invalid", CampaignPages.linkInvalid(Optional.empty(), "").body());
        pages.put("error", Pages.message("Something went wrong", "Something went wrong",
                List.of("Something went wrong on our side. Please try again."), Optional.empty(), ""));
        return pages;
    }

    /** Every mail the demo campaign sends: the confirmation, each nurture step, the hand-off notice. */
    public static Map<String, OutgoingEmail> mails() {
        Campaign demo = demo();
        Records.Lead lead = lead();
        Map<String, OutgoingEmail> mails = new LinkedHashMap<>();
        mails.put("confirmation", ConfirmationMail.render(demo, lead.email(), lead.fields(),
                BASE + "/confirm?t=" + TOKEN));
        UnsubscribeLinks.Link link = new UnsubscribeLinks.Link(BASE + "/unsubscribe?t=" + TOKEN, NOW.plusSeconds(86400));
        for (Sequence.Step step : demo.sequence().orElseThrow().steps()) {
            mails.put("nurture-" + step.id(), NurtureMail.compose(demo, lead, step, link,
                    Optional.of(BASE + "/c/demo/talk?t=" + TOKEN)));
        }
        mails.put("handoff-notice", HandoffNotice.mails(demo, lead, lead.qualification(),
                Map.of("channel", "phone", "phone", "+1 415 555 0100", "bestTime", "Weekday mornings",
                        "message", "We launch in March and want to get pricing right.")).get(0));
        return mails;
    }

    /** The message as SES gets it (From, Date and Message-ID as the sender sets them), for spam filters. */
    public static byte[] mime(OutgoingEmail mail) {
        return MimeWriter.write("\"" + mail.senderName() + "\" <hello@lab.example.com>", mail.to().value(), mail.subject(),
                mail.text(), mail.html(), mail.headers(), NOW.atZone(java.time.ZoneOffset.UTC), "lab.example.com");
    }

    static Records.Lead lead() {
        try {
            return new Records.Lead("demo", "k".repeat(64), "lead-1", "sub-1", EmailAddress.parse("ada@example.com"),
                    Map.of("firstName", "Ada", "role", "Founder"), Records.LeadStatus.CONFIRMED, NOW, NOW, null, null,
                    Map.of("stage", List.of("launched"), "urgency", List.of("5"), "budget", List.of("small")),
                    new Qualifier.Qualification(Map.of(Survey.Axis.INTEREST, 8, Survey.Axis.BUDGET, 3,
                            Survey.Axis.FIT, 5), 16, Survey.Temperature.HOT, Qualifier.Stage.QUALIFIED,
                            Set.of("launched", "sales-ready")),
                    Map.of("utm_source", "newsletter"), null);
        } catch (EmailAddress.InvalidEmailException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the pages to {@code dir/pages/<name>.html} and the mails' HTML parts to
     * {@code dir/mails/<name>.html} (text parts beside them as {@code .txt}, whole messages in
     * {@code dir/eml/<name>.eml}).
     */
    public static void write(Path dir) {
        try {
            Files.createDirectories(dir.resolve("pages"));
            Files.createDirectories(dir.resolve("mails"));
            for (Map.Entry<String, String> page : pages().entrySet()) {
                Files.writeString(dir.resolve("pages").resolve(page.getKey() + ".html"), page.getValue(),
                        StandardCharsets.UTF_8);
            }
            for (Map.Entry<String, OutgoingEmail> mail : mails().entrySet()) {
                Files.writeString(dir.resolve("mails").resolve(mail.getKey() + ".html"), mail.getValue().html(),
                        StandardCharsets.UTF_8);
                Files.writeString(dir.resolve("mails").resolve(mail.getKey() + ".txt"), mail.getValue().text(),
                        StandardCharsets.UTF_8);
                Files.createDirectories(dir.resolve("eml"));
                Files.write(dir.resolve("eml").resolve(mail.getKey() + ".eml"), mime(mail.getValue()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The demo's image URLs and the files in {@code docs/demo-assets/} that stand in for them offline. */
    public static final Map<String, String> DEMO_IMAGES = Map.of(
            "https://www.example.com/images/lean-launch-lab-logo.png", "logo.png",
            "https://www.example.com/images/lean-launch-checklist.png", "hero.png");

    /**
     * The samples as {@link #write} does, with the demo's images pointing at local files: this
     * machine reaches no web site, and a screenshot should show what a visitor sees.
     */
    public static void writePreview(Path dir, Path assets) {
        write(dir);
        try (var files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
                String html = Files.readString(file, StandardCharsets.UTF_8);
                for (Map.Entry<String, String> image : DEMO_IMAGES.entrySet()) {
                    html = html.replace(image.getKey(), assets.resolve(image.getValue()).toAbsolutePath().toUri().toString());
                }
                Files.writeString(file, html, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
