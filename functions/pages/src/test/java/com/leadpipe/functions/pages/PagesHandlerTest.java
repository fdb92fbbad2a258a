package com.leadpipe.functions.pages;

import com.leadpipe.testing.ApiEvents;
import static com.leadpipe.testing.ApiEvents.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.log.Log;
import com.leadpipe.testing.UnitConfig;
import java.time.Clock;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class PagesHandlerTest {

    final PagesHandler handler = new PagesHandler(CampaignCatalog.fromClasspath(), UnitConfig.silentLog("pages"));

    @Test
    void landingPageRendersTheDemoFormWithSecurityHeaders() {
        APIGatewayV2HTTPResponse response = ApiEvents.invoke(handler, fixture("page-landing.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("content-type", "text/html; charset=utf-8")
                .containsEntry("x-content-type-options", "nosniff")
                // demo.yaml lets https://www.example.com frame its pages; nobody else
                .hasEntrySatisfying("content-security-policy", csp -> assertThat(csp)
                        .contains("frame-ancestors https://www.example.com;").doesNotContain("script-src"))
                .doesNotContainKey("x-frame-options");
        Document page = Jsoup.parse(ApiEvents.body(response));
        assertThat(page.selectFirst("h1").text()).isEqualTo("Launch without the guesswork");
        assertThat(page.selectFirst("form").attr("action")).isEqualTo("/c/demo/subscribe");
        assertThat(page.select("label[for=email], label[for=firstName], label[for=role], label[for=consent]")).hasSize(4);
        assertThat(page.select("script")).isEmpty();
    }

    @Test
    void thanksAndConfirmedPagesShowTheCampaignCopy() {
        assertThat(Jsoup.parse(ApiEvents.body(ApiEvents.invoke(handler, fixture("page-thanks.json")))).selectFirst("h1").text())
                .isEqualTo("Check your inbox");
        assertThat(Jsoup.parse(ApiEvents.body(ApiEvents.invoke(handler, fixture("page-confirmed.json")))).selectFirst("h1").text())
                .isEqualTo("You're in!");
    }

    @Test
    void landingPageCarriesUtmParametersAndTheReferrerIntoTheForm() {
        APIGatewayV2HTTPEvent event = fixture("page-landing.json");
        event.setRawQueryString("utm_source=newsletter&utm_medium=email&utm_campaign=spring");
        event.getHeaders().put("referer", "https://blog.example/launch-tips");

        Document page = Jsoup.parse(ApiEvents.body(ApiEvents.invoke(handler, event)));

        assertThat(page.select("form input[type=hidden]")).extracting(e -> e.attr("name") + "=" + e.attr("value"))
                .containsExactly("utm_source=newsletter", "utm_medium=email", "utm_campaign=spring",
                        "referrer=https://blog.example/launch-tips");
    }

    @Test
    void thanksPageLinksToTheSurveyOnlyForTokenShapedValues() {
        APIGatewayV2HTTPEvent good = fixture("page-thanks.json");
        good.setRawQueryString("s=demo." + "A".repeat(43));
        APIGatewayV2HTTPEvent injected = fixture("page-thanks.json");
        injected.setRawQueryString("s=%22%3E%3Cscript%3E");

        assertThat(Jsoup.parse(ApiEvents.body(ApiEvents.invoke(handler, good))).selectFirst("a.button").attr("href"))
                .isEqualTo("/c/demo/survey?t=demo." + "A".repeat(43));
        assertThat(Jsoup.parse(ApiEvents.body(ApiEvents.invoke(handler, injected))).select("a.button, script")).isEmpty();
    }

    @Test
    void unknownCampaignIs404() {
        APIGatewayV2HTTPEvent event = fixture("page-landing.json");
        event.getPathParameters().put("campaign", "no-such-campaign");

        assertThat(ApiEvents.invoke(handler, event).getStatusCode()).isEqualTo(404);
    }

    @Test
    void snapStartPrimingRendersEveryPageAndLogsOnlyItsSummary() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        PagesHandler primed = new PagesHandler(CampaignCatalog.fromClasspath(),
                new Log("pages", lines::add, Log.Level.INFO, Clock.systemUTC()));

        assertThat(primed.priming().prime()).isZero();

        assertThat(lines).singleElement().asString().contains("\"event\":\"priming.done\"", "\"failed\":0");
    }
}
