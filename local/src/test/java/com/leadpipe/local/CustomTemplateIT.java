package com.leadpipe.local;

import static com.leadpipe.local.RunningLocally.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The runner on a template written for tests: queue and schedule events run in the background
 * (SQS batches with partial failures left in the queue and dead-lettered by the redrive policy,
 * schedules on the runner's clock); settings objects built from each function's environment with
 * its conditions resolved; a function that cannot start answers 500 without stopping the others.
 */
class CustomTemplateIT {

    static RunningLocally local;

    @BeforeAll
    static void start() throws URISyntaxException {
        Path template = Path.of(CustomTemplateIT.class.getResource("/custom-template.yaml").toURI());
        local = RunningLocally.start(o -> o.withTemplate(template));
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @Test
    void queueBatchesHonourReportedItemFailures() {
        SqsClient sqs = local.runner.aws().clients().sqs();
        String jobs = local.runner.resources().queueUrls().get("Jobs");
        String deadLetters = local.runner.resources().queueUrls().get("JobsDeadLetters");
        for (String body : List.of("ok-1", "fail-1", "ok-2")) {
            sqs.sendMessage(r -> r.queueUrl(jobs).messageBody(body));
        }

        // Succeeded items are deleted after one delivery; the failed one comes back after the
        // visibility timeout (1 s) and is dead-lettered after its second failed delivery.
        eventually(Duration.ofSeconds(20), () -> {
            List<Message> parked = sqs.receiveMessage(r -> r.queueUrl(deadLetters).waitTimeSeconds(0)).messages();
            assertThat(parked).extracting(Message::body).containsExactly("fail-1");
        });
        List<String> delivered = RecordingHandlers.Flaky.SEEN.stream().map(SQSEvent.SQSMessage::getBody).toList();
        assertThat(delivered).containsOnlyOnce("ok-1", "ok-2");
        assertThat(delivered.stream().filter("fail-1"::equals)).hasSize(2);
        SQSEvent.SQSMessage first = RecordingHandlers.Flaky.SEEN.get(0);
        assertThat(first.getEventSource()).isEqualTo("aws:sqs");
        assertThat(first.getEventSourceArn()).isEqualTo(LocalAws.arn("sqs", "leadpipe-local-Jobs"));
        assertThat(first.getAttributes()).containsKey("ApproximateReceiveCount");
        assertThat(sqs.getQueueAttributes(r -> r.queueUrl(jobs).attributeNamesWithStrings("ApproximateNumberOfMessages"))
                .attributesAsStrings()).containsEntry("ApproximateNumberOfMessages", "0");
    }

    @Test
    void schedulesRunOnTheRunnersClock() {
        assertThat(local.runner.scheduler().schedules()).hasSize(1);
        assertThat(runs()).isEmpty(); // the first run is an hour after the start

        local.post("/_local/clock/advance?minutes=61");

        eventually(Duration.ofSeconds(5), () -> assertThat(runs()).hasSize(1));
        assertThat(runs().get(0).event()).containsEntry("detail-type", "Scheduled Event").containsEntry("detail", Map.of());
    }

    /** This runner's runs of the scheduled test function (its FunctionName from the template). */
    static List<RecordingHandlers.Tick.Run> runs() {
        return RecordingHandlers.Tick.RUNS.stream().filter(r -> r.functionName().equals("leadpipe-local-nurture")).toList();
    }

    @Test
    void settingsComeFromTheFunctionsEnvironmentWithConditionsResolved() {
        HttpResponse<String> shown = local.get("/configured");

        // PublicBaseUrl is the runner's URL, so Polite holds; LEFT_OUT is AWS::NoValue, so absent.
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).isEqualTo("hello from " + local.runner.url() + "|"
                + local.runner.resources().queueUrls().get("Jobs") + "|(absent)");
    }

    @Test
    void aFunctionThatCannotStartAnswers500AndTheOthersRun() {
        HttpResponse<String> broken = local.get("/cannot-start");

        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(broken.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
        assertThat(local.console()).contains("[local] CannotStart is not running locally: "
                + "com.leadpipe.local.RecordingHandlers$NeedsUnknown has no public constructor the local runner can fill"
                + " (it cannot give Thread)");
        assertThat(local.get("/configured").statusCode()).isEqualTo(200);
    }

    @Test
    void corsAsTheHttpApisCorsConfigurationSays() {
        HttpResponse<String> preflight = local.send(HttpRequest.newBuilder(local.url("/configured"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("origin", "https://www.example.com").header("access-control-request-method", "GET").build());
        HttpResponse<String> otherSite = local.send(HttpRequest.newBuilder(local.url("/configured"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("origin", "https://evil.example").header("access-control-request-method", "GET").build());
        HttpResponse<String> get = local.send(HttpRequest.newBuilder(local.url("/configured"))
                .header("origin", "https://www.example.com").build());

        // Answered by the "gateway" itself: no function has an OPTIONS route here.
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).contains("https://www.example.com");
        assertThat(preflight.headers().firstValue("access-control-allow-methods")).contains("GET,POST");
        assertThat(preflight.headers().firstValue("access-control-allow-headers")).contains("content-type");
        assertThat(preflight.headers().firstValue("access-control-max-age")).contains("600");
        assertThat(otherSite.statusCode()).isEqualTo(204);
        assertThat(otherSite.headers().firstValue("access-control-allow-origin")).isEmpty();
        assertThat(get.headers().firstValue("access-control-allow-origin")).contains("https://www.example.com");
        assertThat(get.headers().firstValue("vary")).contains("origin");
    }
}
