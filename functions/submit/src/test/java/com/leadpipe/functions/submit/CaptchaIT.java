package com.leadpipe.functions.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.abuse.AbuseConfig;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.captcha.CaptchaCheck;
import com.leadpipe.captcha.CaptchaSecret;
import com.leadpipe.captcha.Siteverify;
import com.leadpipe.testing.Addresses;
import com.leadpipe.testing.ApiEvents;
import com.leadpipe.testing.AwsEmulators;
import com.leadpipe.testing.EmulatedBackend;
import com.leadpipe.testing.PrimingCheck;
import com.leadpipe.testing.SiteverifyStandIn;
import com.leadpipe.testing.Signups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Captcha campaigns against the emulators and a local stand-in of siteverify: a verified token
 * signs up; a missing, invalid or expired one gets 400, and the provider down 503 (closed) or
 * the signup (open). Every refusal stores nothing (no pending lead, no address item) and sends
 * nothing (no mail in SES). The secret comes from moto's SSM through the real SDK client.
 */
class CaptchaIT {

    static final AwsEmulators AWS = EmulatedBackend.AWS;
    static final SiteverifyStandIn SITEVERIFY = new SiteverifyStandIn();
    /** Turnstile, the default ifProviderDown (closed). */
    static final String CLOSED = "shut";
    /** hCaptcha, ifProviderDown: open. */
    static final String OPEN = "ajar";

    @RegisterExtension
    final EmulatedBackend backend = new EmulatedBackend("hello@leadpipe.test", "cap", "example.com");
    @TempDir
    Path campaigns;
    SubmitHandler handler;
    String parameter;

    @AfterAll
    static void stop() {
        SITEVERIFY.close();
    }

    static AwsClients aws() {
        return new AwsClients(AwsEmulators.REGION, AwsEmulators.CREDENTIALS, Map.of(
                "dynamodb", AWS.endpoint("dynamodb"), "sesv2", AWS.endpoint("sesv2"), "ssm", AWS.endpoint("ssm"),
                "secretsmanager", AWS.endpoint("secretsmanager")), AwsClients.Timeouts.EMULATOR);
    }

    @BeforeEach
    void setUp() throws IOException {
        String demo = Files.readString(Path.of("..", "..", "campaigns", "demo.yaml"));
        Files.writeString(campaigns.resolve(CLOSED + ".yaml"), demo.replace("id: demo", "id: " + CLOSED)
                + "\ncaptcha: {provider: turnstile, siteKey: 1x00000000000000000000AA}\n");
        Files.writeString(campaigns.resolve(OPEN + ".yaml"), demo.replace("id: demo", "id: " + OPEN)
                + "\ncaptcha: {provider: hcaptcha, siteKey: 10000000-ffff-ffff-ffff-000000000001, ifProviderDown: open}\n");
        parameter = "/leadpipe-it/captcha-" + UUID.randomUUID();
        try (SsmClient ssm = aws().configured(SsmClient.builder(), "ssm").build()) {
            ssm.putParameter(p -> p.name(parameter).type(ParameterType.SECURE_STRING).value(SiteverifyStandIn.SECRET));
        }
        handler = handler(Optional.of(parameter), Duration.ofSeconds(1));
    }

    SubmitHandler handler(Optional<String> secretName, Duration timeout) {
        AwsClients aws = aws();
        CaptchaCheck captcha = new CaptchaCheck(new CaptchaSecret(secretName, new SdkCaptchaSecrets(aws)),
                new Siteverify(Optional.of(SITEVERIFY.baseUrl()), timeout), backend.log);
        return backend.handler(SubmitHandler.class, CampaignCatalog.fromDirectory(campaigns), captcha,
                new AbuseConfig(0, 0, 0, 0, secretName));
    }

    APIGatewayV2HTTPResponse form(String campaign, String address, String tokenField) {
        return ApiEvents.invoke(handler, ApiEvents.subscribe(campaign, ApiEvents.FORM,
                Signups.form(address, "&firstName=Ada&website=" + tokenField)));
    }

    APIGatewayV2HTTPResponse json(String campaign, String address, String token) {
        return ApiEvents.invoke(handler, ApiEvents.subscribeJson(campaign, "{\"email\":\"" + address
                + "\",\"consent\":true" + (token == null ? "" : ",\"captchaToken\":\"" + token + "\"") + "}"));
    }

    void nothingStoredNothingSent(String campaign, String address) {
        assertThat(backend.store.load(campaign, Addresses.key(address)).pending()).as("pending lead").isEmpty();
        assertThat(backend.item("ADDR#" + Addresses.key(address), "ADDR")).as("address item").isEmpty();
        assertThat(AWS.sentEmailsTo(address)).as("mails").isEmpty();
    }

    void signedUp(String campaign, String address) {
        assertThat(backend.store.load(campaign, Addresses.key(address)).pending()).as("pending lead").isPresent();
        assertThat(AWS.sentEmailsTo(address)).as("mails").hasSize(1);
    }

    @Test
    void aVerifiedTokenSignsUpAndSiteverifyGotTheSecretFromSsm() {
        // GIVEN a Turnstile campaign WHEN the form posts the widget's valid token
        String address = Addresses.unique("valid", "example.net");
        APIGatewayV2HTTPResponse answer = form(CLOSED, address, "&cf-turnstile-response=" + SiteverifyStandIn.VALID);

        // THEN the usual redirect to the thanks page, a stored lead and its mail
        assertThat(answer.getStatusCode()).isEqualTo(303);
        signedUp(CLOSED, address);
        assertThat(SITEVERIFY.posts()).anySatisfy(post -> assertThat(post)
                .containsEntry("secret", SiteverifyStandIn.SECRET).containsEntry("response", SiteverifyStandIn.VALID)
                .containsKey("remoteip"));
    }

    @Test
    void jsonClientsSendTheTokenAsCaptchaToken() {
        String address = Addresses.unique("json", "example.net");

        APIGatewayV2HTTPResponse answer = json(OPEN, address, SiteverifyStandIn.VALID);

        assertThat(answer.getStatusCode()).isEqualTo(202);
        signedUp(OPEN, address);
    }

    @Test
    void aMissingTokenIs400WithAClearPageAndNoCallToTheProvider() {
        // GIVEN a form without the widget's field (no JavaScript, or a script posting directly)
        String address = Addresses.unique("missing", "example.net");
        int callsBefore = SITEVERIFY.posts().size();

        APIGatewayV2HTTPResponse page = form(CLOSED, address, "");
        APIGatewayV2HTTPResponse jsonAnswer = json(CLOSED, address, null);

        // THEN 400 as a page for the browser and as JSON for the script; nothing stored or sent
        assertThat(page.getStatusCode()).isEqualTo(400);
        assertThat(page.getHeaders().get("content-type")).startsWith("text/html");
        assertThat(page.getBody()).contains("complete the check that you are not a robot").contains("Nothing was stored");
        assertThat(jsonAnswer.getStatusCode()).isEqualTo(400);
        assertThat(jsonAnswer.getBody()).contains("\"error\":\"captcha_required\"");
        nothingStoredNothingSent(CLOSED, address);
        assertThat(SITEVERIFY.posts()).hasSize(callsBefore);
    }

    @Test
    void anInvalidTokenIs400AndNothingIsStoredOrSent() {
        String address = Addresses.unique("invalid", "example.net");

        APIGatewayV2HTTPResponse page = form(CLOSED, address, "&cf-turnstile-response=forged");
        APIGatewayV2HTTPResponse jsonAnswer = json(CLOSED, address, "forged");

        assertThat(page.getStatusCode()).isEqualTo(400);
        assertThat(page.getBody()).contains("could not be confirmed");
        assertThat(jsonAnswer.getStatusCode()).isEqualTo(400);
        assertThat(jsonAnswer.getBody()).contains("\"error\":\"captcha_invalid\"");
        nothingStoredNothingSent(CLOSED, address);
        assertThat(backend.logs.text()).contains("signup.captcha_refused").contains("invalid-input-response")
                .doesNotContain("forged").doesNotContain(address);
    }

    @Test
    void anExpiredOrReusedTokenIs400SayingSo() {
        String address = Addresses.unique("expired", "example.net");

        APIGatewayV2HTTPResponse page = form(OPEN, address, "&h-captcha-response=" + SiteverifyStandIn.EXPIRED);
        APIGatewayV2HTTPResponse jsonAnswer = json(OPEN, address, SiteverifyStandIn.EXPIRED);

        assertThat(page.getStatusCode()).isEqualTo(400);
        assertThat(page.getBody()).contains("has expired or was already used");
        assertThat(jsonAnswer.getBody()).contains("\"error\":\"captcha_expired\"");
        nothingStoredNothingSent(OPEN, address);
    }

    @Test
    void providerDownFailingClosedIs503WithRetryAfterAndNothingStored() {
        // GIVEN the provider answers 503, an HTML page, or nothing within the timeout
        String down503 = Addresses.unique("down", "example.net");
        String downHtml = Addresses.unique("down", "example.net");
        String hanging = Addresses.unique("down", "example.net");

        APIGatewayV2HTTPResponse a = form(CLOSED, down503, "&cf-turnstile-response=" + SiteverifyStandIn.DOWN_503);
        APIGatewayV2HTTPResponse b = json(CLOSED, downHtml, SiteverifyStandIn.DOWN_HTML);
        long started = System.nanoTime();
        APIGatewayV2HTTPResponse c = form(CLOSED, hanging, "&cf-turnstile-response=" + SiteverifyStandIn.DOWN_HANG);
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        // THEN the closed campaign answers 503 with Retry-After, promptly, and keeps nothing
        for (APIGatewayV2HTTPResponse answer : java.util.List.of(a, b, c)) {
            assertThat(answer.getStatusCode()).isEqualTo(503);
            assertThat(answer.getHeaders()).containsEntry("retry-after", "30");
        }
        assertThat(a.getBody()).contains("Nothing was stored");
        assertThat(b.getBody()).contains("\"error\":\"captcha_unavailable\"");
        assertThat(waited).isLessThan(Duration.ofSeconds(5));
        nothingStoredNothingSent(CLOSED, down503);
        nothingStoredNothingSent(CLOSED, downHtml);
        nothingStoredNothingSent(CLOSED, hanging);
        assertThat(backend.logs.text()).contains("captcha.provider_down").contains("\"decision\":\"closed\"");
    }

    @Test
    void providerDownFailingOpenAcceptsTheSignupAndWarns() {
        String address = Addresses.unique("open", "example.net");

        APIGatewayV2HTTPResponse answer = form(OPEN, address, "&h-captcha-response=" + SiteverifyStandIn.DOWN_503);

        assertThat(answer.getStatusCode()).isEqualTo(303);
        signedUp(OPEN, address);
        assertThat(backend.logs.text()).contains("captcha.provider_down").contains("\"decision\":\"open\"")
                .doesNotContain(address);
    }

    @Test
    void aCaptchaCampaignOnAStackWithoutSecretIs500WithAnErrorLogAndStoresNothing() {
        // GIVEN the stack names no secret (CaptchaSecretName empty)
        handler = handler(Optional.empty(), Duration.ofSeconds(1));
        String address = Addresses.unique("nosecret", "example.net");

        APIGatewayV2HTTPResponse answer = form(CLOSED, address, "&cf-turnstile-response=" + SiteverifyStandIn.VALID);

        assertThat(answer.getStatusCode()).isEqualTo(500);
        nothingStoredNothingSent(CLOSED, address);
        assertThat(backend.logs.text()).contains("captcha.secret_unavailable").contains("CaptchaSecretName");
    }

    @Test
    void theSecretIsReadOncePerContainer() {
        // GIVEN one signup has read the secret WHEN the parameter is deleted
        String first = Addresses.unique("once", "example.net");
        form(CLOSED, first, "&cf-turnstile-response=" + SiteverifyStandIn.VALID);
        try (SsmClient ssm = aws().configured(SsmClient.builder(), "ssm").build()) {
            ssm.deleteParameter(d -> d.name(parameter));
        }
        String second = Addresses.unique("once", "example.net");

        // THEN the next signup still verifies, with the value kept
        assertThat(form(CLOSED, second, "&cf-turnstile-response=" + SiteverifyStandIn.VALID).getStatusCode())
                .isEqualTo(303);
        signedUp(CLOSED, second);
    }

    @Test
    void snapStartPrimingOfCaptchaCampaignsIsHarmlessAndCallsNoProvider() {
        // GIVEN captcha campaigns WHEN the handler primes (real honeypot steps, rehearsed signups)
        int callsBefore = SITEVERIFY.posts().size();

        // THEN every step succeeds, nothing is written or sent, and siteverify was never called
        PrimingCheck.assertHarmless(backend, handler.priming());
        assertThat(SITEVERIFY.posts()).hasSize(callsBefore);
    }
}
