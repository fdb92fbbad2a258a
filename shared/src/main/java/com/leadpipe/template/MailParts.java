package com.leadpipe.template;

import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.util.Objects;

/**
 * A mail's subject, text and HTML body: the campaign file's sources and their jmustache
 * templates, compiled once when the campaign is read (never per message). The subject and text
 * are not HTML-escaped; the HTML part is. Equal when the sources are.
 */
public final class MailParts {

    /** One rendered mail; the subject is always one line. */
    public record Rendered(String subject, String text, String html) {
    }

    /** A part that does not compile; {@link #part()} is {@code subject}, {@code text} or {@code html}. */
    public static final class InvalidTemplate extends IllegalArgumentException {
        private final String part;

        InvalidTemplate(String part, MustacheException cause) {
            super(cause.getMessage(), cause);
            this.part = part;
        }

        public String part() {
            return part;
        }
    }

    private final String subject;
    private final String text;
    private final String html;
    private final Template subjectTemplate;
    private final Template textTemplate;
    private final Template htmlTemplate;

    private MailParts(String subject, String text, String html) {
        this.subject = subject;
        this.text = text;
        this.html = html;
        this.subjectTemplate = compile("subject", subject, false);
        this.textTemplate = compile("text", text, false);
        this.htmlTemplate = compile("html", html, true);
    }

    /** @throws InvalidTemplate for the first part that does not compile */
    public static MailParts compile(String subject, String text, String html) {
        return new MailParts(subject, text, html);
    }

    private static Template compile(String part, String source, boolean html) {
        try {
            return html ? Templates.html(source) : Templates.text(source);
        } catch (MustacheException e) {
            throw new InvalidTemplate(part, e);
        }
    }

    /** @param model the values by name (a map), as the README lists them per mail */
    public Rendered render(Object model) {
        return new Rendered(subjectTemplate.execute(model).replaceAll("[\r\n]+", " "), textTemplate.execute(model),
                htmlTemplate.execute(model));
    }

    public String subject() {
        return subject;
    }

    public String text() {
        return text;
    }

    public String html() {
        return html;
    }

    /** The compiled template of a part, for checks that walk it ({@link Template#visit}). */
    public Template template(String part) {
        return switch (part) {
            case "subject" -> subjectTemplate;
            case "text" -> textTemplate;
            case "html" -> htmlTemplate;
            default -> throw new IllegalArgumentException("no mail part " + part);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MailParts m && m.subject.equals(subject) && m.text.equals(text) && m.html.equals(html);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, text, html);
    }

    @Override
    public String toString() {
        return "MailParts[subject=" + subject + "]";
    }
}
