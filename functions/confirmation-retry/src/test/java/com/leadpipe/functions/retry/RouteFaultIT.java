package com.leadpipe.functions.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.functions.confirm.ConfirmHandler;
import com.leadpipe.functions.retry.FaultReport.Answer;
import com.leadpipe.functions.submit.SubmitHandler;
import com.leadpipe.functions.survey.SurveyHandler;
import com.leadpipe.functions.unsubscribe.UnsubscribeHandler;
import com.leadpipe.store.Records.LeadStatus;
import com.leadpipe.testing.Addresses;
import com.leadpipe.testing.ApiEvents;
import com.leadpipe.testing.AwsEmulators;
import com.leadpipe.testing.EmulatedBackend;
import com.leadpipe.testing.FaultProxy;
import com.leadpipe.testing.FaultProxy.Mode;
import com.leadpipe.testing.Signups;
import com.leadpipe.unsubscribe.UnsubscribeLinks;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Issue 10's DynamoDB rows for the routes after the signup: confirm, survey and unsubscribe, each
 * through its real handler with its DynamoDB client behind a {@link FaultProxy}. While DynamoDB
 * hangs or refuses, every answer is a 503 with {@code Retry-After} whose text is honest, nothing
 * changes, and the same request succeeds once DynamoDB is back. When a write is applied but its
 * answer lost, the 503 only asks to try again, and trying again lands where the first try would
 * have. Latencies: {@link FaultReport}.
 */
class RouteFaultIT {

    static final String SURVEY_ANSWERS = "q.stage=launched&q.urgency=4&q.budget=small&q.channels=email";
    static final String NOTHING_STORED = "Nothing was stored";
    static final String TRY_AGAIN_SAFE = "trying again is safe";

    @RegisterExtension
    final EmulatedBackend backend = new EmulatedBackend("routes@leadpipe.test", "rita", "example.org");
    final LeadpipeConfig config = backend.config();
    final FaultProxy dynamoProxy = FaultProxy.to(EmulatedBackend.AWS.endpoint("dynamodb"));
    final DynamoDbClient dynamo = new AwsClients(AwsEmulators.REGION, AwsEmulators.CREDENTIALS,
            Map.of("dynamodb", dynamoProxy.endpoint()), FaultReport.TIMEOUTS).dynamoDb();
    final ConfirmHandler confirm = new ConfirmHandler(config, dynamo, backend.campaigns, backend.clock, backend.log);
    final SurveyHandler survey = new SurveyHandler(config, dynamo, backend.campaigns, backend.clock, backend.log);
    final UnsubscribeHandler unsubscribe = backend.handler(UnsubscribeHandler.class, config, dynamo);
    final String pendingAddress = "pending-" + System.nanoTime() + "@example.org";

    String confirmToken;
    String surveyToken;
    String unsubscribeToken;

    /** A confirmed lead (the backend's address) with survey and unsubscribe links, and a pending signup. */
    @BeforeEach
    void leadAndPendingSignup() {
        Signups signups = new Signups(backend, backend.handler(SubmitHandler.class), backend.handler(ConfirmHandler.class));
        surveyToken = Signups.surveyToken(signups.signUpAndConfirm(""));
        String url = new UnsubscribeLinks(backend.store, "https://join.leadpipe.test")
                .mint(backend.store.findLead("demo", backend.addressKey()).orElseThrow(), backend.clock.instant()).url();
        unsubscribeToken = URI.create(url).getRawQuery().substring("t=".length());
        assertThat(signups.submitAs(pendingAddress, "").getStatusCode()).isEqualTo(303);
        Matcher link = Signups.CONFIRM_LINK.matcher(EmulatedBackend.AWS.sentEmailsTo(pendingAddress).getLast().text());
        assertThat(link.find()).isTrue();
        confirmToken = link.group(1);
    }

    @AfterEach
    void closeProxy() {
        dynamo.close();
        dynamoProxy.close();
    }

    static Answer call(RequestStreamHandler handler, Supplier<APIGatewayV2HTTPEvent> event) {
        long start = System.nanoTime();
        return FaultIT.answer(ApiEvents.invoke(handler, event.get()), start);
    }

    Answer confirmPress() {
        return call(confirm, () -> ApiEvents.confirmPost("t=" + confirmToken));
    }

    Answer surveyPost() {
        return call(survey, () -> ApiEvents.surveyPost("demo", "t=" + surveyToken + "&" + SURVEY_ANSWERS));
    }

    Answer unsubscribePress() {
        return call(unsubscribe, () -> ApiEvents.unsubscribePost("t=" + unsubscribeToken));
    }

    Answer oneClick() {
        return call(unsubscribe, () -> ApiEvents.oneClickUnsubscribe("t=" + unsubscribeToken));
    }

    List<String> ledger() {
        return backend.store.ledger("demo", backend.addressKey()).stream().map(e -> e.type()).toList();
    }

    boolean pendingConfirmed() {
        return backend.store.findLead("demo", Addresses.key(pendingAddress)).isPresent();
    }

    static void assertHonest503(String route, List<Answer> answers) {
        assertThat(answers).as(route).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(503);
            assertThat(a.retryAfter()).isNotBlank();
            assertThat(a.body()).containsAnyOf(NOTHING_STORED, TRY_AGAIN_SAFE);
        });
    }

    @Test
    void whileDynamoDbHangsOrRefusesConfirmSurveyAndUnsubscribeAnswer503AndChangeNothingAndRetryingLaterWorks() {
        for (Mode mode : List.of(Mode.HANG, Mode.REFUSE)) {
            // GIVEN DynamoDB hangs (or refuses connections)
            dynamoProxy.mode(mode);
            List<Answer> confirms = new ArrayList<>();
            List<Answer> surveys = new ArrayList<>();
            List<Answer> unsubscribes = new ArrayList<>();
            for (int i = 0; i < 3 * FaultReport.SAMPLES; i++) {
                // WHEN the confirm button, the survey's save and the unsubscribe button (and a one-click) are pressed
                confirms.add(confirmPress());
                surveys.add(surveyPost());
                unsubscribes.add(unsubscribePress());
                unsubscribes.add(oneClick());
            }
            String fault = "DynamoDB " + mode.name().toLowerCase();
            FaultReport.print(fault + " (confirm)", confirms, Map.of());
            FaultReport.print(fault + " (survey)", surveys, Map.of());
            FaultReport.print(fault + " (unsubscribe)", unsubscribes, Map.of());

            // THEN every answer is a 503 with Retry-After and honest text, and nothing changed
            assertHonest503("confirm", confirms);
            assertHonest503("survey", surveys);
            assertHonest503("unsubscribe", unsubscribes);
            assertThat(pendingConfirmed()).isFalse();
            assertThat(backend.store.findLead("demo", backend.addressKey()).orElseThrow().status())
                    .isEqualTo(LeadStatus.CONFIRMED);
            assertThat(ledger()).containsExactlyInAnyOrder("subscribed", "confirmed");
            dynamoProxy.mode(Mode.PASS);
        }

        // WHEN DynamoDB is back and each visitor tries again
        Answer confirmed = confirmPress();
        Answer saved = surveyPost();
        Answer unsubscribed = unsubscribePress();

        // THEN each lands where it would have without the fault, once
        assertThat(confirmed.status()).isEqualTo(303);
        assertThat(pendingConfirmed()).isTrue();
        assertThat(saved.status()).isEqualTo(303);
        assertThat(unsubscribed.status()).isEqualTo(303);
        assertThat(ledger()).containsExactlyInAnyOrder("subscribed", "confirmed", "survey_answered", "qualified",
                "unsubscribed");
    }

    @Test
    void whenAWriteIsAppliedButItsAnswerLostThe503SaysTryAgainAndTryingAgainIsSafe() {
        // GIVEN DynamoDB applies each route's transaction, but the answer never reaches the function
        dynamoProxy.loseAnswersTo("TransactWriteItems").mode(Mode.LOSE_ANSWERS);

        // WHEN the confirm button and the unsubscribe button are pressed
        List<Answer> first = List.of(confirmPress(), unsubscribePress());
        FaultReport.print("DynamoDB write answer lost (confirm, unsubscribe)", first, Map.of());

        // THEN the answers are 503s that do not claim nothing was stored (both writes were applied)
        assertThat(first).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(503);
            assertThat(a.retryAfter()).isNotBlank();
            assertThat(a.body()).doesNotContain(NOTHING_STORED).contains(TRY_AGAIN_SAFE);
        });
        assertThat(pendingConfirmed()).isTrue();
        assertThat(ledger()).contains("unsubscribed");

        // WHEN the visitors try again once DynamoDB answers
        dynamoProxy.mode(Mode.PASS);
        Answer confirmedAgain = confirmPress();
        Answer unsubscribedAgain = unsubscribePress();

        // THEN they get the normal answers, and nothing is recorded twice
        assertThat(confirmedAgain.status()).isEqualTo(303);
        assertThat(unsubscribedAgain.status()).isEqualTo(303);
        assertThat(ledger()).filteredOn("unsubscribed"::equals).hasSize(1);
        assertThat(backend.store.ledger("demo", Addresses.key(pendingAddress))).extracting(e -> e.type())
                .containsExactlyInAnyOrder("subscribed", "confirmed");
    }
}
