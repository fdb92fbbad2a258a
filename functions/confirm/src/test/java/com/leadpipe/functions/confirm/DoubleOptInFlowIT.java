package com.leadpipe.functions.confirm;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.email.EmailAddress;
import com.leadpipe.functions.pages.PagesHandler;
import com.leadpipe.functions.submit.SubmitHandler;
import com.leadpipe.log.Log;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.Records.LedgerEvent;
import com.leadpipe.store.Records.LeadStatus;
import com.leadpipe.testing.ApiEvents;
import com.leadpipe.testing.AwsEmulators;
import com.leadpipe.testing.MutableClock;
import com.leadpipe.testing.PrimingCheck;
import com.leadpipe.testing.SentEmail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The core loop end to end on real emulators: a form post, the confirmation email read back from
 * the SES emulator, its link followed (GET shows a button, POST confirms), the lead and its
 * consent ledger checked in DynamoDB.
 */
class DoubleOptInFlowIT {

    static final AwsEmulators AWS = AwsEmulators.get();
    static final String SENDER = "hello@leadpipe.test";
    static final Pattern LINK = Pattern.compile("https://[^\\s\"<>]+/confirm\\?t=([A-Za-z0-9._-]+)");

    MutableClock clock;
    String table;
    LeadStore store;
    List<String> logs;
    SubmitHandler submit;
    ConfirmHandler confirm;
    PagesHandler pages;
    String email;

    @BeforeEach
    void setUp() {
        AWS.verifySender(SENDER);
        clock = MutableClock.startingNow();
        table = AWS.createTable();
        store = new LeadStore(AWS.dynamoDb(), table);
        logs = new ArrayList<>();
        LeadpipeConfig config = new LeadpipeConfig(table, SENDER, Optional.empty(), Optional.empty(),
                Duration.ofDays(7), 3, Optional.empty());
        Log log = new Log("it", logs::add, Log.Level.INFO, clock);
        CampaignCatalog campaigns = CampaignCatalog.fromClasspath();
        submit = new SubmitHandler(config, AWS.dynamoDb(), AWS.sesV2(), AWS::sqs, campaigns, clock, log);
        confirm = new ConfirmHandler(config, AWS.dynamoDb(), campaigns, clock, log);
        pages = new PagesHandler(campaigns, log);
        email = "grace-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    @org.junit.jupiter.api.AfterEach
    void printLogs() {
        logs.forEach(System.out::println); // in the failsafe report, next to any failure
    }

    String signUpAndReadToken() {
        APIGatewayV2HTTPResponse response = submit.handleRequest(ApiEvents.subscribe("demo", ApiEvents.FORM,
                "email=" + email + "&consent=yes&firstName=Grace&role=Developer&website="), null);
        assertThat(response.getStatusCode()).isEqualTo(303);
        List<SentEmail> mails = AWS.sentEmailsTo(email);
        assertThat(mails).isNotEmpty();
        Matcher link = LINK.matcher(mails.get(mails.size() - 1).text());
        assertThat(link.find()).as("confirmation link in the text part").isTrue();
        return link.group(1);
    }

    String addressKey() {
        return EmailAddress.tryParse(email).orElseThrow().key();
    }

    APIGatewayV2HTTPResponse post(String token) {
        return confirm.handleRequest(ApiEvents.confirmPost("t=" + token), null);
    }

    @Test
    void confirmationLinkShowsAButtonAndOnlyThePostConfirms() {
        String token = signUpAndReadToken();

        // GIVEN a mail scanner opens the link (twice, no user agent): nothing may change
        APIGatewayV2HTTPResponse shown = confirm.handleRequest(ApiEvents.confirmGet("t=" + token), null);
        confirm.handleRequest(ApiEvents.confirmGet("t=" + token), null);

        assertThat(shown.getStatusCode()).isEqualTo(200);
        Document page = Jsoup.parse(shown.getBody());
        assertThat(page.selectFirst("form[method=post][action=/confirm] input[name=t]").attr("value")).isEqualTo(token);
        assertThat(page.selectFirst("form button[type=submit]").text()).isEqualTo("Confirm my subscription");
        assertThat(store.findLead("demo", addressKey())).isEmpty();
        assertThat(store.findPending("demo", addressKey())).isPresent();

        // WHEN the person presses Confirm
        clock.advance(Duration.ofMinutes(3));
        APIGatewayV2HTTPResponse confirmed = post(token);

        // THEN they land on the confirmed page and the lead holds its proof of consent
        assertThat(confirmed.getStatusCode()).isEqualTo(303);
        // demo.yaml has a survey: the confirmed page gets a link to it
        assertThat(confirmed.getHeaders().get("location")).matches("/c/demo/confirmed\\?s=demo\\.[A-Za-z0-9_-]{43}");
        APIGatewayV2HTTPResponse landing = pages.handleRequest(ApiEvents.page("demo", "/confirmed", ""), null);
        assertThat(Jsoup.parse(landing.getBody()).selectFirst("h1").text()).isEqualTo("You're in!");

        assertThat(store.findPending("demo", addressKey())).isEmpty();
        assertThat(store.findLead("demo", addressKey())).hasValueSatisfying(lead -> {
            assertThat(lead.status()).isEqualTo(LeadStatus.CONFIRMED);
            assertThat(lead.email().value()).isEqualTo(email);
            assertThat(lead.fields()).containsEntry("firstName", "Grace").containsEntry("role", "Developer");
            assertThat(lead.signup().consentVersion()).isEqualTo("2026-11-01");
            assertThat(lead.signup().consentText()).startsWith("Yes, email me the Lean Launch Checklist");
            assertThat(lead.signup().ip()).isEqualTo("203.0.113.7");
            assertThat(lead.confirmation().at()).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
            assertThat(lead.confirmation().userAgent()).isEqualTo(ApiEvents.BROWSER_UA);
        });
        List<LedgerEvent> ledger = store.ledger("demo", addressKey());
        assertThat(ledger).extracting(LedgerEvent::type).containsExactly("subscribed", "confirmed");
        assertThat(ledger).allSatisfy(e -> {
            assertThat(e.campaignId()).isEqualTo("demo");
            assertThat(e.consentVersion()).isEqualTo("2026-11-01");
            assertThat(e.ip()).isEqualTo("203.0.113.7");
        });
        assertThat(ledger.get(1).at()).isAfter(ledger.get(0).at());
        assertThat(String.join("\n", logs)).contains("lead.confirmed").doesNotContain(email).doesNotContain(token);
    }

    @Test
    void confirmingTwiceSaysAlreadyConfirmed() {
        String token = signUpAndReadToken();
        post(token);

        APIGatewayV2HTTPResponse again = post(token);
        APIGatewayV2HTTPResponse shownAgain = confirm.handleRequest(ApiEvents.confirmGet("t=" + token), null);

        assertThat(again.getStatusCode()).isEqualTo(303);
        assertThat(again.getHeaders()).containsEntry("location", "/c/demo/confirmed?already=1");
        assertThat(shownAgain.getHeaders()).containsEntry("location", "/c/demo/confirmed?already=1");
        APIGatewayV2HTTPResponse page = pages.handleRequest(ApiEvents.page("demo", "/confirmed", "already=1"), null);
        assertThat(Jsoup.parse(page.getBody()).selectFirst("h1").text()).isEqualTo("You're already confirmed");
        assertThat(store.ledger("demo", addressKey())).hasSize(2);
    }

    @Test
    void resubmittingAfterConfirmationNeverDowngradesOrMailsAgain() {
        post(signUpAndReadToken());
        int mailsBefore = AWS.sentEmailsTo(email).size();

        APIGatewayV2HTTPResponse response = submit.handleRequest(ApiEvents.subscribe("demo", ApiEvents.FORM,
                "email=" + email.toUpperCase(java.util.Locale.ROOT) + "&consent=yes&firstName=Mallory"), null);

        assertThat(response.getStatusCode()).isEqualTo(303);
        assertThat(store.findLead("demo", addressKey())).hasValueSatisfying(lead -> {
            assertThat(lead.status()).isEqualTo(LeadStatus.CONFIRMED);
            assertThat(lead.fields()).containsEntry("firstName", "Grace");
        });
        assertThat(store.findPending("demo", addressKey())).isEmpty();
        assertThat(AWS.sentEmailsTo(email)).hasSize(mailsBefore);
    }

    @Test
    void anEarlierLinkStillConfirmsTheLatestSignup() {
        String first = signUpAndReadToken();
        submit.handleRequest(ApiEvents.subscribe("demo", ApiEvents.FORM,
                "email=" + email + "&consent=yes&firstName=Grace+H"), null);

        assertThat(post(first).getHeaders().get("location")).startsWith("/c/demo/confirmed?s=");
        assertThat(store.findLead("demo", addressKey())).hasValueSatisfying(lead ->
                assertThat(lead.fields()).containsEntry("firstName", "Grace H"));
    }

    @Test
    void expiredLinksOfferToSignUpAgainAndConfirmNobody() {
        String token = signUpAndReadToken();
        clock.advance(Duration.ofHours(48).plusSeconds(1));

        APIGatewayV2HTTPResponse shown = confirm.handleRequest(ApiEvents.confirmGet("t=" + token), null);
        APIGatewayV2HTTPResponse posted = post(token);

        for (APIGatewayV2HTTPResponse r : List.of(shown, posted)) {
            assertThat(r.getStatusCode()).isEqualTo(410);
            Document page = Jsoup.parse(r.getBody());
            assertThat(page.selectFirst("h1").text()).isEqualTo("This link has expired");
            assertThat(page.selectFirst("a[href=/c/demo]").text()).isEqualTo("Sign up again");
        }
        assertThat(store.findLead("demo", addressKey())).isEmpty();
    }

    @Test
    void pendingSignupsExpireEvenWhenALinkWouldStillBeValid() {
        String token = signUpAndReadToken();
        clock.advance(Duration.ofDays(7).plusSeconds(1));

        assertThat(post(token).getStatusCode()).isEqualTo(410);
        assertThat(store.findLead("demo", addressKey())).isEmpty();
    }

    @Test
    void tamperedAndUnknownLinksGetAClearPage() {
        String token = signUpAndReadToken();
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");

        APIGatewayV2HTTPResponse unknown = post(tampered);
        APIGatewayV2HTTPResponse mangled = post(token.substring(0, 20));
        APIGatewayV2HTTPResponse missing = confirm.handleRequest(ApiEvents.confirmGet(""), null);
        APIGatewayV2HTTPResponse badEscape = confirm.handleRequest(ApiEvents.confirmGet("t=%zz"), null);

        assertThat(unknown.getStatusCode()).isEqualTo(410);
        assertThat(mangled.getStatusCode()).isEqualTo(400);
        assertThat(Jsoup.parse(mangled.getBody()).selectFirst("h1").text()).isEqualTo("This link is not valid");
        assertThat(Jsoup.parse(mangled.getBody()).selectFirst("a[href=/c/demo]")).isNotNull();
        assertThat(missing.getStatusCode()).isEqualTo(400);
        assertThat(badEscape.getStatusCode()).isEqualTo(400);
        assertThat(store.findLead("demo", addressKey())).isEmpty();
        assertThat(store.findPending("demo", addressKey())).isPresent();
    }

    @Test
    void snapStartPrimingOfSubmitConfirmAndPagesWritesNothingAndSendsNothing() {
        PrimingCheck.assertHarmless(AWS, table, submit.priming(), logs);
        PrimingCheck.assertHarmless(AWS, table, confirm.priming(), logs);
        PrimingCheck.assertHarmless(AWS, table, pages.priming(), logs);
    }
}
