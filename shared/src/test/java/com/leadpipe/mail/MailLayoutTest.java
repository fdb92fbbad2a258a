package com.leadpipe.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.testing.DesignSamples;
import com.leadpipe.unsubscribe.UnsubscribeLinks;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** Every campaign mail in the one layout, with the headers bulk senders are held to. */
class MailLayoutTest {

    static final Map<String, OutgoingEmail> MAILS = DesignSamples.mails();

    @Test
    void aButtonSectionIsATableCellInHtmlAndLabelColonLinkInText() {
        // GIVEN the demo's welcome mail, whose template marks its download link as a button
        OutgoingEmail welcome = MAILS.get("nurture-welcome");
        Document html = Jsoup.parse(welcome.html());

        // THEN the HTML part has a bulletproof button in the accent colour, the text part the link written out
        assertThat(html.selectFirst("table[role=presentation] td[style*=background:#4338ca] a.lp-button")
                .attr("href")).isEqualTo("https://www.example.com/lean-launch-checklist.pdf");
        assertThat(welcome.text()).contains("https://www.example.com/lean-launch-checklist.pdf")
                .doesNotContain("<a", "{{");
        assertThat(MAILS.get("confirmation").text())
                .contains("https://lab.example.com/confirm?t=").doesNotContain("<");
    }

    @Test
    void everyMailSaysWhyItCameAndWhereTheSenderIsAndMarketingMailHasTheListHeaders() {
        // GIVEN every mail the demo sends
        MAILS.forEach((name, mail) -> {
            Document html = Jsoup.parse(mail.html());
            // THEN the footer has the reason and the postal address, in both parts
            assertThat(html.selectFirst("td.lp-foot").text()).as(name).contains("You get this")
                    .contains("548 Market St #1200, San Francisco");
            assertThat(mail.text()).as(name).contains("You get this").contains("548 Market St #1200");
            assertThat(html.selectFirst("img[alt=Lean Launch Lab]")).as(name).isNotNull();
        });
        MAILS.entrySet().stream().filter(e -> e.getKey().startsWith("nurture-")).forEach(e -> {
            OutgoingEmail mail = e.getValue();
            // AND marketing mail names its list, takes replies and unsubscribes in one click, visibly once
            assertThat(mail.headers()).as(e.getKey()).containsEntry("List-Id", "<demo.lab.example.com>")
                    .containsEntry("Reply-To", "hello@example.com")
                    .containsEntry(UnsubscribeLinks.LIST_UNSUBSCRIBE_POST, UnsubscribeLinks.ONE_CLICK);
            assertThat(mail.headers().get(UnsubscribeLinks.LIST_UNSUBSCRIBE)).startsWith("<https://lab.example.com/unsubscribe?t=");
            assertThat(Jsoup.parse(mail.html()).select("a[href^=https://lab.example.com/unsubscribe]")).hasSize(1);
            assertThat(mail.text().split("/unsubscribe\\?t=", -1)).as(e.getKey()).hasSize(2);
        });
    }

    @Test
    void aMailtoUnsubscribeGoesBesideTheHttpsOne() {
        // GIVEN a campaign mailbox for unsubscribe requests
        Map<String, String> headers = UnsubscribeLinks.headers("https://lab.example.com/unsubscribe?t=demo.abc",
                java.util.Optional.of("unsubscribe@example.com"));

        // THEN List-Unsubscribe offers both, https first, and one-click stays
        assertThat(headers).containsEntry(UnsubscribeLinks.LIST_UNSUBSCRIBE,
                "<https://lab.example.com/unsubscribe?t=demo.abc>, <mailto:unsubscribe@example.com?subject=unsubscribe%20demo.abc>")
                .containsEntry(UnsubscribeLinks.LIST_UNSUBSCRIBE_POST, UnsubscribeLinks.ONE_CLICK);
    }
}
