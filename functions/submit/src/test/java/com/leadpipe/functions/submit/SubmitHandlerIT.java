package com.leadpipe.functions.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.store.Records.MailState;
import com.leadpipe.store.Records.SubscriberState;
import com.leadpipe.testing.Addresses;
import com.leadpipe.testing.ApiEvents;
import com.leadpipe.testing.AwsEmulators;
import com.leadpipe.testing.EmulatedBackend;
import com.leadpipe.testing.MutableClock;
import com.leadpipe.testing.Signups;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The submission endpoint against real emulators (moto server, or LocalStack). */
class SubmitHandlerIT {

    static final AwsEmulators AWS = EmulatedBackend.AWS;
    static final String SENDER = "hello@leadpipe.test";

    @RegisterExtension
    final EmulatedBackend backend = new EmulatedBackend(SENDER, "ada", "example.com");
    final MutableClock clock = backend.clock;
    final String table = backend.table;
    final String email = backend.email;
    SubmitHandler handler = backend.handler(SubmitHandler.class);

    APIGatewayV2HTTPResponse submitForm(String body) {
        return ApiEvents.invoke(handler, ApiEvents.subscribe("demo", ApiEvents.FORM, body));
    }

    static String form(String address) {
        return Signups.form(address, "&firstName=Ada&website=");
    }

    SubscriberState state(String address) {
        return backend.store.load("demo", Addresses.key(address));
    }

    int itemCount() {
        return AWS.dynamoDb().scan(s -> s.tableName(table)).count();
    }

    @Test
    void formSignupIsStoredPendingAndMailsTheConfirmationLink() {
        APIGatewayV2HTTPResponse response = submitForm(form(email));

        assertThat(response.getStatusCode()).isEqualTo(303);
        assertThat(response.getHeaders().get("location")).startsWith("/c/demo/thanks?s=demo.");
        SubscriberState state = state(email);
        assertThat(state.lead()).isEmpty();
        assertThat(state.pending()).hasValueSatisfying(p -> {
            assertThat(p.email().value()).isEqualTo(email);
            assertThat(p.fields()).containsEntry("firstName", "Ada");
            assertThat(p.mailState()).isEqualTo(MailState.SENT);
            assertThat(p.signup().ip()).isEqualTo("203.0.113.7");
            assertThat(p.signup().userAgent()).isEqualTo(ApiEvents.BROWSER_UA);
            assertThat(p.signup().consentVersion()).isEqualTo("2026-11-01");
            assertThat(p.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(7)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        });
        var mails = backend.mails();
        assertThat(mails).singleElement().satisfies(m -> {
            assertThat(m.subject()).isEqualTo("Please confirm your email to get the checklist");
            assertThat(m.from()).contains(SENDER).contains("Lean Launch Lab");
            assertThat(m.text()).contains("Hi Ada,").containsPattern(
                    "https://abc123\\.execute-api\\.us-east-1\\.amazonaws\\.com/confirm\\?t=demo\\.[A-Za-z0-9_-]{43}");
            assertThat(m.html()).contains("/confirm?t=demo.");
            assertThat(m.text()).doesNotContain(email);
        });
        assertThat(backend.logs.text()).contains("signup.pending").doesNotContain(email);
    }

    /** The answer with its one-off survey token blanked out, to compare answers across states. */
    static String shape(APIGatewayV2HTTPResponse response) {
        return response.getStatusCode() + " " + response.getBody().replaceAll("demo\\.[A-Za-z0-9_-]{43}", "TOKEN")
                + " " + new java.util.TreeMap<>(response.getHeaders());
    }

    @Test
    void jsonClientsGet202PendingAndTheSameAnswerInEveryState() {
        String json = "{\"email\":\"" + email + "\",\"consent\":true}";
        APIGatewayV2HTTPResponse fresh = ApiEvents.invoke(handler, ApiEvents.subscribeJson("demo", json));
        APIGatewayV2HTTPResponse pending = ApiEvents.invoke(handler, ApiEvents.subscribeJson("demo", json));
        ApiEvents.invoke(handler, ApiEvents.subscribeJson("demo", json));
        APIGatewayV2HTTPResponse capped = ApiEvents.invoke(handler, ApiEvents.subscribeJson("demo", json));
        backend.suppressAddress();
        APIGatewayV2HTTPResponse suppressed = ApiEvents.invoke(handler, ApiEvents.subscribeJson("demo", json));

        assertThat(fresh.getStatusCode()).isEqualTo(202);
        assertThat(fresh.getBody()).startsWith("{\"status\":\"pending\",\"survey\":\"https://");
        assertThat(List.of(pending, capped, suppressed)).allSatisfy(r -> assertThat(shape(r)).isEqualTo(shape(fresh)));
        assertThat(backend.logs.text()).contains("signup.capped", "signup.suppressed");
    }

    @Test
    void resubmittingPendingReplacesTheSignupWithoutDuplicates() {
        submitForm(form(email));
        String firstSubmission = state(email).pending().orElseThrow().submissionId();

        submitForm("email=" + email + "&consent=yes&firstName=Augusta&role=Developer");

        SubscriberState state = state(email);
        assertThat(state.pending()).hasValueSatisfying(p -> {
            assertThat(p.submissionId()).isNotEqualTo(firstSubmission);
            assertThat(p.fields()).containsEntry("firstName", "Augusta").containsEntry("role", "Developer");
        });
        assertThat(backend.mails()).hasSize(2);
        // one pending item, one address item, per signup a confirmation and a survey token
        // (the first links stay valid until they expire), and the day's funnel counter (2 signups)
        assertThat(itemCount()).isEqualTo(7);
    }

    @Test
    void caseVariantsOfOneAddressAreOneSubscriber() {
        submitForm(form(email));
        submitForm(form(email.toUpperCase(java.util.Locale.ROOT).replace("EXAMPLE.COM", "Example.Com")));

        assertThat(state(email).pending()).isPresent();
        assertThat(AWS.dynamoDb().scan(s -> s.tableName(table)).items().stream()
                .filter(i -> i.get("SK").s().equals("PENDING")).count()).isEqualTo(1);
    }

    @Test
    void confirmationMailsToOneAddressAreCappedSilently() {
        for (int i = 0; i < 5; i++) {
            assertThat(submitForm(form(email)).getStatusCode()).isEqualTo(303);
        }
        assertThat(backend.mails()).hasSize(3);

        clock.advance(Duration.ofHours(24).plusMinutes(1));
        submitForm(form(email));

        assertThat(backend.mails()).hasSize(4);
        assertThat(backend.logs.text()).contains("signup.capped");
    }

    @Test
    void honeypotAnswersLikeSuccessAndStoresAndSendsNothing() {
        APIGatewayV2HTTPResponse response = submitForm(form(email).replace("website=", "website=http%3A%2F%2Fspam.example"));

        assertThat(response.getStatusCode()).isEqualTo(303);
        assertThat(response.getHeaders().get("location")).matches("/c/demo/thanks\\?s=demo\\.[A-Za-z0-9_-]{43}");
        assertThat(itemCount()).isZero();
        assertThat(backend.mails()).isEmpty();
    }

    @Test
    void suppressedAddressesAnswerAsUsualAndGetNothing() {
        String key = backend.addressKey();
        AWS.dynamoDb().putItem(p -> p.tableName(table).item(Map.of(
                "PK", AttributeValue.fromS("ADDR#" + key), "SK", AttributeValue.fromS("ADDR"),
                "suppressed", AttributeValue.fromBool(true), "version", AttributeValue.fromN("1"))));

        APIGatewayV2HTTPResponse response = submitForm(form(email));

        assertThat(response.getStatusCode()).isEqualTo(303);
        assertThat(state(email).pending()).isEmpty();
        assertThat(backend.mails()).isEmpty();
    }

    @Test
    void invalidFormIsShownAgainWithFieldErrorsAndTheEnteredValues() {
        APIGatewayV2HTTPResponse response = submitForm("email=not-an-email&firstName=%3Cb%3EAda%3C%2Fb%3E&role=CEO");

        assertThat(response.getStatusCode()).isEqualTo(422);
        Document page = Jsoup.parse(response.getBody());
        assertThat(page.selectFirst("#email-error").text()).isEqualTo("Enter an email address like name@example.com.");
        assertThat(page.selectFirst("#consent-error").text()).contains("tick the box");
        assertThat(page.selectFirst("#role-error").text()).contains("listed choices");
        assertThat(page.selectFirst("input#email").attr("value")).isEqualTo("not-an-email");
        assertThat(page.selectFirst("input#firstName").attr("value")).isEqualTo("<b>Ada</b>");
        assertThat(page.select("#firstName b")).isEmpty();
        assertThat(itemCount()).isZero();
    }

    @Test
    void invalidJsonGets422WithFieldMessages() {
        APIGatewayV2HTTPResponse response = ApiEvents.invoke(handler, ApiEvents.subscribeJson("demo", "{\"email\":\"x@\",\"consent\":false}"));

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(response.getHeaders()).containsEntry("content-type", "application/json");
        assertThat(response.getBody()).contains("\"error\":\"invalid\"", "\"email\":", "\"consent\":");
        assertThat(itemCount()).isZero();
    }

    @Test
    void unreadableRequestsGetClear4xxAndChangeNothing() {
        record Case(APIGatewayV2HTTPEvent event, int status, String says) {
        }
        List<Case> cases = List.of(
                new Case(ApiEvents.subscribe("nope", ApiEvents.FORM, form(email)), 404, "no such page or campaign"),
                new Case(ApiEvents.subscribe("demo", "text/plain", form(email)), 415, "application/json"),
                new Case(ApiEvents.subscribe("demo", ApiEvents.FORM, form(email) + "&pad=" + "x".repeat(17_000)), 413, "16 KB"),
                new Case(ApiEvents.subscribe("demo", ApiEvents.FORM, "email=ada%ZZ&consent=yes"), 400, "%-escape"),
                new Case(ApiEvents.subscribeJson("demo", "{\"email\": \"" + email + "\""), 400, "malformed"),
                new Case(ApiEvents.subscribeJson("demo", "{\"email\": [\"" + email + "\"]}"), 400, "must be text"));

        for (Case c : cases) {
            APIGatewayV2HTTPResponse response = ApiEvents.invoke(handler, c.event());
            assertThat(response.getStatusCode()).as(c.says()).isEqualTo(c.status());
            assertThat(response.getBody()).as(c.says()).contains(c.says());
        }
        assertThat(itemCount()).isZero();
        assertThat(backend.mails()).isEmpty();
    }

    @Test
    void refusedMailKeepsTheSignupPendingWithItsMailOwedInTheTable() {
        AWS.unverifySender(SENDER);
        try {
            APIGatewayV2HTTPResponse response = submitForm(form(email));

            assertThat(response.getStatusCode()).isEqualTo(303);
            assertThat(state(email).pending()).hasValueSatisfying(p ->
                    assertThat(p.mailState()).isEqualTo(MailState.RETRYING));
            String addressKey = Addresses.key(email);
            assertThat(backend.store.findOwed("demo", addressKey)).as("on the mail-index for the sweep").isPresent();
            assertThat(backend.logs.text()).contains("confirmation.deferred").doesNotContain(email);
        } finally {
            AWS.verifySender(SENDER);
        }
    }
}
