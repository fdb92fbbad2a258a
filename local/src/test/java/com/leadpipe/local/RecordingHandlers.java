package com.leadpipe.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Handlers for templates written by tests; they record what they were given. */
public final class RecordingHandlers {

    private RecordingHandlers() {
    }

    /** A scheduled job: records its event and the runner's time. Fails when the event says {@code fail}. */
    public static final class Tick implements RequestHandler<Map<String, Object>, Void> {
        public record Run(Map<String, Object> event, Instant at, String functionName) {
        }

        public static final List<Run> RUNS = new CopyOnWriteArrayList<>();
        private final Clock clock;

        public Tick(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Void handleRequest(Map<String, Object> event, Context context) {
            RUNS.add(new Run(event, clock.instant(), context.getFunctionName()));
            if (Boolean.TRUE.equals(event.get("fail"))) {
                throw new IllegalStateException("asked to fail");
            }
            return null;
        }
    }

    /** Settings read from the function's environment, the way LeadpipeConfig.from(env) reads them. */
    public record Settings(String greeting, String queue, String leftOut) {
        public static Settings from(Map<String, String> env) {
            return new Settings(env.get("GREETING"), env.get("QUEUE"), env.getOrDefault("LEFT_OUT", "(absent)"));
        }
    }

    /** Answers its settings as text. */
    public static final class Configured implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
        private final Settings settings;

        public Configured(Settings settings) {
            this.settings = settings;
        }

        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                    .withHeaders(Map.of("content-type", "text/plain"))
                    .withBody(settings.greeting() + "|" + settings.queue() + "|" + settings.leftOut()).build();
        }
    }

    /** Needs something the runner cannot give: it must not keep the other functions from running. */
    public static final class NeedsUnknown implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
        public NeedsUnknown(Thread somethingUnknown) {
        }

        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
            throw new AssertionError("never built");
        }
    }

    /** An SQS consumer that reports every message whose body starts with "fail" as a batch item failure. */
    public static final class Flaky implements RequestHandler<SQSEvent, SQSBatchResponse> {
        public static final List<SQSEvent.SQSMessage> SEEN = new CopyOnWriteArrayList<>();

        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            List<SQSBatchResponse.BatchItemFailure> failures = new java.util.ArrayList<>();
            for (SQSEvent.SQSMessage message : event.getRecords()) {
                SEEN.add(message);
                if (message.getBody().startsWith("fail")) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                }
            }
            return new SQSBatchResponse(failures);
        }
    }
}
