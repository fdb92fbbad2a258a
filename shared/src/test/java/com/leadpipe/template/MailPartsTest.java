package com.leadpipe.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.campaign.Sequence;
import com.leadpipe.campaign.Survey.Temperature;
import com.leadpipe.email.EmailAddress;
import com.leadpipe.mail.ConfirmationMail;
import com.leadpipe.mail.OutgoingEmail;
import com.leadpipe.nurture.NurtureMail;
import com.leadpipe.store.Records;
import com.leadpipe.survey.Qualifier;
import com.leadpipe.unsubscribe.UnsubscribeLinks;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What sections mean in campaign templates: jmustache's meaning, the same for the check and the
 * mail. Before, nurture steps were checked by a Mustache subset that took {{#tags}} as "shown once
 * if there are tags" and rendered by jmustache, which runs it once per tag.
 */
class MailPartsTest {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    static String text(String template, Map<String, ?> model) {
        return MailParts.compile("s", template, "h").render(model).text();
    }

    @Test
    void aListSectionRunsOncePerItemWithTheItemAsDot() {
        assertThat(text("{{#tags}}[{{.}}]{{/tags}}", Map.of("tags", List.of("a", "b")))).isEqualTo("[a][b]");
        assertThat(text("{{#tags}}{{.}}{{^-last}}, {{/-last}}{{/tags}}", Map.of("tags", List.of("a", "b", "c"))))
                .isEqualTo("a, b, c");
    }

    @Test
    void emptyListsMissingValuesEmptyTextAndFalseSkipASectionAndShowItsInverse() {
        for (Map<String, ?> model : List.<Map<String, ?>>of(Map.of("x", List.of()), Map.of(), Map.of("x", ""),
                Map.of("x", false))) {
            assertThat(text("{{#x}}shown{{/x}}{{^x}}inverse{{/x}}", model)).as(model.toString()).isEqualTo("inverse");
        }
    }

    @Test
    void textOrTrueRunsASectionOnceAndTheNameStillMeansTheValue() {
        assertThat(text("Hi{{#firstName}} {{firstName}}{{/firstName}},", Map.of("firstName", "Ada"))).isEqualTo("Hi Ada,");
        assertThat(text("{{#ok}}once{{/ok}}", Map.of("ok", true))).isEqualTo("once");
        assertThat(text("{{missing}}|{{#missing}}x{{/missing}}", Map.of())).isEqualTo("|");
    }

    @Test
    void onlyTheHtmlPartIsEscapedAndTheSubjectIsOneLine() {
        Map<String, Object> model = Map.of("name", "Zoë <b>&\"'", "url", "https://x.example/c?t=a=b&c");
        MailParts.Rendered mail = MailParts.compile("Hi {{name}}\nthere", "{{name}} {{url}}",
                "<a href=\"{{url}}\">{{name}}</a>").render(model);

        assertThat(mail.subject()).isEqualTo("Hi Zoë <b>&\"' there");
        assertThat(mail.text()).isEqualTo("Zoë <b>&\"' https://x.example/c?t=a=b&c");
        assertThat(mail.html()).isEqualTo("<a href=\"https://x.example/c?t=a=b&amp;c\">Zoë &lt;b&gt;&amp;&quot;&#39;</a>");
    }

    @Test
    void aPartThatDoesNotCompileIsNamed() {
        assertThatThrownBy(() -> MailParts.compile("ok", "{{#open}}never closed", "ok"))
                .isInstanceOf(MailParts.InvalidTemplate.class)
                .satisfies(e -> assertThat(((MailParts.InvalidTemplate) e).part()).isEqualTo("text"));
    }

    @Test
    void nurtureMailLoopsOverTheLeadsTags() {
        Campaign demo = CampaignCatalog.fromClasspath().find("demo").orElseThrow();
        Sequence.Step step = new Sequence.Step("tags", java.time.Duration.ZERO, Sequence.After.PREVIOUS, Optional.empty(),
                MailParts.compile("{{#tags}}{{.}} {{/tags}}", "{{#tags}}- {{.}}\n{{/tags}}{{^tags}}no tags{{/tags}}",
                        "<ul>{{#tags}}<li>{{.}}</li>{{/tags}}</ul>"));

        OutgoingEmail mail = NurtureMail.compose(demo, lead(Set.of("launched", "big-budget")), step,
                new UnsubscribeLinks.Link("https://x.example/unsubscribe?t=demo.x", NOW));

        assertThat(mail.subject()).isEqualTo("big-budget launched ");
        assertThat(mail.text()).startsWith("- big-budget\n- launched\n");
        assertThat(mail.html()).startsWith("<!doctype html>").contains("<ul><li>big-budget</li><li>launched</li></ul>");
        assertThat(NurtureMail.compose(demo, lead(Set.of()), step,
                new UnsubscribeLinks.Link("https://x.example/unsubscribe?t=demo.x", NOW)).text()).startsWith("no tags");
    }

    @Test
    void theDemoConfirmationRendersFromTheCompiledTemplates() throws Exception {
        Campaign demo = CampaignCatalog.fromClasspath().find("demo").orElseThrow();

        OutgoingEmail mail = ConfirmationMail.render(demo, EmailAddress.parse("ada@example.com"),
                Map.of("firstName", "Ada <&>"), "https://x.example/confirm?t=demo.a=b&c");

        assertThat(mail.text()).startsWith("Hi Ada <&>,").contains("https://x.example/confirm?t=demo.a=b&c");
        assertThat(mail.html()).startsWith("<!doctype html>").contains("<p>Hi Ada &lt;&amp;&gt;,</p>")
                .contains("href=\"https://x.example/confirm?t=demo.a=b&amp;c\"");
    }

    static Records.Lead lead(Set<String> tags) {
        try {
            return new Records.Lead("demo", "k".repeat(64), "lead-1", "sub-1", EmailAddress.parse("ada@example.com"),
                    Map.of("firstName", "Ada"), Records.LeadStatus.CONFIRMED, NOW, NOW, null, null, Map.of(),
                    new Qualifier.Qualification(Map.of(), 0, Temperature.HOT, Qualifier.Stage.QUALIFIED, tags),
                    Map.of(), null);
        } catch (EmailAddress.InvalidEmailException e) {
            throw new IllegalStateException(e);
        }
    }
}
