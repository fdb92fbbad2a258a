package com.leadpipe.local;

import static com.leadpipe.local.RunningLocally.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The runner behaves like Lambda under load: several containers per function at once, each its own
 * handler object; a function's Timeout enforced (API Gateway's 500, a fresh container next);
 * every queue and schedule on its own poller; an oversized URL or header answered 414 or 431 as
 * API Gateway does, instead of a reset connection.
 */
class LambdaLikeIT {

    static final int INSTANCES = 3;
    static RunningLocally local;

    @BeforeAll
    static void start() throws URISyntaxException {
        Path template = Path.of(LambdaLikeIT.class.getResource("/lambda-like-template.yaml").toURI());
        local = RunningLocally.start(o -> o.withTemplate(template).withInstances(INSTANCES));
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    static List<HttpResponse<String>> atOnce(int requests, String pathAndQuery) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                answers.add(pool.submit(() -> local.get(pathAndQuery)));
            }
            List<HttpResponse<String>> done = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                done.add(answer.get());
            }
            return done;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void concurrentRequestsRunInSeveralContainersAtOnceEachItsOwnHandlerObjectOneRequestAtATime() throws Exception {
        // WHEN twice as many requests as containers arrive at once, each taking a while
        List<HttpResponse<String>> answers = atOnce(2 * INSTANCES, "/slow?ms=1500");

        // THEN all are answered; they ran in several containers at once, never more than configured,
        // and no container (handler object) ever ran two at once
        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(200);
        assertThat(LambdaLikeHandlers.Slow.PEAK.get()).isBetween(2, INSTANCES);
        assertThat(answers.stream().map(HttpResponse::body).distinct().count()).isBetween(2L, (long) INSTANCES);
        assertThat(LambdaLikeHandlers.Slow.SHARED.get()).isZero();
    }

    @Test
    void aFunctionPastItsTimeoutIsAnswered500AsApiGatewayDoesAndLoggedAndTheNextRequestGetsAFreshContainer() {
        // WHEN a request takes longer than the function's Timeout (1 s in the template)
        HttpResponse<String> timedOut = local.get("/stuck?ms=5000");

        // THEN API Gateway's answer to a function error, and the console says why
        assertThat(timedOut.statusCode()).isEqualTo(500);
        assertThat(timedOut.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
        assertThat(local.console()).contains("Stuck Task timed out after 1.00 seconds");

        // WHEN the next request comes
        HttpResponse<String> next = local.get("/stuck?ms=0");

        // THEN it is answered by another container (Lambda resets the one that timed out)
        assertThat(next.statusCode()).isEqualTo(200);
    }

    @Test
    void aBusyQueueStarvesNeitherAnotherQueueNorASchedule() {
        SqsClient sqs = local.runner.aws().clients().sqs();
        // GIVEN the busy queue's consumer is in the middle of a long batch
        sqs.sendMessage(r -> r.queueUrl(local.runner.resources().queueUrls().get("BusyQueue")).messageBody("6000"));
        eventually(Duration.ofSeconds(10), () -> assertThat(LambdaLikeHandlers.Busy.STARTED).contains("6000"));
        int ticks = LambdaLikeHandlers.Ticking.RUNS.get();

        // WHEN a message arrives on the other queue and the schedule falls due
        sqs.sendMessage(r -> r.queueUrl(local.runner.resources().queueUrls().get("QuickQueue")).messageBody("hello"));
        local.post("/_local/clock/advance?minutes=2");

        // THEN both run while the busy batch is still going
        eventually(Duration.ofSeconds(5), () -> {
            assertThat(LambdaLikeHandlers.Quick.SEEN).contains("hello");
            assertThat(LambdaLikeHandlers.Ticking.RUNS.get()).isGreaterThan(ticks);
        });
        assertThat(LambdaLikeHandlers.Busy.DONE).doesNotContain("6000");
    }

    @Test
    void anOversizedUrlIsAnswered414AndOversizedHeaders431InsteadOfAReset() {
        // WHEN the URL is past API Gateway's 10,240-byte request line and headers quota (and past the JDK's own limit)
        HttpResponse<String> longUrl = local.get("/slow?ms=0&q=" + "a".repeat(20_000));
        HttpResponse<String> hugeUrl = local.get("/slow?ms=0&q=" + "a".repeat(500_000));
        // ... or the headers take the request head past it
        HttpResponse<String> bigHeader = local.send(HttpRequest.newBuilder(local.url("/slow?ms=0"))
                .header("x-padding", "b".repeat(12_000)).GET().build());

        // THEN API Gateway's answers, readable by the client
        assertThat(longUrl.statusCode()).isEqualTo(414);
        assertThat(hugeUrl.statusCode()).isEqualTo(414);
        assertThat(longUrl.body()).contains("Request-URI Too Long");
        assertThat(bigHeader.statusCode()).isEqualTo(431);
        // ... and a URL within the quota still reaches the function
        assertThat(local.get("/slow?ms=0&q=" + "a".repeat(5_000)).statusCode()).isEqualTo(200);
    }
}
