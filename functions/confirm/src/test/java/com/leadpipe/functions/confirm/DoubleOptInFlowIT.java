package com.leadpipe.functions.confirm;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.functions.pages.PagesHandler;
import com.leadpipe.functions.submit.SubmitHandler;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.Records.LedgerEvent;
import com.leadpipe.store.Records.LeadStatus;
import com.leadpipe.testing.ApiEvents;
import com.leadpipe.testing.EmulatedBackend;
import com.leadpipe.testing.PrimingCheck;
import com.leadpipe.testing.Signups;
import java.time.Duration;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The core loop end to end on real emulators: a form post, the confirmation email read back from
 * the SES emulator, its link followed (GET shows a button, POST confirms), the lead and its
 * consent ledger checked in DynamoDB.
 */
class DoubleOptInFlowIT {

    @RegisterExtension
    final EmulatedBackend backend = new EmulatedBackend("hello@leadpipe.test", "grace", "example.org");
    final ConfirmHandler confirm = backend.handler(ConfirmHandler.class);
    final PagesHandler pages = backend.handler(PagesHandler.class);
    final Signups signups = new Signups(backend, backend.handler(SubmitHandler.class), confirm);
    final LeadStore store = backend.store;
    final String email = backend.email;

    String signUpAndReadToken() {
        assertThat(signups.submit("&firstName=Grace&role=Developer&website=").getStatusCode()).isEqualTo(303);
        return signups.confirmationToken();
    }

    String addressKey() {
        return backend.addressKey();
    }

    APIGatewayV2HTTPResponse post(String token) {
        return signups.confirm(token);
    }

    @Test
    void confirmationLinkShowsAButtonAndOnlyThePostConfirms() {
        String token = signUpAndReadToken();

        // GIVEN a mail scanner opens the link (twice, no user agent): nothing may change
        APIGatewayV2HTTPResponse shown = ApiEvents.invoke(confirm, ApiEvents.confirmGet("t=" + token));
        ApiEvents.invoke(confirm, ApiEvents.confirmGet("t=" + token));

        assertThat(shown.getStatusCode()).isEqualTo(200);
        Document page = Jsoup.parse(shown.getBody());
        assertThat(page.selectFirst("form[method=post][action=/confirm] input[name=t]").attr("value")).isEqualTo(token);
        assertThat(page.selectFirst("form button[type=submit]").text()).isEqualTo("Confirm my subscription");
        assertThat(store.findLead("demo", addressKey())).isEmpty();
        assertThat(store.findPending("demo", addressKey())).isPresent();

        // WHEN the person presses Confirm
        backend.clock.advance(Duration.ofMinutes(3));
        APIGatewayV2HTTPResponse confirmed = post(token);

        // THEN they land on the confirmed page and the lead holds its proof of consent
        assertThat(confirmed.getStatusCode()).isEqualTo(303);
        // demo.yaml has a survey and a hand-off: the confirmed page gets a link to each
        assertThat(confirmed.getHeaders().get("location"))
                .matches("/c/demo/confirmed\\?s=demo\\.[A-Za-z0-9_-]{43}&h=demo\\.[A-Za-z0-9_-]{43}");
        APIGatewayV2HTTPResponse landing = ApiEvents.invoke(pages, ApiEvents.page("demo", "/confirmed", ""));
        assertThat(Jsoup.parse(landing.getBody()).selectFirst("h1").text()).isEqualTo("You're in!");

        assertThat(store.findPending("demo", addressKey())).isEmpty();
        assertThat(store.findLead("demo", addressKey())).hasValueSatisfying(lead -> {
            assertThat(lead.status()).isEqualTo(LeadStatus.CONFIRMED);
            assertThat(lead.email().value()).isEqualTo(email);
            assertThat(lead.fields()).containsEntry("firstName", "Grace").containsEntry("role", "Developer");
            assertThat(lead.signup().consentVersion()).isEqualTo("2026-11-01");
            assertThat(lead.signup().consentText()).startsWith("Yes, email me the Lean Launch Checklist");
            assertThat(lead.signup().ip()).isEqualTo("203.0.113.7");
            assertThat(lead.confirmation().at()).isEqualTo(backend.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
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
        assertThat(backend.logs.text()).contains("lead.confirmed").doesNotContain(email).doesNotContain(token);
    }

    @Test
    void confirmingTwiceSaysAlreadyConfirmed() {
        String token = signUpAndReadToken();
        post(token);

        APIGatewayV2HTTPResponse again = post(token);
        APIGatewayV2HTTPResponse shownAgain = ApiEvents.invoke(confirm, ApiEvents.confirmGet("t=" + token));

        assertThat(again.getStatusCode()).isEqualTo(303);
        assertThat(again.getHeaders()).containsEntry("location", "/c/demo/confirmed?already=1");
        assertThat(shownAgain.getHeaders()).containsEntry("location", "/c/demo/confirmed?already=1");
        APIGatewayV2HTTPResponse page = ApiEvents.invoke(pages, ApiEvents.page("demo", "/confirmed", "already=1"));
        assertThat(Jsoup.parse(page.getBody()).selectFirst("h1").text()).isEqualTo("You're already confirmed");
        assertThat(store.ledger("demo", addressKey())).hasSize(2);
    }

    @Test
    void resubmittingAfterConfirmationNeverDowngradesOrMailsAgain() {
        post(signUpAndReadToken());
        int mailsBefore = backend.mails().size();

        APIGatewayV2HTTPResponse response = signups.submitAs(email.toUpperCase(java.util.Locale.ROOT), "&firstName=Mallory");

        assertThat(response.getStatusCode()).isEqualTo(303);
        assertThat(store.findLead("demo", addressKey())).hasValueSatisfying(lead -> {
            assertThat(lead.status()).isEqualTo(LeadStatus.CONFIRMED);
            assertThat(lead.fields()).containsEntry("firstName", "Grace");
        });
        assertThat(store.findPending("demo", addressKey())).isEmpty();
        assertThat(backend.mails()).hasSize(mailsBefore);
    }

    @Test
    void anEarlierLinkStillConfirmsTheLatestSignup() {
        String first = signUpAndReadToken();
        signups.submit("&firstName=Grace+H");

        assertThat(post(first).getHeaders().get("location")).startsWith("/c/demo/confirmed?s=");
        assertThat(store.findLead("demo", addressKey())).hasValueSatisfying(lead ->
                assertThat(lead.fields()).containsEntry("firstName", "Grace H"));
    }

    @Test
    void expiredLinksOfferToSignUpAgainAndConfirmNobody() {
        String token = signUpAndReadToken();
        backend.clock.advance(Duration.ofHours(48).plusSeconds(1));

        APIGatewayV2HTTPResponse shown = ApiEvents.invoke(confirm, ApiEvents.confirmGet("t=" + token));
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
        backend.clock.advance(Duration.ofDays(7).plusSeconds(1));

        assertThat(post(token).getStatusCode()).isEqualTo(410);
        assertThat(store.findLead("demo", addressKey())).isEmpty();
    }

    @Test
    void tamperedAndUnknownLinksGetAClearPage() {
        String token = signUpAndReadToken();
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");

        APIGatewayV2HTTPResponse unknown = post(tampered);
        APIGatewayV2HTTPResponse mangled = post(token.substring(0, 20));
        APIGatewayV2HTTPResponse missing = ApiEvents.invoke(confirm, ApiEvents.confirmGet(""));
        APIGatewayV2HTTPResponse badEscape = ApiEvents.invoke(confirm, ApiEvents.confirmGet("t=%zz"));

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
        PrimingCheck.assertHarmless(backend, backend.handler(SubmitHandler.class).priming());
        PrimingCheck.assertHarmless(backend, confirm.priming());
        PrimingCheck.assertHarmless(backend, pages.priming());
    }
}
