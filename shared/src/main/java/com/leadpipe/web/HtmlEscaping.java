package com.leadpipe.web;

import com.samskivert.mustache.Escapers;
import com.samskivert.mustache.Mustache;

/**
 * One Mustache compiler for HTML everywhere (pages and mail). Escapes the five characters that
 * matter in text and quoted attributes; jmustache's default also turns {@code =} into
 * {@code &#x3D;}, which mangles URLs in mail clients that don't decode entities in links.
 * Templates must therefore quote every attribute.
 */
public final class HtmlEscaping {

    public static final Mustache.Compiler COMPILER = Mustache.compiler()
            .withEscaper(Escapers.simple(new String[][] {
                {"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}, {"'", "&#39;"}}))
            .defaultValue("")
            // {{#x}} sections skip empty strings too, as template authors expect.
            .emptyStringIsFalse(true);

    private HtmlEscaping() {
    }
}
