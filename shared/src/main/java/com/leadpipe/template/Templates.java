package com.leadpipe.template;

import com.samskivert.mustache.Escapers;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

/**
 * The one template engine, jmustache, in its two configurations: {@link #HTML} for pages and the
 * HTML part of mail, {@link #TEXT} for subjects and text parts (nothing escaped: a text/plain
 * body shows {@code &amp;} literally). Both render missing values as empty, and a section
 * ({@code {{#x}}}) skips false, empty lists, missing values and empty text; a list runs its
 * section once per item, anything else once (README, "Campaign files").
 */
public final class Templates {

    /**
     * Escapes the five characters that matter in text and quoted attributes; jmustache's default
     * also turns {@code =} into {@code &#x3D;}, which mangles URLs in mail clients that don't decode
     * entities in links. Templates must therefore quote every attribute.
     */
    public static final Mustache.Compiler HTML = Mustache.compiler()
            .withEscaper(Escapers.simple(new String[][] {
                {"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}, {"'", "&#39;"}}))
            .defaultValue("")
            .emptyStringIsFalse(true);

    public static final Mustache.Compiler TEXT = Mustache.compiler()
            .escapeHTML(false)
            .defaultValue("")
            .emptyStringIsFalse(true);

    private Templates() {
    }

    /** One of our own templates, {@code templates/<name>.mustache} on the classpath. */
    public static String resource(String name) {
        String path = "templates/" + name + ".mustache";
        try (java.io.InputStream in = Templates.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing " + path);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** @throws com.samskivert.mustache.MustacheException saying what is wrong (with its line) */
    public static Template html(String source) {
        return HTML.compile(source);
    }

    /** @throws com.samskivert.mustache.MustacheException saying what is wrong (with its line) */
    public static Template text(String source) {
        return TEXT.compile(source);
    }
}
