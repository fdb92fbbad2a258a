package com.leadpipe.captcha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.testing.SiteverifyStandIn;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Reading siteverify's answers, and the call itself against a local stand-in of the API. */
class SiteverifyTest {

    static final SiteverifyStandIn STAND_IN = new SiteverifyStandIn();
    static final Siteverify VERIFY = new Siteverify(Optional.of(STAND_IN.baseUrl()), Duration.ofMillis(500));

    @AfterAll
    static void stop() {
        STAND_IN.close();
    }

    static Siteverify.Reason reason(String json) {
        return ((Siteverify.Rejected) Siteverify.parse(200, json)).reason();
    }

    @Test
    void successIsAPass() {
        assertThat(Siteverify.parse(200, "{\"success\":true,\"error-codes\":[],\"hostname\":\"x\"}"))
                .isEqualTo(new Siteverify.Passed());
    }

    @Test
    void errorCodesSayWhatWasWrongWithTheToken() {
        assertThat(Siteverify.parse(200, "{\"success\":false,\"error-codes\":[\"timeout-or-duplicate\"]}"))
                .isEqualTo(new Siteverify.Rejected(Siteverify.Reason.EXPIRED, List.of("timeout-or-duplicate")));
        assertThat(reason("{\"success\":false,\"error-codes\":[\"invalid-or-already-seen-response\"]}"))
                .isEqualTo(Siteverify.Reason.EXPIRED);
        assertThat(reason("{\"success\":false,\"error-codes\":[\"invalid-input-response\"]}"))
                .isEqualTo(Siteverify.Reason.INVALID);
        assertThat(reason("{\"success\":false,\"error-codes\":[\"missing-input-response\"]}"))
                .isEqualTo(Siteverify.Reason.MISSING);
        assertThat(Siteverify.parse(200, "{\"success\":false}"))
                .isEqualTo(new Siteverify.Rejected(Siteverify.Reason.INVALID, List.of()));
        // hCaptcha answers a bad request with 400 and the same JSON
        assertThat(Siteverify.parse(400, "{\"success\":false,\"error-codes\":[\"invalid-input-response\"]}"))
                .isEqualTo(new Siteverify.Rejected(Siteverify.Reason.INVALID, List.of("invalid-input-response")));
    }

    @Test
    void aRefusedSecretIsTheStacksFaultNotTheVisitors() {
        assertThat(reason("{\"success\":false,\"error-codes\":[\"invalid-input-secret\",\"invalid-input-response\"]}"))
                .isEqualTo(Siteverify.Reason.SECRET);
    }

    @Test
    void anythingButTheDocumentedJsonMeansTheProviderIsDown() {
        assertThat(Siteverify.parse(503, "{\"success\":false}")).isInstanceOf(Siteverify.Unreachable.class);
        assertThat(Siteverify.parse(200, "<html>Just a moment…</html>")).isInstanceOf(Siteverify.Unreachable.class);
        assertThat(Siteverify.parse(200, "")).isInstanceOf(Siteverify.Unreachable.class);
        assertThat(Siteverify.parse(200, "[true]")).isInstanceOf(Siteverify.Unreachable.class);
        assertThat(Siteverify.parse(200, "{\"success\":\"yes\"}")).isInstanceOf(Siteverify.Unreachable.class);
        assertThat(Siteverify.parse(200, "{\"success\":false,\"error-codes\":[\"internal-error\"]}"))
                .isInstanceOf(Siteverify.Unreachable.class);
    }

    @Test
    void theCallPostsSecretTokenAndIpAsAForm() {
        // WHEN a Turnstile token is verified
        Siteverify.Verdict verdict = VERIFY.verify(CaptchaProvider.TURNSTILE, SiteverifyStandIn.SECRET,
                SiteverifyStandIn.VALID, "203.0.113.7");

        // THEN it passes, and siteverify got the three documented fields
        assertThat(verdict).isEqualTo(new Siteverify.Passed());
        assertThat(STAND_IN.posts()).contains(Map.of("secret", SiteverifyStandIn.SECRET,
                "response", SiteverifyStandIn.VALID, "remoteip", "203.0.113.7"));
    }

    @Test
    void bothProvidersPathsAreServedAndExpiredTokensAreSaidSo() {
        assertThat(VERIFY.verify(CaptchaProvider.HCAPTCHA, SiteverifyStandIn.SECRET, SiteverifyStandIn.VALID, ""))
                .isEqualTo(new Siteverify.Passed());
        assertThat(VERIFY.verify(CaptchaProvider.HCAPTCHA, SiteverifyStandIn.SECRET, SiteverifyStandIn.EXPIRED, ""))
                .isEqualTo(new Siteverify.Rejected(Siteverify.Reason.EXPIRED, List.of("timeout-or-duplicate")));
        assertThat(VERIFY.verify(CaptchaProvider.HCAPTCHA, SiteverifyStandIn.SECRET, SiteverifyStandIn.DOWN_503, ""))
                .isInstanceOf(Siteverify.Unreachable.class);
    }

    @Test
    void aHangingProviderIsCutOffByTheReadTimeout() {
        long started = System.nanoTime();

        Siteverify.Verdict verdict = VERIFY.verify(CaptchaProvider.TURNSTILE, SiteverifyStandIn.SECRET,
                SiteverifyStandIn.DOWN_HANG, "");

        assertThat(verdict).isEqualTo(new Siteverify.Unreachable("SocketTimeoutException"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void theDefaultEndpointsAreTheDocumentedOnes() {
        assertThat(CaptchaProvider.TURNSTILE.siteverifyUrl(Optional.empty()))
                .isEqualTo("https://challenges.cloudflare.com/turnstile/v0/siteverify");
        assertThat(CaptchaProvider.HCAPTCHA.siteverifyUrl(Optional.empty())).isEqualTo("https://api.hcaptcha.com/siteverify");
        assertThat(CaptchaProvider.HCAPTCHA.siteverifyUrl(Optional.of("http://127.0.0.1:9/")))
                .isEqualTo("http://127.0.0.1:9/siteverify");
    }

    @Test
    void secretNamesPickTheirStore() {
        assertThat(CaptchaSecret.store("/leadpipe/captcha")).isEqualTo(CaptchaSecret.Store.SSM_PARAMETER);
        assertThat(CaptchaSecret.store("arn:aws:ssm:eu-west-1:123456789012:parameter/leadpipe/captcha"))
                .isEqualTo(CaptchaSecret.Store.SSM_PARAMETER);
        assertThat(CaptchaSecret.store("arn:aws:secretsmanager:eu-west-1:123456789012:secret:captcha-AbCdEf"))
                .isEqualTo(CaptchaSecret.Store.SECRETS_MANAGER);
        assertThat(CaptchaSecret.store("arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:captcha-AbCdEf"))
                .isEqualTo(CaptchaSecret.Store.SECRETS_MANAGER);
    }

    @Test
    void theSecretIsReadOnceAndAFailedReadIsTriedAgain() {
        int[] reads = {0};
        CaptchaSecret secret = new CaptchaSecret(Optional.of("/leadpipe/captcha"), (store, name) -> {
            if (++reads[0] == 1) {
                throw new IllegalStateException("throttled");
            }
            return " s3cr3t\n";
        });

        assertThatThrownBy(secret::get).isInstanceOf(CaptchaSecret.Unavailable.class)
                .hasMessageContaining("/leadpipe/captcha").hasMessageNotContaining("s3cr3t");
        assertThat(secret.get()).isEqualTo("s3cr3t");
        assertThat(secret.get()).isEqualTo("s3cr3t");
        assertThat(reads[0]).isEqualTo(2);
        assertThatThrownBy(() -> CaptchaSecret.none().get()).hasMessageContaining("CaptchaSecretName");
    }
}
