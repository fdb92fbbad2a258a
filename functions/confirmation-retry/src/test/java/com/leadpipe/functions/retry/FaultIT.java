package com.leadpipe.functions.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.functions.confirm.ConfirmHandler;
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
import java.util.Collections;
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
 * The rows of issue 10's table, rerun in the suite: DynamoDB or SES behind a {@link FaultProxy}
 * that hangs, resets, refuses or answers slowly, SDK timeouts short (as configured through
 * {@link AwsClients.Timeouts}). Assertions are on counts (accepted, stored, mailed, lost, beyond
 * the cap); latencies are printed as a report line, never asserted.
 */
class FaultIT {

    static final AwsEmulators AWS = EmulatedBackend.AWS;
    static final String SENDER = "faults@leadpipe.test";
    /** Short, so the suite stays fast; the ratio to a route's calls is what Lambda's defaults keep. */
    static final AwsClients.Timeouts SHORT = new AwsClients.Timeouts(Duration.ofMillis(400), Duration.ofMillis(800));
    static final Duration AFTER_LEASE = LeadpipeConfig.DEFAULT_MAIL_LEASE.plusSeconds(1);

    @RegisterExtension
    final EmulatedBackend backend = new EmulatedBackend(SENDER, "fay", "example.org");
    final LeadpipeConfig config = backend.config();
    final FaultProxy dynamoProxy = FaultProxy.to(AWS.endpoint("dynamodb"));
    final FaultProxy sesProxy = FaultProxy.to(AWS.endpoint("sesv2"));
    final AwsClients faulty = new AwsClients(AwsEmulators.REGION, AwsEmulators.CREDENTIALS,
            Map.of("dynamodb", dynamoProxy.endpoint(), "sesv2", sesProxy.endpoint()), SHORT);
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
    }

    String address(String label, int i) {
        return label + "-" + i + "-" + System.nanoTime() + "@example.org";
    }

    record Answer(int status, long millis, String body, String retryAfter) {
    }

    Answer signup(SubmitHandler handler, String address) {
        long start = System.nanoTime();
        APIGatewayV2HTTPResponse r = ApiEvents.invoke(handler, ApiEvents.subscribe("demo", ApiEvents.FORM,
                "email=" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "&consent=yes"));
        String retryAfter = r.getHeaders() == null ? null : r.getHeaders().get("retry-after");
        return new Answer(r.getStatusCode(), (System.nanoTime() - start) / 1_000_000, r.getBody(), retryAfter);
    }

    boolean stored(String address) {
        return backend.store.findPending("demo", Addresses.key(address)).isPresent();
    }

    int mailed(String address) {
        return AWS.sentEmailsTo(address).size();
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

    static String report(String row, List<Answer> answers) {
        List<Long> ms = new ArrayList<>();
        answers.forEach(a -> ms.add(a.millis()));
        Collections.sort(ms);
        String line = String.format("fault report | %-22s | answers %d | p50 %d ms | max %d ms", row, ms.size(),
                ms.get(ms.size() / 2), ms.get(ms.size() - 1));
        System.out.println(line);
        return line;
    }

    @Test
    void whileSesHangsResetsOrRefusesEverySignupIsAcceptedStoredAndMailedLaterByTheSweep() {
        List<String> addresses = new ArrayList<>();
        List<Answer> answers = new ArrayList<>();
        // GIVEN SES hangs, then resets connections, then refuses them (the table answers)
        for (Mode mode : List.of(Mode.HANG, Mode.RESET, Mode.REFUSE)) {
            sesProxy.mode(mode);
            for (int i = 0; i < 3; i++) {
                String address = address(mode.name().toLowerCase(), i);
                addresses.add(address);
                // WHEN a visitor signs up
                answers.add(signup(submit, address));
            }
        }
        report("SES hang/reset/refuse", answers);

        // THEN every signup got the normal answer and is stored with its mail owed, none sent yet
        assertThat(answers).extracting(Answer::status).containsOnly(303);
        assertThat(addresses).allSatisfy(a -> assertThat(stored(a)).as(a).isTrue());
        assertThat(addresses).allSatisfy(a -> assertThat(mailed(a)).as(a).isZero());

        // WHEN SES is back and the sweep runs after the lease
        sesProxy.mode(Mode.PASS);
        backend.clock.advance(AFTER_LEASE);
        sweep.handleRequest(Map.of(), null);

        // THEN each accepted signup got exactly one mail: none lost
        assertThat(addresses).allSatisfy(a -> assertThat(mailed(a)).as(a).isEqualTo(1));
    }

    @Test
    void whileSesAcceptsButAnswersTooLateNoAddressGetsMoreThanTheCap() {
        // GIVEN SES does the work but its answers arrive after the client gave up (a stall)
        sesProxy.slowBy(SHORT.call().multipliedBy(2)).mode(Mode.SLOW);
        String address = address("stall", 0);

        // WHEN a visitor signs up, and the sweep runs again and again after each lease
        List<Answer> answers = List.of(signup(submit, address));
        for (int i = 0; i < 6; i++) {
            backend.clock.advance(AFTER_LEASE);
            sweep.handleRequest(Map.of(), null);
        }
        sesProxy.mode(Mode.PASS);
        for (int i = 0; i < 3; i++) {
            backend.clock.advance(AFTER_LEASE);
            sweep.handleRequest(Map.of(), null);
        }
        report("SES stalls", answers);

        // THEN the signup was accepted, and the address got at least one mail, never beyond the cap
        assertThat(answers).extracting(Answer::status).containsOnly(303);
        assertThat(stored(address)).isTrue();
        assertThat(mailed(address)).isBetween(1, config.confirmationCap());
    }

    @Test
    void whileDynamoDbHangsOrRefusesSignupsAnswer503WithRetryAfterAndNothingIsStored() {
        List<String> addresses = new ArrayList<>();
        List<Answer> answers = new ArrayList<>();
        for (Mode mode : List.of(Mode.HANG, Mode.REFUSE, Mode.RESET)) {
            dynamoProxy.mode(mode);
            for (int i = 0; i < 2; i++) {
                String address = address("db-" + mode.name().toLowerCase(), i);
                addresses.add(address);
                answers.add(signup(submit, address));
            }
        }
        dynamoProxy.mode(Mode.PASS);
        report("DynamoDB hang/refuse/reset", answers);

        assertThat(answers).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(503);
            assertThat(a.retryAfter()).isNotBlank();
        });
        // The first read failed, so nothing was written: the answer may say so, and it is true.
        assertThat(addresses).allSatisfy(a -> assertThat(stored(a)).as(a).isFalse());
        assertThat(answers).allSatisfy(a -> assertThat(a.body()).contains("Nothing was stored"));
        assertThat(addresses).allSatisfy(a -> assertThat(mailed(a)).as(a).isZero());
    }

    @Test
    void racingDuplicateSubmissionsFromManyContainersAllSucceedWithOnePendingAndAtMostTheCapInMails()
            throws Exception {
        // GIVEN 12 containers (handler instances) and one address, submitted by all at once
        int containers = 12;
        String address = address("race", 0);
        List<SubmitHandler> handlers = new ArrayList<>();
        for (int i = 0; i < containers; i++) {
            handlers.add(new SubmitHandler(config, AWS.dynamoDb(), AWS.sesV2(), backend.campaigns, backend.clock,
                    backend.log));
        }
        List<Answer> answers = atOnce(handlers, handler -> signup(handler, address));
        report("racing duplicates", answers);

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
