package com.leadpipe.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.captcha.CaptchaProvider;
import com.leadpipe.http.HttpResponse;
import com.leadpipe.testing.DesignSamples;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** The landing page of a captcha campaign: the provider's widget and script, and a CSP allowing exactly them. */
class CaptchaPageTest {

    static HttpResponse landing(Campaign campaign) {
        return CampaignPages.form(campaign, "", 200, Map.of(), Map.of());
    }

    static Campaign demoWith(CaptchaProvider provider) {
        return DesignSamples.withCaptcha(DesignSamples.demo(), new Campaign.Captcha(provider, "site-KEY_1", false));
    }

    @Test
    void withoutCaptchaThePageHasNoScriptAndItsCspAllowsNone() {
        // GIVEN the demo campaign (no captcha) WHEN its landing page is rendered
        HttpResponse page = landing(DesignSamples.demo());

        // THEN no script and no third-party origin anywhere
        assertThat(Jsoup.parse(page.body()).select("script, .cf-turnstile, .h-captcha")).isEmpty();
        assertThat(page.header("content-security-policy")).doesNotContain("script-src", "frame-src", "connect-src");
    }

    @Test
    void turnstileRendersItsWidgetAndTheCspAllowsOnlyCloudflare() {
        // GIVEN a Turnstile campaign WHEN its landing page is rendered
        HttpResponse page = landing(demoWith(CaptchaProvider.TURNSTILE));
        Document doc = Jsoup.parse(page.body());

        // THEN the widget sits inside the form with the site key, and the script is the documented one
        assertThat(doc.selectFirst("form div.cf-turnstile").attr("data-sitekey")).isEqualTo("site-KEY_1");
        assertThat(doc.select("script")).extracting(s -> s.attr("src"))
                .containsExactly("https://challenges.cloudflare.com/turnstile/v0/api.js");
        assertThat(doc.select(".h-captcha")).isEmpty();
        assertThat(page.header("content-security-policy")).isEqualTo("default-src 'none'; style-src 'unsafe-inline'; "
                + "img-src https: data:; form-action 'self'; frame-ancestors https://www.example.com; base-uri 'none'; "
                + "script-src https://challenges.cloudflare.com; frame-src https://challenges.cloudflare.com; "
                + "connect-src https://challenges.cloudflare.com");
    }

    @Test
    void hcaptchaRendersItsWidgetAndTheCspAllowsOnlyHcaptcha() {
        // GIVEN an hCaptcha campaign WHEN its form is shown again with an error
        HttpResponse page = CampaignPages.form(demoWith(CaptchaProvider.HCAPTCHA), "", 422,
                Map.of("email", "ada@"), Map.of("email", "Enter an email address."));
        Document doc = Jsoup.parse(page.body());

        // THEN the hCaptcha widget and script are there, and its origins in every directive it needs
        assertThat(doc.selectFirst("form div.h-captcha").attr("data-sitekey")).isEqualTo("site-KEY_1");
        assertThat(doc.select("script")).extracting(s -> s.attr("src")).containsExactly("https://js.hcaptcha.com/1/api.js");
        String hcaptcha = "https://hcaptcha.com https://*.hcaptcha.com";
        assertThat(page.header("content-security-policy"))
                .contains("style-src 'unsafe-inline' " + hcaptcha + ";", "script-src " + hcaptcha + ";",
                        "frame-src " + hcaptcha + ";", "connect-src " + hcaptcha)
                .doesNotContain("cloudflare");
    }

    @Test
    void pagesAfterTheFormKeepTheStrictCsp() {
        // GIVEN a captcha campaign WHEN its thanks page is rendered
        HttpResponse thanks = CampaignPages.thanks(demoWith(CaptchaProvider.TURNSTILE), "", Optional.empty());

        // THEN it allows no third-party script
        assertThat(thanks.header("content-security-policy")).doesNotContain("script-src", "cloudflare");
    }
}
