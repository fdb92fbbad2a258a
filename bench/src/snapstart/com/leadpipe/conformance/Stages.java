package com.leadpipe.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.leadpipe.conformance.LambdaEvents.HttpCall;
import com.leadpipe.conformance.LambdaEvents.SqsRecord;
import com.leadpipe.email.EmailAddress;
import com.leadpipe.local.Intrinsics;
import com.leadpipe.queue.SqsNurtureQueue;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The benchmark's stages: each function's event built from the template's wiring, and its expected answer. */
final class Stages {

    private final ConformanceStack stack;
    private final Map<String, ConformanceStack.Function> functions;

    Stages(ConformanceStack stack) {
        this.stack = stack;
        this.functions = stack.functions();
    }

    interface Call {
        HttpCall of(Lead lead);
    }

    Stage http(String logicalId, String eventName, Call call, int status, Pattern harvest) {
        Map<String, Object> properties = functions.get(logicalId).spec().events().get(eventName).properties();
        String method = String.valueOf(properties.get("Method")).toUpperCase(Locale.ROOT);
        String route = String.valueOf(properties.get("Path"));
        return new Stage() {
            public String logicalId() {
                return logicalId;
            }

            public String event(Lead lead) {
                return LambdaEvents.httpApi(method, route, call.of(lead));
            }

            public String check(Lead lead, String body) {
                JsonNode answer = json(body);
                if (answer.path("statusCode").asInt() != status) {
                    return "status " + answer.path("statusCode").asInt() + " instead of " + status + ": " + body;
                }
                if (harvest != null) {
                    Matcher m = harvest.matcher(answer.path("headers").path("location").asText(""));
                    if (!m.find()) {
                        return "no survey link in " + answer.path("headers");
                    }
                    lead.surveyToken = m.group(1);
                }
                return null;
            }
        };
    }

    Stage pages() {
        Stage landing = http("PagesFunction", "Landing", l -> HttpCall.get("/c/demo",
                "utm_source=bench&utm_campaign=" + l.email.substring(6, 18)), 200, null);
        return landing;
    }

    /**
     * The thanks page: rendered, no AWS call. Not a target row: it is the floor under every warm
     * request here (the runtime client's round trip through the Runtime API, event parsing, rendering),
     * which the bare SDK calls do not include.
     */
    Stage thanks() {
        Stage thanks = http("PagesFunction", "Thanks", l -> HttpCall.get("/c/demo/thanks", null), 200, null);
        return new Stage() {
            public String logicalId() {
                return thanks.logicalId();
            }

            public String label() {
                return "Pages /thanks (floor)";
            }

            public String event(Lead lead) {
                return thanks.event(lead);
            }

            public String check(Lead lead, String body) {
                return thanks.check(lead, body);
            }
        };
    }

    Stage nurture() {
        String logicalId = "NurtureSenderFunction";
        Object queue = functions.get(logicalId).spec().events().get("NurtureQueue").properties().get("Queue");
        String target = Intrinsics.target(queue, logicalId + ".Events.NurtureQueue.Queue");
        String arn = stack.intrinsics().resolve(Map.of("Fn::GetAtt", List.of(target, "Arn")), logicalId);
        return new Stage() {
            public String logicalId() {
                return logicalId;
            }

            public String event(Lead lead) {
                String now = Long.toString(System.currentTimeMillis());
                String body = SqsNurtureQueue.toJson("demo", EmailAddress.tryParse(lead.email).orElseThrow().key());
                return LambdaEvents.sqs(arn, List.of(new SqsRecord(UUID.randomUUID().toString(), "bench-" + UUID.randomUUID(),
                        body, Map.of("ApproximateReceiveCount", "1", "SentTimestamp", now,
                        "SenderId", "AROAEXAMPLE:scheduler", "ApproximateFirstReceiveTimestamp", now))));
            }

            public String check(Lead lead, String body) {
                JsonNode answer = json(body);
                return answer.path("batchItemFailures").isEmpty() ? null : "batch failures: " + body;
            }

            /**
             * One send per 1/rate: the sender's share of the SES rate, from its environment as the
             * template sets it (SesMaxSendRate / NurtureSenderConcurrency). Back to back, the bench
             * would drive it over its rate, and its pacer would rightly wait before each send.
             */
            public long spacingNanos() {
                Map<String, String> env = functions.get(logicalId).environment();
                double rate = Double.parseDouble(env.getOrDefault("SES_MAX_SEND_RATE", "1"))
                        / Integer.parseInt(env.getOrDefault("SENDER_CONCURRENCY", "1"));
                return (long) Math.ceil(1e9 / rate) + 20_000_000L;
            }
        };
    }

    static JsonNode json(String body) {
        try {
            return LambdaEvents.JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }
}
