package com.leadpipe.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Handlers for LambdaLikeIT and LocalFunctionTest: they sleep as told and record which container ran. */
public final class LambdaLikeHandlers {

    private LambdaLikeHandlers() {
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the runner gave up on this invocation (its Timeout)
        }
    }

    /** GET /slow?ms=N: sleeps N ms; records its container (this object) and how many ran at once. */
    public static final class Slow implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
        public static final Set<Integer> CONTAINERS = ConcurrentHashMap.newKeySet();
        public static final AtomicInteger RUNNING = new AtomicInteger();
        public static final AtomicInteger PEAK = new AtomicInteger();
        /** Set when one container object was ever entered by two invocations at once. */
        public static final AtomicInteger SHARED = new AtomicInteger();
        private final AtomicInteger inThisContainer = new AtomicInteger();

        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
            CONTAINERS.add(System.identityHashCode(this));
            if (inThisContainer.incrementAndGet() > 1) {
                SHARED.incrementAndGet();
            }
            PEAK.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
            try {
                Map<String, String> query = event.getQueryStringParameters();
                sleep(Long.parseLong(query == null ? "0" : query.getOrDefault("ms", "0")));
            } finally {
                RUNNING.decrementAndGet();
                inThisContainer.decrementAndGet();
            }
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                    .withHeaders(Map.of("content-type", "text/plain"))
                    .withBody(String.valueOf(System.identityHashCode(this))).build();
        }
    }

    /** An SQS consumer whose every message body is how long (ms) it takes: a nurture batch pacing SES. */
    public static final class Busy implements RequestHandler<SQSEvent, SQSBatchResponse> {
        public static final List<String> STARTED = new CopyOnWriteArrayList<>();
        public static final List<String> DONE = new CopyOnWriteArrayList<>();

        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            for (SQSEvent.SQSMessage message : event.getRecords()) {
                STARTED.add(message.getBody());
                sleep(Long.parseLong(message.getBody()));
                DONE.add(message.getBody());
            }
            return new SQSBatchResponse(List.of());
        }
    }

    /** An SQS consumer that only records what it got. */
    public static final class Quick implements RequestHandler<SQSEvent, SQSBatchResponse> {
        public static final List<String> SEEN = new CopyOnWriteArrayList<>();

        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            event.getRecords().forEach(m -> SEEN.add(m.getBody()));
            return new SQSBatchResponse(List.of());
        }
    }

    /** A scheduled job that only counts its runs. */
    public static final class Ticking implements RequestHandler<Map<String, Object>, Void> {
        public static final AtomicInteger RUNS = new AtomicInteger();

        @Override
        public Void handleRequest(Map<String, Object> event, Context context) {
            RUNS.incrementAndGet();
            return null;
        }
    }
}
