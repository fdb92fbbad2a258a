package com.leadpipe.campaign;

import static com.leadpipe.campaign.CampaignLintTest.VALID;
import static com.leadpipe.campaign.CampaignLintTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.captcha.CaptchaProvider;
import org.junit.jupiter.api.Test;

/** The campaign file's {@code captcha:} setting, as the build checks and the functions read it. */
class CaptchaSettingTest {

    @Test
    void aCampaignWithoutCaptchaHasNone() {
        assertThat(CampaignReader.fromYaml("campaigns/spring.yaml", VALID).captcha()).isEmpty();
    }

    @Test
    void turnstileFailsClosedByDefault() {
        String yaml = VALID + "captcha: {provider: turnstile, siteKey: 1x00000000000000000000AA}\n";

        assertThat(problems(yaml)).isEmpty();
        Campaign.Captcha captcha = CampaignReader.fromYaml("campaigns/spring.yaml", yaml).captcha().orElseThrow();
        assertThat(captcha.provider()).isEqualTo(CaptchaProvider.TURNSTILE);
        assertThat(captcha.siteKey()).isEqualTo("1x00000000000000000000AA");
        assertThat(captcha.failOpen()).isFalse();
    }

    @Test
    void hcaptchaMayFailOpen() {
        String yaml = VALID + "captcha: {provider: hcaptcha, siteKey: 10000000-ffff-ffff-ffff-000000000001, "
                + "ifProviderDown: open}\n";

        assertThat(problems(yaml)).isEmpty();
        Campaign.Captcha captcha = CampaignReader.fromYaml("campaigns/spring.yaml", yaml).captcha().orElseThrow();
        assertThat(captcha.provider()).isEqualTo(CaptchaProvider.HCAPTCHA);
        assertThat(captcha.failOpen()).isTrue();
    }

    @Test
    void unknownProviderMissingSiteKeyAndUnknownFallbackAreNamed() {
        assertThat(problems(VALID + "captcha: {provider: recaptcha, siteKey: abc}\n")).containsExactly(
                "campaigns/spring.yaml: captcha.provider: must be one of turnstile, hcaptcha (got 'recaptcha')");
        assertThat(problems(VALID + "captcha: {provider: turnstile}\n")).containsExactly(
                "campaigns/spring.yaml: captcha.siteKey: is required");
        assertThat(problems(VALID + "captcha: {provider: turnstile, siteKey: abc, ifProviderDown: maybe}\n"))
                .containsExactly("campaigns/spring.yaml: captcha.ifProviderDown: must be one of closed, open (got 'maybe')");
        assertThat(problems(VALID + "captcha: {provider: turnstile, siteKey: \"<script>\"}\n")).containsExactly(
                "campaigns/spring.yaml: captcha.siteKey: must be the provider's site key: letters, digits, - and _ "
                        + "(got '<script>')");
        assertThat(problems(VALID + "captcha: {provider: turnstile, siteKey: abc, secret: s3cr3t}\n")).containsExactly(
                "campaigns/spring.yaml: captcha.secret: is not a known setting (known: ifProviderDown, provider, siteKey)");
    }
}
