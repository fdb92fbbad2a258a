package com.leadpipe.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalPagesTest {

    @Test
    void linksInTextBecomeClickableAndTheRestIsEscaped() {
        String html = LocalPages.linkify("Open http://localhost:3000/confirm?t=demo.a_b-c&x=1.\n<b>not bold</b>");

        assertThat(html).isEqualTo("Open <a href=\"http://localhost:3000/confirm?t=demo.a_b-c&amp;x=1\">"
                + "http://localhost:3000/confirm?t=demo.a_b-c&amp;x=1</a>.\n&lt;b&gt;not bold&lt;/b&gt;");
    }

    @Test
    void mailLinksOpenInPlaceOfTheMailboxPage() {
        assertThat(LocalPages.withTopTarget("<p><a href=\"x\">x</a></p>")).startsWith("<base target=\"_top\"><p>");
        assertThat(LocalPages.withTopTarget("<!doctype html><html><HEAD lang=en><title>t</title></head></html>"))
                .isEqualTo("<!doctype html><html><HEAD lang=en><base target=\"_top\"><title>t</title></head></html>");
    }
}
