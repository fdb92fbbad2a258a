package com.leadpipe.functions.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.functions.confirm.ConfirmHandler;
import com.leadpipe.functions.retry.FaultReport.Answer;
import com.leadpipe.functions.submit.SubmitHandler;
import com.leadpipe.testing.Addresses;
import com.leadpipe.testing.ApiEvents;
import com.leadpipe.testing.AwsEmulators;
import com.leadpipe.testing.EmulatedBackend;
import com.leadpipe.testing.FaultProxy;
import com.leadpipe.testing.FaultProxy.Mode;
import com.leadpipe.testing.Signups;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The rows of issue 10's table for signups and the outbox, rerun in the suite: DynamoDB or SES
 * behind a {@link FaultProxy} that hangs, resets, refuses or answers slowly, SDK timeouts short
 * (as configured through {@link AwsClients.Timeouts}). Assertions are on counts (accepted,
 * stored, mailed, lost, beyond the cap); latencies are printed by {@link FaultReport}, never
 * asserted. The confirm, survey and unsubscribe routes: {@link RouteFaultIT}.
 */
class FaultIT {

    static final AwsEmulators AWS = EmulatedBackend.AWS;
    static final String SENDER = "faults@leadpipe.test";
    static final AwsClients.Timeouts SHORT = FaultReport.TIMEOUTS;
    static final Duration AFTER_LEASE = LeadpipeConfig.DEFAULT_MAIL_LEASE.plusSeconds(1);

    @RegisterExtension
    final EmulatedBackend backend = new EmulatedBackend(SENDER, "fay", "example.org");
    final LeadpipeConfig config = backend.config();
    final FaultProxy dynamoProxy = FaultProxy.to(AWS.endpoint("dynamodb"));
    final FaultProxy sesProxy = FaultProxy.to(AWS.endpoint("sesv2"));
    final FaultProxy sqsProxy = FaultProxy.to(AWS.endpoint("sqs"));
    final AwsClients faulty = new AwsClients(AwsEmulators.REGION, AwsEmulators.CREDENTIALS,
            Map.of("dynamodb", dynamoProxy.endpoint(), "sesv2", sesProxy.endpoint(), "sqs", sqsProxy.endpoint()), SHORT);
    final DynamoDbClient dynamo = faulty.dynamoDb();
    final SesV2Client ses = faulty.sesV2();
    final SubmitHandler submit = new SubmitHandler(config, dynamo, ses, backend.campaigns, backend.clock, backend.log);
    final ConfirmationRetryHandler sweep = new ConfirmationRetryHandler(config, dynamo, ses, backend.campaigns,
            backend.clock, backend.log);

    @AfterEach
    void closeProxies() {
        dynamo.close();
        ses.close();
        dynamoProxy.close();
        sesProxy.close();
        sqsProxy.close();
    }

    static String address(String label, int i) {
        return label + "-" + i + "-" + System.nanoTime() + "@example.org";
    }

    static Answer signup(SubmitHandler handler, String address) {
        long start = System.nanoTime();
        APIGatewayV2HTTPResponse r = ApiEvents.invoke(handler, ApiEvents.subscribe("demo", ApiEvents.FORM,
                "email=" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "&consent=yes"));
        return answer(r, start);
    }

    static Answer answer(APIGatewayV2HTTPResponse r, long startNanos) {
        String retryAfter = r.getHeaders() == null ? null : r.getHeaders().get("retry-after");
        return new Answer(r.getStatusCode(), (System.nanoTime() - startNanos) / 1_000_000, r.getBody(), retryAfter);
    }

    boolean stored(String address) {
        return backend.store.findPending("demo", Addresses.key(address)).isPresent();
    }

    static int mailed(String address) {
        return AWS.sentEmailsTo(address).size();
    }

    /** accepted (303), stored, mailed (addresses with at least one mail), lost, beyond the cap. */
    Map<String, Integer> counts(List<Answer> answers, List<String> addresses) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("accepted", (int) answers.stream().filter(a -> a.status() == 303).count());
        counts.put("stored", (int) addresses.stream().filter(this::stored).count());
        counts.put("mailed", (int) addresses.stream().filter(a -> mailed(a) > 0).count());
        counts.put("lost", (int) addresses.stream().filter(a -> mailed(a) == 0).count());
        counts.put("beyond cap", addresses.stream().mapToInt(a -> Math.max(0, mailed(a) - config.confirmationCap())).sum());
        return counts;
    }

    void sweepAfterLease() {
        backend.clock.advance(AFTER_LEASE);
        sweep.handleRequest(Map.of(), null);
    }

    /** One thread per handler (a container each), released together; their answers in order. */
    static <H, A> List<A> atOnce(List<H> handlers, java.util.function.Function<H, A> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(handlers.size());
        try {
            List<Future<A>> futures = new ArrayList<>();
            for (H handler : handlers) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.apply(handler);
                }));
            }
            start.countDown();
            List<A> answers = new ArrayList<>();
            for (Future<A> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void whileSesHangsResetsOrRefusesEverySignupIsAcceptedStoredAndMailedLaterByTheSweep() {
        for (Mode mode : List.of(Mode.HANG, Mode.RESET, Mode.REFUSE)) {
            List<String> addresses = new ArrayList<>();
            List<Answer> answers = new ArrayList<>();
            // GIVEN SES hangs (or resets, or refuses connections); the table answers
            sesProxy.mode(mode);
            for (int i = 0; i < 3 * FaultReport.SAMPLES; i++) {
                String address = address(mode.name().toLowerCase(), i);
                addresses.add(address);
                // WHEN a visitor signs up
                answers.add(signup(submit, address));
            }

            // THEN every signup got the normal answer and is stored with its mail owed, none sent yet
            assertThat(answers).extracting(Answer::status).containsOnly(303);
            assertThat(addresses).allSatisfy(a -> assertThat(stored(a)).as(a).isTrue());
            assertThat(addresses).allSatisfy(a -> assertThat(mailed(a)).as(a).isZero());

            // WHEN SES is back and the sweep runs after the lease
            sesProxy.mode(Mode.PASS);
            sweepAfterLease();

            // THEN each accepted signup got exactly one mail: none lost
            assertThat(addresses).allSatisfy(a -> assertThat(mailed(a)).as(a).isEqualTo(1));
            FaultReport.print("SES " + mode.name().toLowerCase() + " (signup)", answers, counts(answers, addresses));
        }
    }

    @Test
    void whileSesAndSqsAreBothDownNoAcceptedSignupIsLostAndTheSweepMailsEachOnceTheyAreBack() {
        // GIVEN SES and SQS both refuse connections (a regional outage of both): the signup handler's
        // clients all point at the faulty proxies, SQS included, as the deployed function's would
        SubmitHandler deployedLike = new SubmitHandler(config, faulty, backend.campaigns, backend.clock);
        sesProxy.mode(Mode.REFUSE);
        sqsProxy.mode(Mode.REFUSE);
        List<String> addresses = new ArrayList<>();
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < 5 * FaultReport.SAMPLES; i++) {
            String address = address("outage", i);
            addresses.add(address);
            // WHEN visitors sign up
            answers.add(signup(deployedLike, address));
        }
        // ... and the sweep runs while SES is still down
        sweepAfterLease();
        assertThat(addresses).allSatisfy(a -> assertThat(mailed(a)).as(a).isZero());

        // WHEN SES and SQS are back and the sweep runs after the lease
        sesProxy.mode(Mode.PASS);
        sqsProxy.mode(Mode.PASS);
        sweepAfterLease();

        // THEN every signup was accepted and stored, and each got exactly one mail: 0 lost, 0 beyond
        Map<String, Integer> counts = counts(answers, addresses);
        FaultReport.print("SES + SQS refuse (signup)", answers, counts);
        assertThat(answers).extracting(Answer::status).containsOnly(303);
        assertThat(counts).containsEntry("accepted", addresses.size()).containsEntry("stored", addresses.size())
                .containsEntry("mailed", addresses.size()).containsEntry("lost", 0).containsEntry("beyond cap", 0);
        assertThat(addresses).allSatisfy(a -> assertThat(mailed(a)).as(a).isEqualTo(1));
    }

    @Test
    void whileSesAcceptsButAnswersTooLateNoAddressGetsMoreThanTheCap() throws Exception {
        // GIVEN SES does the work but its answers arrive after the client gave up (a stall)
        sesProxy.slowBy(SHORT.call().multipliedBy(2)).mode(Mode.SLOW);
        List<String> addresses = new ArrayList<>();
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String address = address("stall", i);
            addresses.add(address);
            // WHEN visitors sign up, and the sweep runs again and again after each lease, in two
            // containers at once (an overlapping schedule run)
            answers.add(signup(submit, address));
        }
        ConfirmationRetryHandler otherContainer = new ConfirmationRetryHandler(config, dynamo, ses, backend.campaigns,
                backend.clock, backend.log);
        for (int i = 0; i < 6; i++) {
            backend.clock.advance(AFTER_LEASE);
            atOnce(List.of(sweep, otherContainer), h -> h.handleRequest(Map.of(), null));
        }
        // ... then SES answers again
        sesProxy.mode(Mode.PASS);
        for (int i = 0; i < 3; i++) {
            sweepAfterLease();
        }

        // THEN the signups were accepted, and each address got at least one mail, never beyond the cap
        Map<String, Integer> counts = counts(answers, addresses);
        FaultReport.print("SES stalls (signup, sweeps)", answers, counts);
        assertThat(answers).extracting(Answer::status).containsOnly(303);
        assertThat(addresses).allSatisfy(a -> assertThat(stored(a)).as(a).isTrue());
        assertThat(addresses).allSatisfy(a -> assertThat(mailed(a)).as(a).isBetween(1, config.confirmationCap()));
        assertThat(counts).containsEntry("lost", 0).containsEntry("beyond cap", 0);
    }

    @Test
    void whileDynamoDbHangsOrRefusesSignupsAnswer503WithRetryAfterAndNothingIsStored() {
        for (Mode mode : List.of(Mode.HANG, Mode.REFUSE, Mode.RESET)) {
            List<String> addresses = new ArrayList<>();
            List<Answer> answers = new ArrayList<>();
            // GIVEN DynamoDB hangs, refuses or resets
            dynamoProxy.mode(mode);
            for (int i = 0; i < 3 * FaultReport.SAMPLES; i++) {
                String address = address("db-" + mode.name().toLowerCase(), i);
                addresses.add(address);
                // WHEN a visitor signs up
                answers.add(signup(submit, address));
            }
            dynamoProxy.mode(Mode.PASS);
            FaultReport.print("DynamoDB " + mode.name().toLowerCase() + " (signup)", answers, Map.of());

            // THEN each answer is a 503 with Retry-After
            assertThat(answers).allSatisfy(a -> {
                assertThat(a.status()).isEqualTo(503);
                assertThat(a.retryAfter()).isNotBlank();
            });
            // The first read failed, so nothing was written: the answer may say so, and it is true.
            assertThat(addresses).allSatisfy(a -> assertThat(stored(a)).as(a).isFalse());
            assertThat(answers).allSatisfy(a -> assertThat(a.body()).contains("Nothing was stored"));
            assertThat(addresses).allSatisfy(a -> assertThat(mailed(a)).as(a).isZero());
        }
    }

    @Test
    void whenTheSignupsWriteIsAppliedButItsAnswerLostThe503SaysTryAgainAndTryingAgainIsSafe() {
        // GIVEN DynamoDB applies the signup's transaction, but its answer never reaches the function
        dynamoProxy.loseAnswersTo("TransactWriteItems").mode(Mode.LOSE_ANSWERS);
        String address = address("lost-answer", 0);

        // WHEN a visitor signs up
        Answer first = signup(submit, address);

        // THEN the answer is a 503 that does not claim nothing was stored (the pending item is there)
        assertThat(first.status()).isEqualTo(503);
        assertThat(first.retryAfter()).isNotBlank();
        assertThat(first.body()).doesNotContain("Nothing was stored").contains("trying again is safe");
        assertThat(stored(address)).isTrue();

        // WHEN the visitor tries again once DynamoDB answers
        dynamoProxy.mode(Mode.PASS);
        Answer again = signup(submit, address);
        sweepAfterLease();

        // THEN it is the normal answer, one pending signup, and the mail owed goes out within the cap
        FaultReport.print("DynamoDB write answer lost (signup)", List.of(first, again),
                counts(List.of(again), List.of(address)));
        assertThat(again.status()).isEqualTo(303);
        assertThat(mailed(address)).isBetween(1, config.confirmationCap());
    }

    @Test
    void racingDuplicateSubmissionsFromTwentyContainersAllSucceedWithOnePendingAndAtMostTheCapInMails()
            throws Exception {
        // GIVEN 20 containers (handler instances) and one address, submitted by all at once, round after round
        int containers = 20;
        String address = address("race", 0);
        List<SubmitHandler> handlers = new ArrayList<>();
        for (int i = 0; i < containers; i++) {
            handlers.add(new SubmitHandler(config, AWS.dynamoDb(), AWS.sesV2(), backend.campaigns, backend.clock,
                    backend.log));
        }
        List<Answer> answers = new ArrayList<>();
        for (int round = 0; round < 2 * FaultReport.SAMPLES; round++) {
            answers.addAll(atOnce(handlers, handler -> signup(handler, address)));
        }
        Map<String, Integer> counts = counts(answers, List.of(address));
        counts.put("503s", (int) answers.stream().filter(a -> a.status() == 503).count());
        counts.put("pending items", backend.store.findPending("demo", Addresses.key(address)).isPresent() ? 1 : 0);
        FaultReport.print("racing duplicates, 20 containers", answers, counts);

        // THEN all got the normal answer, one pending signup exists, and mails stay within the cap
        assertThat(answers).extracting(Answer::status).containsOnly(303);
        assertThat(stored(address)).isTrue();
        assertThat(mailed(address)).isBetween(1, config.confirmationCap());
    }

    @Test
    void racingConfirmationsOfOneLinkAllAnswerTheConfirmedPageAndRecordOneConsent() throws Exception {
        // GIVEN a signup whose mail was read, and its link's button pressed in 8 tabs at once
        Signups signups = new Signups(backend, backend.handler(SubmitHandler.class, config),
                backend.handler(ConfirmHandler.class, config));
        signups.submit("");
        String token = signups.confirmationToken();
        backend.clock.advance(Signups.READING_THE_MAIL);
        int tabs = 8;
        List<ConfirmHandler> containers = new ArrayList<>();
        for (int i = 0; i < tabs; i++) {
            containers.add(backend.handler(ConfirmHandler.class, config));
        }
        List<APIGatewayV2HTTPResponse> answers = atOnce(containers,
                handler -> ApiEvents.invoke(handler, ApiEvents.confirmPost("t=" + token)));

        // THEN every tab lands on the confirmed page (no 503), one lead, one consent pair in the ledger
        assertThat(answers).extracting(APIGatewayV2HTTPResponse::getStatusCode).containsOnly(303);
        assertThat(answers).allSatisfy(a -> assertThat(a.getHeaders().get("location")).startsWith("/c/demo/confirmed"));
        assertThat(backend.store.findLead("demo", backend.addressKey())).isPresent();
        assertThat(backend.store.ledger("demo", backend.addressKey())).extracting(e -> e.type())
                .containsExactlyInAnyOrder("subscribed", "confirmed");
    }
}
