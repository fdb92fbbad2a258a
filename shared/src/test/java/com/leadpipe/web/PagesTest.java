package com.leadpipe.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignReader;
import com.leadpipe.http.HttpResponse;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class PagesTest {

    static final String XSS = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>";

    static final Campaign HOSTILE = CampaignReader.fromYaml("x.yaml", """
            id: x
            title: "T <b>bold</b>"
            sender: {name: T}
            consent: {version: "1", text: "I agree <script>alert(3)</script>"}
            page: {headline: "<h1>Head</h1>", copy: "<iframe src=x>", bullets: ["<b>one</b>"]}
            fields:
              - {name: firstName, label: "<i>Name</i>"}
              - {name: plan, label: Plan, type: choice, options: ["<o>", "Pro"]}
            confirmation: {subject: S, text: "{{confirmUrl}}", html: "{{confirmUrl}}"}
            thanks: {headline: T}
            confirmed: {headline: C}
            """);

    @Test
    void formHasEveryControlAndEscapesCampaignAndVisitorValues() {
        String html = Pages.form(HOSTILE, "/c/x/subscribe", Map.of("email", XSS, "firstName", XSS, "consent", "yes"),
                Map.of("email", "Enter your email address."));
        Document doc = Jsoup.parse(html);

        assertThat(doc.select("script")).isEmpty();
        assertThat(doc.select("iframe, img[onerror], b, i, o")).isEmpty();
        assertThat(doc.selectFirst("form").attr("method")).isEqualTo("post");
        assertThat(doc.selectFirst("form").attr("action")).isEqualTo("/c/x/subscribe");
        assertThat(doc.selectFirst("input#email").attr("value")).isEqualTo(XSS);
        assertThat(doc.selectFirst("input#email").attr("type")).isEqualTo("email");
        assertThat(doc.selectFirst("input#email").attr("aria-invalid")).isEqualTo("true");
        assertThat(doc.selectFirst("#email-error").text()).isEqualTo("Enter your email address.");
        assertThat(doc.selectFirst("input#firstName").attr("value")).isEqualTo(XSS);
        assertThat(doc.selectFirst("label[for=firstName]").text()).contains("<i>Name</i>");
        assertThat(doc.select("select#plan option")).extracting(o -> o.attr("value")).containsExactly("", "<o>", "Pro");
        assertThat(doc.selectFirst("input#consent[type=checkbox]")).isNotNull();
        assertThat(doc.selectFirst("label[for=consent]").text()).contains("I agree <script>alert(3)</script>");
        assertThat(doc.selectFirst("input#website").attr("tabindex")).isEqualTo("-1");
        assertThat(doc.selectFirst("#error-summary a[href=#email]")).isNotNull();
        assertThat(doc.title()).isEqualTo("Error: T <b>bold</b>");
        assertThat(html.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(30 * 1024);
    }

    @Test
    void aFreshFormMarksNothingInvalidAndShowsNoEmptyImage() {
        Campaign plain = CampaignReader.fromYaml("p.yaml", """
                id: p
                title: "Plain"
                sender: {name: P}
                consent: {version: "1", text: "I agree"}
                page: {headline: "Head"}
                fields:
                  - {name: firstName, label: Name}
                  - {name: plan, label: Plan, type: choice, options: [Pro]}
                confirmation: {subject: S, text: "{{confirmUrl}}", html: "{{confirmUrl}}"}
                thanks: {headline: T}
                confirmed: {headline: C}
                """);
        Document doc = Jsoup.parse(Pages.form(plain, "/c/p/subscribe", Map.of(), Map.of()));

        assertThat(doc.select("[aria-invalid], [aria-describedby], .error, #error-summary")).isEmpty();
        assertThat(doc.select("img")).isEmpty(); // no page.imageUrl
        assertThat(doc.select("main > p")).isEmpty(); // no page.copy
    }

    @Test
    void surveyHasAFieldsetPerQuestionAndEscapesPostedText() {
        var demo = com.leadpipe.campaign.CampaignCatalog.fromClasspath().find("demo").orElseThrow();
        String html = Pages.survey(demo.survey().orElseThrow(), "/c/demo/survey", "demo.tok",
                Map.of("q.goal", java.util.List.of(XSS), "q.channels", java.util.List.of("ads", "email")),
                Map.of("q.budget", "Please answer this question.", "q.nope", "There is no such question."), false);
        Document doc = Jsoup.parse(html);

        assertThat(doc.select("script, img[onerror]")).isEmpty();
        assertThat(doc.select("form fieldset legend")).hasSize(5);
        assertThat(doc.selectFirst("input[type=hidden][name=t]").attr("value")).isEqualTo("demo.tok");
        assertThat(doc.select("input[type=radio][name=q.stage]")).hasSize(3);
        assertThat(doc.select("input[type=radio][name=q.urgency]")).extracting(e -> e.attr("value"))
                .containsExactly("1", "2", "3", "4", "5");
        assertThat(doc.select("input[type=checkbox][name=q.channels][checked]")).extracting(e -> e.attr("value"))
                .containsExactly("ads", "email");
        assertThat(doc.selectFirst("textarea[name=q.goal]").text()).isEqualTo(XSS);
        assertThat(doc.selectFirst("label[for=q-goal-input]")).isNotNull();
        assertThat(doc.selectFirst("fieldset#q-budget").attr("aria-describedby")).isEqualTo("q-budget-error");
        assertThat(doc.selectFirst("#q-budget-error").text()).isEqualTo("Please answer this question.");
        assertThat(doc.select("#error-summary li")).extracting(e -> e.text())
                .contains("What could you spend on your launch each month?: Please answer this question.",
                        "There is no such question.");
    }

    @Test
    void landingKeepsAttributionInHiddenFields() {
        var demo = com.leadpipe.campaign.CampaignCatalog.fromClasspath().find("demo").orElseThrow();
        Document doc = Jsoup.parse(Pages.form(demo, "/c/demo/subscribe",
                Map.of("utm_source", "news\"><b>", "referrer", "https://blog.example/post"), Map.of()));

        assertThat(doc.selectFirst("input[type=hidden][name=utm_source]").attr("value")).isEqualTo("news\"><b>");
        assertThat(doc.selectFirst("input[type=hidden][name=referrer]").attr("value")).isEqualTo("https://blog.example/post");
        assertThat(doc.select("input[type=hidden][name=utm_medium]")).isEmpty();
    }

    @Test
    void confirmPromptPostsTheTokenAndAllowsOnlyItsOwnScript() {
        HttpResponse page = Pages.confirmPrompt(HOSTILE, "/confirm", "x.token");
        Document doc = Jsoup.parse(page.body());

        assertThat(doc.selectFirst("form").attr("method")).isEqualTo("post");
        assertThat(doc.selectFirst("form input[name=t]").attr("value")).isEqualTo("x.token");
        assertThat(doc.selectFirst("button[type=submit]")).isNotNull();
        assertThat(page.header("content-security-policy")).contains("script-src 'sha256-")
                .doesNotContain("unsafe-inline'; script").contains("frame-ancestors 'none'");
    }

    @Test
    void theLandingPageCarriesTheBrandTheMetaTagsThePrivacyLinkAndTheSendersAddress() {
        // GIVEN the demo campaign's landing page
        Document doc = Jsoup.parse(com.leadpipe.testing.DesignSamples.pages().get("landing"));

        // THEN search engines and link previews get a description, title and image
        assertThat(doc.selectFirst("meta[name=description]").attr("content")).startsWith("Free one-page checklist");
        assertThat(doc.selectFirst("meta[property=og:title]").attr("content")).isEqualTo("Launch without the guesswork");
        assertThat(doc.selectFirst("meta[property=og:image]").attr("content"))
                .isEqualTo("https://www.example.com/images/lean-launch-checklist.png");
        // AND the page shows the logo, the hero image beside the copy, the privacy link by the consent and the footer
        assertThat(doc.selectFirst("header.site-head img").attr("alt")).isEqualTo("Lean Launch Lab");
        assertThat(doc.selectFirst(".hero.has-media figure.media img").attr("alt")).startsWith("The Lean Launch Checklist");
        assertThat(doc.selectFirst("label[for=consent] a").attr("href")).isEqualTo("https://www.example.com/privacy");
        assertThat(doc.selectFirst(".trust").text()).isEqualTo("Free. No spam. Unsubscribe any time.");
        assertThat(doc.selectFirst("footer.site-foot").text()).contains("Lean Launch Lab")
                .contains("548 Market St #1200, San Francisco, CA 94104, USA");
        assertThat(doc.select("script")).isEmpty();
        assertThat(doc.selectFirst("style").data()).contains("--accent:#4338ca");
    }

    @Test
    void aScaleIsOneRadioGroupWithItsEndLabelsAndTheClosingPageOffersTheNextStep() {
        // GIVEN the survey with two answers given, and the page after the answers are saved
        Document survey = Jsoup.parse(com.leadpipe.testing.DesignSamples.pages().get("survey"));
        Document done = Jsoup.parse(com.leadpipe.testing.DesignSamples.pages().get("survey-done"));

        // THEN the scale is a fieldset with a legend, one radio per step, the end labels read with their steps
        var scale = survey.selectFirst("fieldset#q-urgency");
        assertThat(scale.selectFirst("legend").text()).isEqualTo("Question 2 of 5 How soon do you want your first paying customers?");
        assertThat(scale.select(".scale input[type=radio][name=q.urgency]")).hasSize(5);
        assertThat(scale.select(".scale label").first().text()).isEqualTo("1 – No rush");
        assertThat(scale.select(".scale label").last().text()).isEqualTo("5 – This month");
        assertThat(scale.select(".ends span")).extracting(e -> e.text()).containsExactly("No rush", "This month");
        // AND progress counts the answers given
        assertThat(survey.selectFirst("[role=progressbar]").attr("aria-valuenow")).isEqualTo("2");
        assertThat(survey.selectFirst("#progress-label").text()).isEqualTo("2 of 5 answered");
        // AND the closing page thanks, offers the hand-raise as the next step and a way back to the answers
        assertThat(done.selectFirst("h1").text()).isEqualTo("Thanks, that's everything");
        assertThat(done.selectFirst(".next a.button").attr("href")).contains("/c/demo/talk?t=demo.");
        assertThat(done.selectFirst("a[href^=/c/demo/survey?t=]").text()).isEqualTo("Change my answers");
        assertThat(done.select("form")).isEmpty();
    }

    @Test
    void noPageTalksAboutScannersOrTokens() {
        // GIVEN every page type
        com.leadpipe.testing.DesignSamples.pages().forEach((name, html) ->
                // THEN none mentions the machinery behind the links
                assertThat(Jsoup.parse(html).body().text().toLowerCase(java.util.Locale.ROOT)).as(name)
                        .doesNotContain("scanner").doesNotContain("token"));
    }
}
