package com.leadpipe.mail;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.template.MailParts;
import com.leadpipe.template.Templates;
import com.leadpipe.web.PageLook;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one layout every campaign mail is sent in (confirmation, nurture, notices): a whole HTML
 * document (doctype, charset, title) of presentation tables with inline CSS, at most 600 px wide,
 * readable in dark mode, with the brand's logo or name on top and a footer saying why the person
 * gets the mail, the unsubscribe link (marketing mail) and the sender's postal address (CAN-SPAM).
 * The text part gets the same footer in words, links written out.
 *
 * <p>Templates mark a call to action with {@code {{#button}}<a href="{{url}}">Label</a>{{/button}}}:
 * in HTML it becomes a "bulletproof" button (a table cell with the accent colour, which Outlook
 * draws too); in the text part, {@code Label: url}.
 */
public final class MailLayout {

    private static final Template HTML = Templates.html(Templates.resource("mail"));
    private static final Template BUTTON = Templates.html(Templates.resource("mail-button"));
    private static final Pattern ANCHOR = Pattern.compile(
            "\\s*<a\\s[^>]*?href=\"([^\"]+)\"[^>]*>(.*?)</a>\\s*", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern TAG = Pattern.compile("<[^>]+>");

    private MailLayout() {
    }

    /**
     * @param why            the footer's first line: why this person gets this mail
     * @param unsubscribeUrl the one-click link of a marketing mail; empty for the confirmation and notices
     */
    public record Footer(String why, Optional<String> unsubscribeUrl) {
    }

    /**
     * Renders a campaign mail's templates with the button marker and wraps both parts in the layout.
     *
     * @param values the mail's values by name, as the README lists them per mail
     */
    public static MailParts.Rendered render(Campaign campaign, MailParts mail, Map<String, ?> values, Footer footer) {
        PageLook look = PageLook.of(campaign);
        Map<String, Object> htmlModel = new HashMap<>(values);
        htmlModel.put("button", htmlButton(look));
        Map<String, Object> textModel = new HashMap<>(values);
        textModel.put("button", TEXT_BUTTON);
        String subject = mail.template("subject").execute(textModel).replaceAll("[\r\n]+", " ");
        return new MailParts.Rendered(subject, text(look, mail.template("text").execute(textModel), footer),
                html(look, subject, mail.template("html").execute(htmlModel), footer));
    }

    /** A whole HTML document around {@code body}, an already escaped fragment. */
    public static String html(PageLook look, String subject, String body, Footer footer) {
        Map<String, Object> model = new HashMap<>();
        model.put("look", look.model());
        model.put("subject", subject);
        model.put("body", body.strip());
        model.put("why", footer.why());
        model.put("unsubscribeUrl", footer.unsubscribeUrl().orElse(""));
        return HTML.execute(model);
    }

    /** The text part: the body, then the footer in words with every link written out. */
    public static String text(PageLook look, String body, Footer footer) {
        StringBuilder out = new StringBuilder(body.stripTrailing()).append("\n\n-- \n").append(footer.why()).append('\n');
        footer.unsubscribeUrl().ifPresent(url -> out.append("Unsubscribe with one click: ").append(url).append('\n'));
        look.privacyUrl().ifPresent(url -> out.append("Privacy policy: ").append(url).append('\n'));
        out.append(look.brandName());
        if (!look.postalAddress().isBlank()) {
            out.append(", ").append(look.postalAddress());
        }
        return out.append('\n').toString();
    }

    /** Reply-To, when the campaign sets one; values are ASCII (the schema allows nothing else). */
    public static Map<String, String> senderHeaders(Campaign campaign) {
        Map<String, String> headers = new LinkedHashMap<>();
        campaign.sender().replyTo().ifPresent(address -> headers.put("Reply-To", address));
        return headers;
    }

    private static Mustache.Lambda htmlButton(PageLook look) {
        Map<String, Object> style = look.model();
        return (fragment, out) -> {
            String inner = fragment.execute();
            Matcher m = ANCHOR.matcher(inner);
            if (!m.matches()) {
                out.write(inner); // not a single link: leave it as written
                return;
            }
            Map<String, Object> model = new HashMap<>(style);
            model.put("href", m.group(1)); // already escaped by the template that rendered it
            model.put("label", m.group(2));
            BUTTON.execute(model, out);
        };
    }

    private static final Mustache.Lambda TEXT_BUTTON = (fragment, out) -> {
        String inner = fragment.execute();
        Matcher m = ANCHOR.matcher(inner);
        out.write(m.matches() ? TAG.matcher(m.group(2)).replaceAll("").strip() + ": " + m.group(1) : inner);
    };
}
