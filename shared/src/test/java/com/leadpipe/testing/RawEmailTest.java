package com.leadpipe.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawEmailTest {

    @Test
    void readsHeadersAndBothPartsOfANestedMultipart() {
        // GIVEN mixed(alternative(text, html), attachment), folded header, base64 html
        String html = "<p>Grüße</p>";
        String raw = String.join("\r\n",
                "From: \"Lead, Pipe\" <news@leadpipe.test>",
                "To: \"Doe, Jane\" <jane@example.com>, bob@example.com",
                "Cc: Carol <carol@example.com>",
                "Subject: =?UTF-8?B?R3LDvMOfZQ==?= =?UTF-8?Q?_aus_Berlin?=",
                "List-Unsubscribe: <https://example.com/u/1>,",
                " <mailto:unsubscribe@leadpipe.test>",
                "Content-Type: multipart/mixed; boundary=outer",
                "",
                "preamble",
                "--outer",
                "Content-Type: multipart/alternative; boundary=\"inner\"",
                "",
                "--inner",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "Link: https://example.com/c/=",
                "abc=3D1",
                "--inner",
                "Content-Type: text/html; charset=utf-8",
                "Content-Transfer-Encoding: base64",
                "",
                Base64.getMimeEncoder().encodeToString(html.getBytes(StandardCharsets.UTF_8)),
                "--inner--",
                "--outer",
                "Content-Type: text/plain",
                "Content-Disposition: attachment; filename=terms.txt",
                "",
                "not the body",
                "--outer--",
                "");

        // WHEN
        RawEmail.Parsed parsed = RawEmail.parse(raw);

        // THEN
        assertThat(parsed.header("subject")).isEqualTo("Grüße aus Berlin");
        assertThat(parsed.header("List-Unsubscribe"))
                .isEqualTo("<https://example.com/u/1>, <mailto:unsubscribe@leadpipe.test>");
        assertThat(parsed.text()).isEqualTo("Link: https://example.com/c/abc=1");
        assertThat(parsed.html()).isEqualTo(html);
        assertThat(parsed.recipients()).containsExactly("jane@example.com", "bob@example.com", "carol@example.com");
    }

    @Test
    void singlePartWithoutContentTypeIsText() {
        // WHEN
        RawEmail.Parsed parsed = RawEmail.parse("Subject: hi\nTo: a@example.com\n\nplain body");

        // THEN
        assertThat(parsed.text()).isEqualTo("plain body");
        assertThat(parsed.html()).isNull();
    }

    @Test
    void distinctBareDropsDisplayNamesAndRepeats() {
        // WHEN moto lists a raw recipient from the envelope and again from the To header
        List<String> addresses = RawEmail.distinctBare(List.of("a@example.com", "A <A@example.com>", "b@example.com"));

        // THEN
        assertThat(addresses).containsExactly("a@example.com", "b@example.com");
    }
}
