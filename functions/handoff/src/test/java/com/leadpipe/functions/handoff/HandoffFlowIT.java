package com.leadpipe.functions.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.campaign.Campaign;
import com.leadpipe.functions.confirm.ConfirmHandler;
import com.leadpipe.functions.pages.PagesHandler;
import com.leadpipe.functions.submit.SubmitHandler;
import com.leadpipe.functions.survey.SurveyHandler;
import com.leadpipe.handoff.HandRaiseLinks;
import com.leadpipe.mail.SesMailSender;
import com.leadpipe.nurture.NurtureMail;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.store.Records.LeadStatus;
import com.leadpipe.store.Records.LedgerEvent;
import com.leadpipe.survey.Qualifier.Stage;
import com.leadpipe.testing.ApiEvents;
import com.leadpipe.testing.EmulatedBackend;
import com.leadpipe.testing.PrimingCheck;
import com.leadpipe.testing.SentEmail;
import com.leadpipe.testing.Signups;
import com.leadpipe.unsubscribe.UnsubscribeLinks;
import com.leadpipe.functions.unsubscribe.UnsubscribeHandler;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Raising a hand end to end on real emulators: a lead confirmed through the real double opt-in,
 * made hot by the real survey, sent the demo's hand-raise step through SES; the link read back
 * from the sent mail opens the form and the form's POST makes the lead sales-ready.
 */
class HandoffFlowIT {

    static final String BASE_URL = "https://join.leadpipe.test";
    static final Pattern HAND_RAISE_LINK = Pattern.compile(Pattern.quote(BASE_URL) + "/c/demo/talk\\?t=(demo\\.[A-Za-z0-9_-]{43})");

    @RegisterExtension
    final EmulatedBackend backend = new EmulatedBackend("hello@leadpipe.test", "ada", "example.org");
    final HandoffHandler handoff = backend.handler(HandoffHandler.class);
    final Signups signups = new Signups(backend, backend.handler(SubmitHandler.class), backend.handler(ConfirmHandler.class));
    final Campaign demo = backend.campaigns.find("demo").orElseThrow();

    Lead hotLead() {
        String surveyToken = Signups.surveyToken(signups.signUpAndConfirm("&firstName=Ada&website="));
        ApiEvents.invoke(backend.handler(SurveyHandler.class), ApiEvents.surveyPost("demo",
                "t=" + surveyToken + "&q.stage=launched&q.urgency=5&q.budget=large"));
        Lead lead = backend.store.findLead("demo", backend.addressKey()).orElseThrow();
        assertThat(lead.qualification().stage()).isEqualTo(Stage.QUALIFIED);
        return lead;
    }

    /** The demo's hot-lead step, rendered as the nurture sender does and sent through SES. Returns the link's token. */
    String sendHandRaiseMail(Lead lead) throws Exception {
        var step = demo.sequence().orElseThrow().steps().stream().filter(s -> s.id().equals("launch-review"))
                .findFirst().orElseThrow();
        NurtureMail mails = new NurtureMail(new UnsubscribeLinks(backend.store, BASE_URL), new HandRaiseLinks(backend.store));
        new SesMailSender(EmulatedBackend.AWS.sesV2(), "hello@leadpipe.test", Optional.empty(), backend.clock)
                .send(mails.render(demo, lead, step, backend.clock.instant()));
        SentEmail sent = backend.mails().stream().filter(m -> m.subject().startsWith("Want a free")).reduce((a, b) -> b)
                .orElseThrow();
        Matcher text = HAND_RAISE_LINK.matcher(sent.text());
        assertThat(text.find()).as("hand-raise link in %s", sent.text()).isTrue();
        assertThat(Jsoup.parse(sent.html()).selectFirst("a:contains(launch review)").attr("href")).isEqualTo(text.group());
        return text.group(1);
    }

    APIGatewayV2HTTPResponse get(String query) {
        return ApiEvents.invoke(handoff, ApiEvents.page("demo", "/talk", query));
    }

    APIGatewayV2HTTPResponse post(String body) {
        return ApiEvents.invoke(handoff, ApiEvents.request("POST", "/c/demo/talk", "POST /c/{campaign}/talk",
                Map.of("campaign", "demo"), null, ApiEvents.FORM, body));
    }

    List<LedgerEvent> handRaised() {
        return backend.store.ledger("demo", backend.addressKey()).stream().filter(e -> e.type().equals("hand_raised")).toList();
    }

    /** Notices to the demo's notify address about this test's lead (the emulator is shared by all tests). */
    List<SentEmail> notices() {
        return EmulatedBackend.AWS.sentEmailsTo("sales@leadpipe.test").stream()
                .filter(m -> m.subject().contains(backend.email)).toList();
    }

    static String h1(APIGatewayV2HTTPResponse response) {
        return Jsoup.parse(response.getBody()).selectFirst("h1").text();
    }

    @Test
    void aHotLeadRaisesItsHandFromTheMailOnceAndScannersChangeNothing() throws Exception {
        String token = sendHandRaiseMail(hotLead());

        // GIVEN a scanner opens the link, twice: the form, and nothing changes
        APIGatewayV2HTTPResponse shown = get("t=" + token);
        get("t=" + token);
        assertThat(shown.getStatusCode()).isEqualTo(200);
        Document form = Jsoup.parse(shown.getBody());
        assertThat(form.selectFirst("form[method=post][action=/c/demo/talk] input[name=t]").attr("value")).isEqualTo(token);
        assertThat(form.select("input[name=channel]")).extracting(e -> e.attr("value")).containsExactly("email", "phone", "video");
        assertThat(form.select("input[name=phone], input[name=bestTime], textarea[name=message]")).hasSize(3);
        assertThat(shown.getBody()).doesNotContain(backend.email);
        assertThat(handRaised()).isEmpty();
        assertThat(backend.store.findLead("demo", backend.addressKey()).orElseThrow().qualification().stage())
                .isEqualTo(Stage.QUALIFIED);

        // WHEN the lead sends the form
        backend.clock.advance(Duration.ofDays(2));
        APIGatewayV2HTTPResponse sent = post("t=" + token + "&channel=phone&phone=%2B44+20+7946+0000&bestTime=mornings"
                + "&message=Launching+in+May");

        // THEN a thank-you page, the lead is sales-ready and tagged, and the ledger says who, when, from where
        assertThat(sent.getStatusCode()).isEqualTo(200);
        assertThat(h1(sent)).isEqualTo("Thanks, we'll be in touch");
        Lead lead = backend.store.findLead("demo", backend.addressKey()).orElseThrow();
        assertThat(lead.qualification().stage()).isEqualTo(Stage.SALES_READY);
        assertThat(lead.qualification().tags()).contains("hand-raised", "sales-ready", "launched");
        assertThat(backend.leadItem("demo").get("stage").s()).isEqualTo("sales-ready");
        assertThat(handRaised()).singleElement().satisfies(e -> {
            assertThat(e.at()).isEqualTo(backend.clock.instant().truncatedTo(ChronoUnit.MICROS));
            assertThat(e.ip()).isEqualTo("203.0.113.7");
            assertThat(e.userAgent()).isEqualTo(ApiEvents.BROWSER_UA);
            assertThat(e.details()).containsOnly(Map.entry("channel", "phone"), Map.entry("phone", "+44 20 7946 0000"),
                    Map.entry("bestTime", "mornings"), Map.entry("message", "Launching in May"));
        });

        // AND nothing is mailed from the request: the notify list hears from the table's stream
        // (LeadEventsFlowIT), and the one reminder is owed from this write on (acknowledgeWithin: 4h)
        assertThat(notices()).isEmpty();
        assertThat(backend.leadItem("demo").get("remindAt").s()).startsWith(
                backend.clock.instant().plus(Duration.ofHours(4)).toString().substring(0, 16));
        assertThat(backend.mails()).filteredOn(m -> m.to().contains(backend.email))
                .noneSatisfy(m -> assertThat(m.subject()).startsWith("Hand raised"));

        // AND sending it again is the same success, recorded once, with no second notice
        APIGatewayV2HTTPResponse again = post("t=" + token + "&channel=email");
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(again.getBody()).isEqualTo(sent.getBody());
        assertThat(handRaised()).hasSize(1);
        assertThat(notices()).isEmpty();
        assertThat(backend.logs.text()).contains("lead.hand_raised", "handoff.already").doesNotContain(backend.email)
                .doesNotContain(token).doesNotContain("7946");
    }

    @Test
    void theConfirmedAndSurveySavedPagesOfferAWorkingHandRaiseLink() {
        // GIVEN a confirmation: its redirect carries a hand-raise token, the confirmed page links it
        assertThat(signups.submit("&firstName=Ada&website=").getStatusCode()).isEqualTo(303);
        String location = signups.confirmFromMail().getHeaders().get("location");
        String query = location.substring(location.indexOf('?') + 1);
        APIGatewayV2HTTPResponse confirmedPage = ApiEvents.invoke(backend.handler(PagesHandler.class),
                ApiEvents.page("demo", "/confirmed", query));
        String fromConfirmed = Jsoup.parse(confirmedPage.getBody()).selectFirst("a.cta[href*=/talk]").attr("href");

        // AND a survey answer: the saved page links a new one
        String surveyToken = query.replaceFirst("^s=", "").replaceFirst("&.*", "");
        APIGatewayV2HTTPResponse answered = ApiEvents.invoke(backend.handler(SurveyHandler.class), ApiEvents.surveyPost("demo",
                "t=" + surveyToken + "&q.stage=idea&q.urgency=1&q.budget=none"));
        String savedLocation = answered.getHeaders().get("location");
        APIGatewayV2HTTPResponse savedPage = ApiEvents.invoke(backend.handler(SurveyHandler.class), ApiEvents.surveyGet("demo",
                savedLocation.substring(savedLocation.indexOf('?') + 1)));
        String fromSaved = Jsoup.parse(savedPage.getBody()).selectFirst("a.cta[href*=/talk]").attr("href");

        // THEN both links open the form of this lead; neither page changed anything
        for (String link : List.of(fromConfirmed, fromSaved)) {
            assertThat(link).matches("/c/demo/talk\\?t=demo\\.[A-Za-z0-9_-]{43}");
            assertThat(get(link.substring(link.indexOf('?') + 1)).getStatusCode()).isEqualTo(200);
        }
        assertThat(fromSaved).isNotEqualTo(fromConfirmed);
        assertThat(handRaised()).isEmpty();
        // AND a cold lead may raise its hand too: the link works for any confirmed lead
        assertThat(post(fromSaved.substring(fromSaved.indexOf('?') + 1) + "&channel=email").getStatusCode()).isEqualTo(200);
        assertThat(backend.store.findLead("demo", backend.addressKey()).orElseThrow().qualification().stage())
                .isEqualTo(Stage.SALES_READY);

        // AND new answers afterwards re-score the lead but keep it sales-ready and tagged
        backend.clock.advance(Duration.ofMinutes(1));
        ApiEvents.invoke(backend.handler(SurveyHandler.class), ApiEvents.surveyPost("demo",
                "t=" + surveyToken + "&q.stage=launched&q.urgency=5&q.budget=large"));
        assertThat(backend.store.findLead("demo", backend.addressKey()).orElseThrow().qualification()).satisfies(q -> {
            assertThat(q.stage()).isEqualTo(Stage.SALES_READY);
            assertThat(q.temperature().lower()).isEqualTo("hot");
            assertThat(q.tags()).contains("hand-raised", "launched");
        });
    }

    @Test
    void aPhoneCallWithoutANumberAsksForOneAndStoresNothing() throws Exception {
        String token = sendHandRaiseMail(hotLead());

        APIGatewayV2HTTPResponse answer = post("t=" + token + "&channel=phone&message=hi");

        assertThat(answer.getStatusCode()).isEqualTo(400);
        Document page = Jsoup.parse(answer.getBody());
        assertThat(page.selectFirst("[role=alert]").text()).contains("phone number");
        assertThat(page.selectFirst("input[name=channel][value=phone]").hasAttr("checked")).isTrue();
        assertThat(page.selectFirst("textarea[name=message]").text()).isEqualTo("hi");
        assertThat(handRaised()).isEmpty();
    }

    @Test
    void anUnsubscribedLeadsLinkSaysSoAndStoresNothing() throws Exception {
        Lead lead = hotLead();
        String token = sendHandRaiseMail(lead);
        String unsubscribe = backend.mails().stream().filter(m -> m.header("List-Unsubscribe") != null).reduce((a, b) -> b)
                .orElseThrow().header("List-Unsubscribe").replaceAll("^<[^?]+\\?|>$", "");
        ApiEvents.invoke(backend.handler(UnsubscribeHandler.class), ApiEvents.oneClickUnsubscribe(unsubscribe));
        assertThat(backend.store.findLead("demo", backend.addressKey()).orElseThrow().status()).isEqualTo(LeadStatus.UNSUBSCRIBED);

        APIGatewayV2HTTPResponse shown = get("t=" + token);
        APIGatewayV2HTTPResponse posted = post("t=" + token + "&channel=email");

        assertThat(shown.getStatusCode()).isEqualTo(410);
        assertThat(posted.getStatusCode()).isEqualTo(410);
        assertThat(h1(posted)).isEqualTo("This link no longer works");
        assertThat(Jsoup.parse(posted.getBody()).select("form")).isEmpty();
        assertThat(handRaised()).isEmpty();
        assertThat(backend.store.findLead("demo", backend.addressKey()).orElseThrow().qualification().stage())
                .isEqualTo(Stage.QUALIFIED);
    }

    @Test
    void unknownTamperedAndOtherCampaignsTokensChangeNothing() throws Exception {
        String token = sendHandRaiseMail(hotLead());
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");

        assertThat(post("t=" + tampered + "&channel=email").getStatusCode()).isEqualTo(410);
        assertThat(post("t=nonsense&channel=email").getStatusCode()).isEqualTo(400);
        assertThat(get("").getStatusCode()).isEqualTo(400);
        assertThat(ApiEvents.invoke(handoff, ApiEvents.page("nope", "/talk", "t=" + token)).getStatusCode()).isEqualTo(404);
        assertThat(handRaised()).isEmpty();
    }

    @Test
    void snapStartPrimingWritesNothingAndSendsNothing() {
        PrimingCheck.assertHarmless(backend, handoff.priming());
    }
}
