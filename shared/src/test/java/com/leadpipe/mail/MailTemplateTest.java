package com.leadpipe.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.web.HtmlEscaping;
import com.samskivert.mustache.Mustache;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The mail renderer must give exactly what jmustache (the pages' engine) gives for the subset it supports. */
class MailTemplateTest {

    static final Mustache.Compiler TEXT = Mustache.compiler().escapeHTML(false).defaultValue("").emptyStringIsFalse(true);

    static final Map<String, Object> MODEL = new HashMap<>(Map.of(
            "firstName", "Zoë <b>&\"'",
            "empty", "",
            "confirmUrl", "https://x.example/confirm?t=demo.a=b&c",
            "campaignTitle", "Launch"));

    @ParameterizedTest
    @ValueSource(strings = {
            "Hi {{firstName}}!",
            "Hi{{#firstName}} {{firstName}}{{/firstName}},",
            "{{^empty}}nothing{{/empty}} and {{#empty}}never{{/empty}}",
            "{{{firstName}}} / {{& firstName}}",
            "<a href=\"{{confirmUrl}}\">{{campaignTitle}}</a>",
            "{{! a comment }}text",
            "line one\n{{#firstName}}\nstandalone\n{{/firstName}}\nline three\n",
            "{{missing}}|{{#missing}}x{{/missing}}|{{^missing}}y{{/missing}}",
            "no tags at all"})
    void rendersLikeJmustache(String template) {
        assertThat(MailTemplate.compile(template).execute(MODEL, false)).isEqualTo(TEXT.compile(template).execute(MODEL));
        assertThat(MailTemplate.compile(template).execute(MODEL, true))
                .isEqualTo(HtmlEscaping.COMPILER.compile(template).execute(MODEL));
    }

    @Test
    void theDemoConfirmationMailRendersLikeJmustache() {
        Campaign.Confirmation c = CampaignCatalog.fromClasspath().find("demo").orElseThrow().confirmation();

        for (String part : new String[] {c.subject(), c.text(), c.html()}) {
            assertThat(MailTemplate.compile(part).execute(MODEL, true))
                    .isEqualTo(HtmlEscaping.COMPILER.compile(part).execute(MODEL));
        }
    }

    @Test
    void refusesWhatItDoesNotSupport() {
        assertThatThrownBy(() -> MailTemplate.compile("{{> partial}}")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> MailTemplate.compile("{{#open}}never closed")).isInstanceOf(RuntimeException.class);
    }
}
