package com.leadpipe.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.testing.MimeMail;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MimeWriterTest {

    static final ZonedDateTime DATE = ZonedDateTime.of(2026, 11, 23, 10, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void unicodeSubjectSenderAndBodiesSurviveARealMimeParser() {
        String subject = "Bestätige deine Anmeldung – “Lean Launch” Checkliste für Gründer:innen 🚀 ".repeat(2);
        String text = "Hallo Zoë,\r\nbitte bestätigen: https://x.example/confirm?t=demo.abc\r\n" + "lange Zeile ".repeat(40);
        String html = "<p>Hallo <b>Zoë</b> 🚀</p>";

        byte[] raw = MimeWriter.write(SesMailSender.from("Zoë’s Café", "hello@example.com"), "ada@example.com",
                subject, text, html, Map.of("List-Unsubscribe", "<https://x.example/unsubscribe?t=1>",
                        "List-Unsubscribe-Post", "List-Unsubscribe=One-Click"), DATE, "example.com");
        MimeMail mail = MimeMail.parse(raw);

        assertThat(mail.subject()).isEqualTo(subject);
        assertThat(mail.from()).isEqualTo("Zoë’s Café <hello@example.com>");
        assertThat(mail.to()).containsExactly("ada@example.com");
        assertThat(mail.text()).isEqualTo(text);
        assertThat(mail.html()).isEqualTo(html);
        assertThat(mail.headers()).containsEntry("List-Unsubscribe", "<https://x.example/unsubscribe?t=1>")
                .containsEntry("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
                .containsEntry("Date", "Mon, 23 Nov 2026 10:00:00 GMT");
        // Folded as RFC 5322 recommends: no line of this message over 78 characters.
        assertThat(new String(raw, java.nio.charset.StandardCharsets.US_ASCII).split("\r\n"))
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
    }

    @Test
    void plainAsciiNamesAreQuotedAndHeaderInjectionIsRefused() {
        assertThat(SesMailSender.from("Leadpipe Demo", "a@b.c")).isEqualTo("\"Leadpipe Demo\" <a@b.c>");
        assertThatThrownBy(() -> MimeWriter.write("a@b.c", "d@e.f", "s", "t", "h",
                Map.of("X-Evil", "x\r\nBcc: victim@example.com"), DATE, "b.c"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
