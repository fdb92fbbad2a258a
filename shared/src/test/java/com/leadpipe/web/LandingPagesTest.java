package com.leadpipe.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignReader;
import com.leadpipe.http.HttpResponse;
import com.leadpipe.testing.DesignSamples;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

class LandingPagesTest {

    private static final Map<String, String> HOSTILE_ATTRIBUTION = Map.of("utm_source", PagesTest.XSS,
            "utm_medium", "email", "referrer", "https://news.example/?a=1&b=\"2\"");

    private final LandingPages landing = new LandingPages();

    @Test
    void aKeptPageAnswersExactlyAsARenderedOne() {
        Campaign demo = DesignSamples.demo();
        for (Map<String, String> attribution : java.util.List.<Map<String, String>>of(Map.of(), HOSTILE_ATTRIBUTION,
                Map.of("utm_campaign", "spring"), Map.of())) {
            // WHEN the same campaign is visited with different attribution
            HttpResponse kept = landing.landing(demo, "/prod", attribution);

            // THEN each answer is the page rendered whole for that visit
            assertSame(kept, CampaignPages.form(demo, "/prod", 200, attribution, Map.of()));
        }
        assertThat(landing.size()).isEqualTo(1);
        assertThat(Jsoup.parse(landing.landing(demo, "", HOSTILE_ATTRIBUTION).body())
                .selectFirst("input[type=hidden][name=utm_source]").attr("value")).isEqualTo(PagesTest.XSS);
        assertThat(landing.size()).isEqualTo(2);
    }

    @Test
    void aCampaignTextCannotOpenTheSlot() {
        // GIVEN a campaign whose copy is the slot itself
        Campaign sly = campaign("sly", "{name: firstName, label: Name}", LandingPages.SLOT);

        // WHEN it is visited THEN its copy shows as text and the inputs land in the form
        HttpResponse page = landing.landing(sly, "", Map.of("utm_source", "ads"));
        assertSame(page, CampaignPages.form(sly, "", 200, Map.of("utm_source", "ads"), Map.of()));
        assertThat(page.body()).doesNotContain(LandingPages.SLOT);
        assertThat(Jsoup.parse(page.body()).select("form input[name=utm_source]")).hasSize(1);
    }

    @Test
    void aFieldNamedLikeAttributionIsRenderedPerVisit() {
        // GIVEN a form field that a visit's ?utm_source= fills in
        Campaign asks = campaign("asks", "{name: utm_source, label: Where did you hear of us?}", "Copy");

        HttpResponse page = landing.landing(asks, "", Map.of("utm_source", "podcast"));

        assertSame(page, CampaignPages.form(asks, "", 200, Map.of("utm_source", "podcast"), Map.of()));
        assertThat(Jsoup.parse(page.body()).selectFirst("input#utm_source").attr("value")).isEqualTo("podcast");
    }

    @Test
    void anotherCampaignOfTheSameIdGetsItsOwnPage() {
        Campaign before = campaign("same", "{name: firstName, label: Name}", "Old copy");
        Campaign after = campaign("same", "{name: firstName, label: Name}", "New copy");

        landing.landing(before, "", Map.of());
        HttpResponse page = landing.landing(after, "", Map.of());

        assertThat(page.body()).contains("New copy").doesNotContain("Old copy");
    }

    @Test
    void pastItsLimitPagesAreRenderedNotKept() {
        Campaign demo = DesignSamples.demo();
        for (int i = 0; i < LandingPages.MAX_PAGES + 5; i++) {
            assertSame(landing.landing(demo, "/stage" + i, Map.of("utm_source", "s" + i)),
                    CampaignPages.form(demo, "/stage" + i, 200, Map.of("utm_source", "s" + i), Map.of()));
        }
        assertThat(landing.size()).isEqualTo(LandingPages.MAX_PAGES);
    }

    private static void assertSame(HttpResponse actual, HttpResponse expected) {
        assertThat(actual.status()).isEqualTo(expected.status());
        assertThat(actual.headers()).isEqualTo(expected.headers());
        assertThat(actual.body()).isEqualTo(expected.body());
    }

    private static Campaign campaign(String id, String field, String copy) {
        return CampaignReader.fromYaml(id + ".yaml", """
                id: %s
                title: T
                sender: {name: T}
                consent: {version: "1", text: "I agree"}
                page: {headline: Head, copy: "%s"}
                fields:
                  - %s
                confirmation: {subject: S, text: "{{confirmUrl}}", html: "{{confirmUrl}}"}
                thanks: {headline: T}
                confirmed: {headline: C}
                """.formatted(id, copy.replace("\"", "\\\""), field));
    }
}
