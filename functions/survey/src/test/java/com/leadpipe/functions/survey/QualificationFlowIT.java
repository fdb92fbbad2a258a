package com.leadpipe.functions.survey;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.campaign.Survey.Axis;
import com.leadpipe.campaign.Survey.Temperature;
import com.leadpipe.functions.confirm.ConfirmHandler;
import com.leadpipe.functions.pages.PagesHandler;
import com.leadpipe.functions.submit.SubmitHandler;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.store.Records.LedgerEvent;
import com.leadpipe.survey.Qualifier.Stage;
import com.leadpipe.testing.ApiEvents;
import com.leadpipe.testing.EmulatedBackend;
import com.leadpipe.testing.MutableClock;
import com.leadpipe.testing.PrimingCheck;
import com.leadpipe.testing.Signups;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Submit → confirm → survey on real emulators: the lead ends hot, warm or cold exactly as the demo rules say. */
class QualificationFlowIT {

    @RegisterExtension
    final EmulatedBackend backend = new EmulatedBackend("survey@leadpipe.test", "kim", "example.com");
    final MutableClock clock = backend.clock;
    final LeadStore store = backend.store;
    final PagesHandler pages = backend.handler(PagesHandler.class);
    final SurveyHandler survey = backend.handler(SurveyHandler.class);
    final Signups signups = new Signups(backend, backend.handler(SubmitHandler.class), backend.handler(ConfirmHandler.class));

    String addressKey() {
        return backend.addressKey();
    }

    /** @return the survey token the thanks page links to */
    String signUp(String query) {
        APIGatewayV2HTTPResponse response = signups.submit("&firstName=Kim" + query);
        assertThat(response.getStatusCode()).isEqualTo(303);
        assertThat(response.getHeaders().get("location")).startsWith("/c/demo/thanks?s=demo.");
        return Signups.surveyToken(response);
    }

    /** @return the survey token the confirmed page links to */
    String confirmFromMail() {
        APIGatewayV2HTTPResponse response = signups.confirmFromMail();
        assertThat(response.getHeaders().get("location")).startsWith("/c/demo/confirmed?s=demo.");
        return Signups.surveyToken(response);
    }

    APIGatewayV2HTTPResponse answer(String token, String answers) {
        clock.advance(Duration.ofMinutes(1));
        return ApiEvents.invoke(survey, ApiEvents.surveyPost("demo", "t=" + token + "&" + answers));
    }

    static APIGatewayV2HTTPEvent surveyGet(String token) {
        return ApiEvents.surveyGet("demo", "t=" + token);
    }

    Lead lead() {
        return store.findLead("demo", addressKey()).orElseThrow();
    }

    @Test
    void confirmedLeadAnsweringHotIsQualifiedAndTagged() {
        signUp("");
        String token = confirmFromMail();

        // The confirmed page offers the survey
        APIGatewayV2HTTPResponse confirmedPage = ApiEvents.invoke(pages, ApiEvents.page("demo", "/confirmed", "s=" + token));
        assertThat(Jsoup.parse(confirmedPage.getBody()).selectFirst("a.cta").attr("href"))
                .isEqualTo("/c/demo/survey?t=" + token);
        assertThat(lead().qualification().stage()).isEqualTo(Stage.CONFIRMED);

        APIGatewayV2HTTPResponse saved = answer(token, "q.stage=launched&q.urgency=4&q.budget=small&q.channels=email");

        assertThat(saved.getStatusCode()).isEqualTo(303);
        // The saved page also offers the hand-raise link (the demo has a hand-off): a new token for the lead
        assertThat(saved.getHeaders().get("location")).matches(java.util.regex.Pattern.quote("/c/demo/survey?t=" + token
                + "&saved=1&h=") + "demo\\.[A-Za-z0-9_-]{43}");
        Lead lead = lead();
        assertThat(lead.qualification().temperature()).isEqualTo(Temperature.HOT);
        assertThat(lead.qualification().stage()).isEqualTo(Stage.QUALIFIED);
        assertThat(lead.qualification().score(Axis.INTEREST)).isEqualTo(7);
        assertThat(lead.qualification().score(Axis.BUDGET)).isEqualTo(3);
        assertThat(lead.qualification().score(Axis.FIT)).isEqualTo(5);
        assertThat(lead.qualification().total()).isEqualTo(15);
        assertThat(lead.qualification().tags()).containsExactlyInAnyOrder("launched", "sales-ready");
        assertThat(lead.survey()).containsEntry("budget", List.of("small"));
        assertThat(store.ledger("demo", addressKey())).extracting(LedgerEvent::type)
                .containsExactly("subscribed", "confirmed", "survey_answered", "qualified");
    }

    @Test
    void warmAndColdFollowTheRulesAndReansweringReplacesButTheLedgerKeepsHistory() {
        signUp("");
        String token = confirmFromMail();

        answer(token, "q.stage=idea&q.urgency=5&q.budget=none&q.channels=social&q.channels=ads");
        assertThat(lead().qualification().temperature()).isEqualTo(Temperature.WARM);
        assertThat(lead().qualification().stage()).isEqualTo(Stage.ENGAGED);

        clock.advance(Duration.ofMinutes(5));
        answer(token, "q.stage=building&q.urgency=1&q.budget=large");

        Lead lead = lead();
        assertThat(lead.qualification().temperature()).isEqualTo(Temperature.COLD);
        assertThat(lead.qualification().tags()).containsExactlyInAnyOrder("building", "big-budget", "nurture-basics");
        assertThat(lead.survey()).doesNotContainKey("channels").containsEntry("urgency", List.of("1"));
        List<LedgerEvent> ledger = store.ledger("demo", addressKey());
        assertThat(ledger).extracting(LedgerEvent::type).containsExactly("subscribed", "confirmed",
                "survey_answered", "qualified", "survey_answered", "qualified");
        assertThat(ledger.get(2).details()).containsEntry("channels", "social|ads");
        assertThat(ledger.get(5).details()).containsEntry("temperature", "cold").containsEntry("stage", "engaged");

        // GET shows the latest answers, with the saved note
        Document page = Jsoup.parse(ApiEvents.invoke(survey, surveyGet(token)).getBody());
        assertThat(page.select("input[name=q.budget][checked]")).extracting(e -> e.attr("value")).containsExactly("large");
        assertThat(page.select("input[name=q.channels][checked]")).isEmpty();
    }

    @Test
    void answersGivenBeforeConfirmingMoveWithTheSignup() {
        String early = signUp("&utm_source=newsletter&utm_campaign=spring");

        // The thanks page links to the survey
        Document thanks = Jsoup.parse(ApiEvents.invoke(pages, ApiEvents.page("demo", "/thanks", "s=" + early)).getBody());
        assertThat(thanks.selectFirst("a.cta").attr("href")).isEqualTo("/c/demo/survey?t=" + early);

        assertThat(answer(early, "q.stage=launched&q.urgency=5&q.budget=large&q.goal=Launch+in+May").getStatusCode())
                .isEqualTo(303);
        assertThat(store.findLead("demo", addressKey())).isEmpty();
        assertThat(store.findPending("demo", addressKey()).orElseThrow().survey()).containsEntry("stage", List.of("launched"));

        confirmFromMail();

        Lead lead = lead();
        assertThat(lead.qualification().temperature()).isEqualTo(Temperature.HOT);
        assertThat(lead.qualification().stage()).isEqualTo(Stage.QUALIFIED);
        assertThat(lead.survey()).containsEntry("goal", List.of("Launch in May"));
        assertThat(lead.attribution()).containsEntry("utm_source", "newsletter").containsEntry("utm_campaign", "spring");
        assertThat(store.ledger("demo", addressKey())).extracting(LedgerEvent::type)
                .containsExactly("subscribed", "survey_answered", "confirmed", "qualified");
        // The thanks-page link still works after confirmation: same signup
        answer(early, "q.stage=idea&q.urgency=1&q.budget=none");
        assertThat(lead().qualification().temperature()).isEqualTo(Temperature.COLD);
    }

    @Test
    void unconfirmedAnswersExpireWithTheSignup() {
        String early = signUp("");
        answer(early, "q.stage=launched&q.urgency=5&q.budget=large");
        clock.advance(Duration.ofDays(7).plusMinutes(1));

        assertThat(answer(early, "q.stage=idea&q.urgency=1&q.budget=none").getStatusCode()).isEqualTo(410);
        assertThat(ApiEvents.invoke(survey, surveyGet(early)).getStatusCode()).isEqualTo(410);
    }

    @Test
    void invalidAnswersGet422WithFieldMessagesAndChangeNothing() {
        signUp("");
        String token = confirmFromMail();
        answer(token, "q.stage=launched&q.urgency=4&q.budget=small");

        APIGatewayV2HTTPResponse form = answer(token, "q.stage=moon&q.urgency=4&q.unknown=1");
        APIGatewayV2HTTPEvent jsonEvent = ApiEvents.request("POST", "/c/demo/survey", "POST /c/{campaign}/survey",
                Map.of("campaign", "demo"), null, ApiEvents.JSON,
                "{\"t\":\"" + token + "\",\"q.stage\":\"launched\",\"q.channels\":[\"ads\",\"tv\"]}");
        jsonEvent.getHeaders().put("accept", ApiEvents.JSON);
        APIGatewayV2HTTPResponse json = ApiEvents.invoke(survey, jsonEvent);

        assertThat(form.getStatusCode()).isEqualTo(422);
        Document page = Jsoup.parse(form.getBody());
        assertThat(page.selectFirst("#q-stage-error").text()).isEqualTo("Choose one of the listed answers.");
        assertThat(page.selectFirst("#q-budget-error").text()).isEqualTo("Please answer this question.");
        assertThat(page.select("#error-summary li")).extracting(e -> e.text()).contains("There is no such question.");
        assertThat(page.select("input[name=q.urgency][checked]")).extracting(e -> e.attr("value")).containsExactly("4");
        assertThat(json.getStatusCode()).isEqualTo(422);
        assertThat(json.getBody()).contains("\"q.channels\":\"Choose among the listed answers.\"", "\"q.urgency\":");
        assertThat(lead().qualification().temperature()).isEqualTo(Temperature.HOT);
        assertThat(store.ledger("demo", addressKey())).filteredOn(e -> e.type().equals("survey_answered")).hasSize(1);
    }

    @Test
    void linksThatAreNotOursOrForAnotherCampaignAreRefused() {
        signUp("");
        String token = confirmFromMail();

        assertThat(answer("demo.tampered", "q.stage=idea").getStatusCode()).isEqualTo(400);
        // The last character changed to another one (it is one of 16 values: "A" was the token itself 1 time in 16)
        String tampered = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "E" : "A");
        assertThat(answer(tampered, "q.stage=idea&q.urgency=1&q.budget=none").getStatusCode()).isIn(410, 400);
        assertThat(ApiEvents.invoke(survey, surveyGet("other." + token.substring(5))).getStatusCode()).isEqualTo(400);
        assertThat(lead().qualification().stage()).isEqualTo(Stage.CONFIRMED);
    }

    @Test
    void aResubmissionForAConfirmedAddressGetsAWorkingLinkThatChangesNothing() {
        signUp("");
        String token = confirmFromMail();
        answer(token, "q.stage=launched&q.urgency=4&q.budget=small");

        // Someone else types the same address: same answer shape, a survey that "works"...
        String decoy = signUp("");
        APIGatewayV2HTTPResponse shown = ApiEvents.invoke(survey, surveyGet(decoy));
        APIGatewayV2HTTPResponse saved = answer(decoy, "q.stage=idea&q.urgency=1&q.budget=none");

        // ...and the real lead is untouched
        assertThat(shown.getStatusCode()).isEqualTo(200);
        assertThat(Jsoup.parse(shown.getBody()).select("input[checked]")).isEmpty();
        assertThat(saved.getStatusCode()).isEqualTo(303);
        assertThat(lead().qualification().temperature()).isEqualTo(Temperature.HOT);
        assertThat(lead().survey()).containsEntry("stage", List.of("launched"));
    }

    @Test
    void snapStartPrimingWritesNothingAndSendsNothing() {
        PrimingCheck.assertHarmless(backend, survey.priming());
    }
}
