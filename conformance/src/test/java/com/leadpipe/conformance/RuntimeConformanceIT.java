package com.leadpipe.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.leadpipe.campaign.Survey.Temperature;
import com.leadpipe.conformance.LambdaEvents.HttpCall;
import com.leadpipe.conformance.LambdaEvents.SqsRecord;
import com.leadpipe.email.EmailAddress;
import com.leadpipe.local.Intrinsics;
import com.leadpipe.local.SamTemplate;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.Records.LeadStatus;
import com.leadpipe.store.Records.MailState;
import com.leadpipe.survey.Qualifier;
import com.leadpipe.testing.AwsEmulators;
import com.leadpipe.testing.SentEmail;
import com.leadpipe.testing.TableStream;
import com.leadpipe.json.JsonTree;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Every function of template.yaml, from the artifact sam build zips, run as Lambda's java21 runtime
 * runs it (see {@link FunctionSandbox}), driven through the Runtime API by every event source the
 * template wires: HTTP API routes, SQS queues, the table's DynamoDB stream, the schedules and the SNS topic. Assertions are on what
 * goes over the wire (status, headers, body, batch responses) and on the effects in the emulators
 * (items, mail with its headers, queued messages).
 *
 * <p>One JVM per function for the whole class, several invocations each, as a warm container. The
 * methods run in order and share that state: the signup SES refuses (first) is retried last, once its
 * queue delay has passed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RuntimeConformanceIT {

    static final AwsEmulators AWS = AwsEmulators.get();
    static final String SENDER = "conformance@leadpipe.test";
    static final String ORIGIN = "https://www.example.com"; // campaigns/demo.yaml embed.allowedOrigins
    static final Pattern CONFIRM_LINK = Pattern.compile("https://([^/\\s]+)/confirm\\?t=([A-Za-z0-9._-]+)");
    static final Pattern SURVEY_TOKEN = Pattern.compile("[?&]s=([A-Za-z0-9._-]+)");

    /** An HTTP API integration response, as API Gateway reads it from the function's output. */
    record HttpAnswer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    Path root;
    ConformanceStack stack;
    Artifacts artifacts;
    Map<String, ConformanceStack.Function> functions;
    final Map<String, FunctionSandbox> sandboxes = new LinkedHashMap<>();
    /** "LogicalId/EventName" of every template event source driven so far. */
    final Set<String> driven = new TreeSet<>();
    LeadStore store;
    String refusedEmail;
    TableStream tableStream;

    @BeforeAll
    void setUp() {
        root = Path.of(System.getProperty("leadpipe.root", "..")).toAbsolutePath().normalize();
        stack = ConformanceStack.create(root.resolve("template.yaml"), AWS, SENDER);
        artifacts = Artifacts.fromMakefile(root);
        functions = stack.functions();
        store = new LeadStore(AWS.dynamoDb(), stack.table());
    }

    @AfterAll
    void stopFunctions() {
        sandboxes.values().forEach(s -> System.out.printf("conformance %s: %d invocations %s, init %d ms%n",
                s.function().logicalId(), s.invocations(),
                s.errors() == 0 ? "ok" : "(" + s.errors() + " errors)", s.initMillis()));
        sandboxes.values().forEach(FunctionSandbox::close);
    }

    // ------------------------------------------------------------------ the scenarios

    @Test
    @Order(1)
    void aConfirmationSesRefusesStaysOwedInTheTable() {
        // GIVEN SES refuses the sender (sandbox, or before verification)
        refusedEmail = unique("rita");
        AWS.unverifySender(SENDER);
        HttpAnswer answer;
        try {
            // WHEN a visitor signs up through the form
            answer = http("SubmitFunction", "Subscribe", HttpCall.post("/c/demo/subscribe", null, LambdaEvents.FORM,
                    "email=" + refusedEmail + "&consent=yes&firstName=Rita"));
        } finally {
            AWS.verifySender(SENDER);
        }
        // THEN the visitor sees the usual answer, and the mail is owed in the table (the outbox)
        assertThat(answer.status()).isEqualTo(303);
        assertThat(answer.header("location")).contains("/c/demo/thanks");
        assertThat(AWS.sentEmailsTo(refusedEmail)).isEmpty();
        assertThat(store.findPending("demo", key(refusedEmail)))
                .hasValueSatisfying(p -> assertThat(p.mailState()).isEqualTo(MailState.RETRYING));
        assertThat(store.findOwed("demo", key(refusedEmail))).isPresent();
    }

    @Test
    @Order(2)
    void pagesAreServedForEveryRoute() {
        HttpAnswer landing = http("PagesFunction", "Landing", HttpCall.get("/c/demo", ""));
        assertThat(landing.status()).isEqualTo(200);
        assertThat(landing.header("content-type")).startsWith("text/html");
        assertThat(landing.body()).contains("<form", "/c/demo/subscribe");

        assertThat(http("PagesFunction", "Thanks", HttpCall.get("/c/demo/thanks", "")).status()).isEqualTo(200);
        assertThat(http("PagesFunction", "Confirmed", HttpCall.get("/c/demo/confirmed", "")).status()).isEqualTo(200);
        assertThat(http("PagesFunction", "Landing", HttpCall.get("/c/no-such-campaign", "")).status()).isEqualTo(404);
        // The landing page's one view, on the campaign's funnel counters (priming's rehearsal wrote none).
        long views = AWS.dynamoDb().query(q -> q.tableName(stack.table()).keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("COUNT#demo"))))
                .items().stream().filter(i -> i.containsKey("views")).mapToLong(i -> Long.parseLong(i.get("views").n())).sum();
        assertThat(views).isEqualTo(1);
    }

    @Test
    @Order(3)
    void scriptsOnTheCampaignsSitesGetCorsAndAJsonAnswer() {
        HttpCall preflight = new HttpCall("/c/demo/subscribe", "", null, null, Map.of("origin", ORIGIN,
                "access-control-request-method", "POST", "access-control-request-headers", "content-type"));
        HttpAnswer allowed = http("SubmitFunction", "SubscribePreflight", preflight);
        assertThat(allowed.status()).isEqualTo(204);
        assertThat(allowed.header("access-control-allow-origin")).isEqualTo(ORIGIN);
        assertThat(allowed.header("access-control-allow-methods")).contains("POST");

        HttpAnswer stranger = http("SubmitFunction", "SubscribePreflight",
                preflight.with(Map.of("origin", "https://attacker.example")));
        assertThat(stranger.header("access-control-allow-origin")).isNull();

        String email = unique("jo");
        HttpAnswer json = http("SubmitFunction", "Subscribe", HttpCall.post("/c/demo/subscribe", null,
                "application/json", "{\"email\":\"" + email + "\",\"consent\":true,\"firstName\":\"Jo\"}")
                .with(Map.of("origin", ORIGIN, "accept", "application/json")));
        assertThat(json.status()).isEqualTo(202);
        assertThat(json.header("access-control-allow-origin")).isEqualTo(ORIGIN);
        assertThat(readJson(json.body()).path("status").asText()).isEqualTo("pending");
        assertThat(store.findPending("demo", key(email)))
                .hasValueSatisfying(p -> assertThat(p.mailState()).isEqualTo(MailState.SENT));
        assertThat(AWS.sentEmailsTo(email)).singleElement().satisfies(m -> assertThat(m.subject()).startsWith("Please confirm"));
    }

    @Test
    @Order(4)
    void aVisitorBecomesAQualifiedLeadGetsNurturedAndUnsubscribes() {
        String email = unique("nia");

        // Signup: a form post, base64-encoded as HTTP APIs deliver it
        HttpAnswer submitted = http("SubmitFunction", "Subscribe", HttpCall.post("/c/demo/subscribe", null,
                LambdaEvents.FORM, "email=" + email + "&consent=yes&firstName=Nia&website="));
        assertThat(submitted.status()).isEqualTo(303);
        assertThat(submitted.header("location")).contains("/c/demo/thanks");
        List<SentEmail> mails = AWS.sentEmailsTo(email);
        assertThat(mails).hasSize(1);
        Matcher link = CONFIRM_LINK.matcher(mails.get(0).text());
        assertThat(link.find()).as("confirmation link in %s", mails.get(0).text()).isTrue();
        assertThat(link.group(1)).isEqualTo(ConformanceStack.apiHost()); // derived from the request's host
        String confirmToken = link.group(2);

        // Confirmation: GET shows a page and changes nothing (mail scanners), POST confirms
        HttpAnswer page = http("ConfirmFunction", "ConfirmGet", HttpCall.get("/confirm", "t=" + confirmToken));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<form");
        assertThat(store.findLead("demo", key(email))).isEmpty();
        HttpAnswer confirmed = http("ConfirmFunction", "ConfirmPost",
                HttpCall.post("/confirm", null, LambdaEvents.FORM, "t=" + confirmToken));
        assertThat(confirmed.status()).isEqualTo(303);
        assertThat(confirmed.header("location")).contains("/c/demo/confirmed");
        assertThat(store.findLead("demo", key(email)))
                .hasValueSatisfying(l -> assertThat(l.status()).isEqualTo(LeadStatus.CONFIRMED));

        // Survey, from the link on the confirmed page
        Matcher s = SURVEY_TOKEN.matcher(confirmed.header("location"));
        assertThat(s.find()).isTrue();
        HttpAnswer survey = http("SurveyFunction", "SurveyGet", HttpCall.get("/c/demo/survey", "t=" + s.group(1)));
        assertThat(survey.status()).isEqualTo(200);
        assertThat(survey.body()).contains("<form");
        HttpAnswer saved = http("SurveyFunction", "SurveyPost", HttpCall.post("/c/demo/survey", null, LambdaEvents.FORM,
                "t=" + s.group(1) + "&q.stage=launched&q.urgency=5&q.budget=large"));
        assertThat(saved.status()).isEqualTo(303);
        assertThat(store.findLead("demo", key(email))).hasValueSatisfying(l ->
                assertThat(l.qualification().temperature()).isEqualTo(Temperature.HOT));

        // Nurture: the schedule queues the due step, the sender sends it from the queue
        JsonNode run = schedule("NurtureSchedulerFunction", "EveryMinute");
        assertThat(run.path("queued").asInt()).isEqualTo(1);
        List<Message> due = receive(stack.queueUrl(queueOf("NurtureSenderFunction", "NurtureQueue")), 1, Duration.ofSeconds(10));
        assertThat(due).hasSize(1);
        SqsRecord poison = SqsRecord.poison("{\"not\":\"a nurture send\"");
        JsonNode batch = sqs("NurtureSenderFunction", "NurtureQueue", List.of(SqsRecord.of(due.get(0)), poison));
        assertThat(failedIds(batch)).containsExactly(poison.messageId());
        SentEmail nurture = AWS.sentEmailsTo(email).stream().filter(m -> !m.subject().startsWith("Please confirm"))
                .findFirst().orElseThrow(() -> new AssertionError("no nurture mail to " + email + "\n"
                        + sandboxes.get("NurtureSenderFunction").output()));
        assertThat(nurture.subject()).isEqualTo("Your Lean Launch Checklist is here");
        String listUnsubscribe = nurture.header("List-Unsubscribe");
        assertThat(listUnsubscribe).matches("<https://" + Pattern.quote(ConformanceStack.apiHost())
                + "/unsubscribe\\?t=demo\\.[A-Za-z0-9_-]{43}>");
        assertThat(nurture.header("List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(store.ledger("demo", key(email))).anySatisfy(e -> assertThat(e.type()).isEqualTo("nurture_sent"));

        // Hand-raise: the link of the survey-saved page; GET shows the form and changes nothing, POST acts
        assertThat(saved.header("location")).contains("&h=demo.");
        String talk = "t=" + saved.header("location").replaceFirst(".*[?&]h=", "").replaceFirst("&.*", "");
        HttpAnswer talkPage = http("HandoffFunction", "HandoffGet", HttpCall.get("/c/demo/talk", talk));
        assertThat(talkPage.status()).isEqualTo(200);
        assertThat(talkPage.body()).contains("<form", "name=\"channel\"");
        assertThat(store.findLead("demo", key(email))).hasValueSatisfying(l ->
                assertThat(l.qualification().stage()).isEqualTo(Qualifier.Stage.QUALIFIED));
        HttpAnswer raised = http("HandoffFunction", "HandoffPost", HttpCall.post("/c/demo/talk", null, LambdaEvents.FORM,
                talk + "&channel=video&bestTime=afternoons"));
        assertThat(raised.status()).isEqualTo(200);
        assertThat(store.findLead("demo", key(email))).hasValueSatisfying(l ->
                assertThat(l.qualification().stage()).isEqualTo(Qualifier.Stage.SALES_READY));
        assertThat(store.ledger("demo", key(email))).filteredOn(e -> e.type().equals("hand_raised")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("channel", "video"));
        // Lead events: the table's stream, as Lambda's mapping delivers it, to the publisher; the notify list hears
        assertThat(AWS.sentEmailsTo("sales@leadpipe.test")).filteredOn(m -> m.subject().contains(email)).isEmpty();
        streamAll("LeadEventsFunction", "TableStream");
        SentEmail notice = AWS.sentEmailsTo("sales@leadpipe.test").stream()
                .filter(m -> m.subject().startsWith("Hand raised") && m.subject().contains(email)).findFirst()
                .orElseThrow(() -> new AssertionError("no hand-raise notice\n" + sandboxes.get("LeadEventsFunction").output()));
        assertThat(notice.text()).contains("Prefers: video", "Temperature: hot");
        Matcher ack = Pattern.compile("/c/demo/talk/ack\\?(t=demo\\.[A-Za-z0-9_-]{43})").matcher(notice.text());
        assertThat(ack.find()).as("I've got this link in %s", notice.text()).isTrue();
        assertThat(http("HandoffFunction", "AcknowledgeGet", HttpCall.get("/c/demo/talk/ack", ack.group(1))).body())
                .contains("<form", "I've got this");
        assertThat(http("HandoffFunction", "AcknowledgePost", HttpCall.post("/c/demo/talk/ack", null, LambdaEvents.FORM,
                ack.group(1) + "&by=Conformance")).status()).isEqualTo(200);
        assertThat(store.ledger("demo", key(email))).anySatisfy(e -> assertThat(e.type()).isEqualTo("acknowledged"));
        streamAll("LeadEventsFunction", "TableStream");
        assertThat(schedule("LeadEventsFunction", "Reminders").path("status").asText()).isEqualTo("ok");
        // A record the publisher cannot read (an unknown status) is named in batchItemFailures, alone
        JsonNode poisoned = streamRecords("LeadEventsFunction", "TableStream", List.of(poisonLeadRecord()));
        assertThat(failedIds(poisoned)).containsExactly("99999999999999999999");

        String query = listUnsubscribe.replaceAll("^<https://[^?]+\\?|>$", "");
        HttpAnswer unsubscribePage = http("UnsubscribeFunction", "UnsubscribeGet", HttpCall.get("/unsubscribe", query));
        assertThat(unsubscribePage.status()).isEqualTo(200);
        assertThat(unsubscribePage.body()).contains("<form");
        assertThat(store.findLead("demo", key(email)))
                .hasValueSatisfying(l -> assertThat(l.status()).isEqualTo(LeadStatus.CONFIRMED));
        HttpAnswer oneClick = http("UnsubscribeFunction", "UnsubscribePost", HttpCall.post("/unsubscribe", query,
                LambdaEvents.FORM, "List-Unsubscribe=One-Click").with(Map.of("user-agent", "")));
        assertThat(oneClick.status()).isEqualTo(200);
        assertThat(store.findLead("demo", key(email)))
                .hasValueSatisfying(l -> assertThat(l.status()).isEqualTo(LeadStatus.UNSUBSCRIBED));
    }

    @Test
    @Order(5)
    void theAdminRoutesAnswerUnderTheRuntimeClient() {
        // After the lead flow above: its signup, confirmation and answers are counted.
        HttpAnswer campaigns = http("AdminFunction", "Campaigns", HttpCall.get("/admin/campaigns", ""));
        assertThat(campaigns.status()).as(campaigns.body()).isEqualTo(200);
        assertThat(campaigns.body()).contains("\"id\":\"demo\"");
        HttpAnswer funnel = http("AdminFunction", "Funnel", HttpCall.get("/admin/campaigns/demo/funnel", "by=source"));
        assertThat(funnel.status()).as(funnel.body()).isEqualTo(200);
        assertThat(funnel.body()).containsPattern("\"confirmed\":[1-9]");
        HttpAnswer csv = http("AdminFunction", "Leads", HttpCall.get("/admin/campaigns/demo/leads", "format=csv"));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("content-type")).startsWith("text/csv");
        String email = unique("ivy");
        assertThat(http("AdminFunction", "Person", HttpCall.get("/admin/leads", "email=" + email)).status()).isEqualTo(404);
        assertThat(http("AdminFunction", "PrivacyExport", HttpCall.post("/admin/privacy/export", null,
                "application/json", "{\"email\":\"" + email + "\"}")).status()).isEqualTo(200);
        HttpAnswer erased = http("AdminFunction", "PrivacyErase", HttpCall.post("/admin/privacy/erase", null,
                "application/json", "{\"email\":\"" + email + "\"}"));
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        assertThat(erased.body()).contains("\"erased\":true");
    }

    @Test
    @Order(5)
    void theBounceFunctionRejectsForgedAndMalformedNotificationsWithoutAnError() {
        // Real SNS signatures can't be made here: every notification below is one a forger could send.
        String email = unique("bo");
        http("SubmitFunction", "Subscribe", HttpCall.post("/c/demo/subscribe", null, LambdaEvents.FORM,
                "email=" + email + "&consent=yes"));
        String topic = topicOf("BounceFunction", "Feedback");
        assertThat(functions.get("BounceFunction").environment()).containsEntry("BOUNCE_TOPIC_ARN", topic);
        String bounce = sesBounceFor(email);
        String certUrl = "https://sns." + ConformanceStack.REGION + ".amazonaws.com/SimpleNotificationService-0123456789abcdef.pem";
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("topic", LambdaEvents.sns("arn:aws:sns:" + ConformanceStack.REGION + ":210987654321:attacker", bounce,
                Instant.now(), certUrl));
        forged.put("certificate_url", LambdaEvents.sns(topic, bounce, Instant.now(),
                "https://sns." + ConformanceStack.REGION + ".amazonaws.com.attacker.example/cert.pem"));
        forged.put("stale", LambdaEvents.sns(topic, bounce, Instant.now().minus(Duration.ofHours(2)), certUrl));
        forged.put("malformed_event", "{\"Records\":[{\"EventSource\":\"aws:sqs\",\"body\":\"" + email + "\"}]}");

        for (Map.Entry<String, String> event : forged.entrySet()) {
            RuntimeApi.Outcome outcome = sns("BounceFunction", "Feedback", event.getValue());
            requireResponse("BounceFunction", event.getKey() + " (an error makes Lambda retry, then dead-letter it)",
                    outcome);
        }

        assertThat(logEvents("BounceFunction", "feedback.rejected")).extracting(e -> e.path("reason").asText())
                .containsExactlyElementsOf(forged.keySet());
        assertThat(store.findAddress(key(email)).suppressed()).isFalse();
    }

    @Test
    @Order(6)
    void theOutboxSweepSendsTheRefusedMailOnceItsLeaseEnded() {
        assertThat(refusedEmail).as("the refused signup of the first test").isNotNull();
        // The lease is MAIL_LEASE_SECONDS (1 s here); the tests in between took longer than that.

        JsonNode run = schedule("ConfirmationRetryFunction", "Sweep");

        assertThat(run.path("sent").asInt()).isEqualTo(1);
        assertThat(AWS.sentEmailsTo(refusedEmail)).singleElement().satisfies(m -> {
            assertThat(m.subject()).startsWith("Please confirm");
            assertThat(CONFIRM_LINK.matcher(m.text()).find()).isTrue();
        });
        assertThat(store.findPending("demo", key(refusedEmail)))
                .hasValueSatisfying(p -> assertThat(p.mailState()).isEqualTo(MailState.SENT));
        assertThat(store.findOwed("demo", key(refusedEmail))).isEmpty();
    }

    @Test
    @Order(7)
    void everyFunctionAndEventSourceOfTheTemplateRanUnderTheRuntimeClient() {
        Set<String> wired = new TreeSet<>();
        for (ConformanceStack.Function f : functions.values()) {
            f.spec().events().keySet().forEach(e -> wired.add(f.logicalId() + "/" + e));
        }
        assertThat(driven).as("event sources driven").containsExactlyElementsOf(wired);
        assertThat(sandboxes.keySet()).containsExactlyInAnyOrderElementsOf(functions.keySet());

        for (FunctionSandbox s : sandboxes.values()) {
            String name = s.function().logicalId();
            assertThat(s.environment()).as(name).doesNotContainKeys(FunctionSandbox.KEY_VARIABLES.toArray(String[]::new));
            assertThat(s.errors()).as(name + " invocation errors\n" + s.output()).isZero();
            if (s.function().snapStart()) {
                // init, CRaC beforeCheckpoint, restore/next (the snapshot), afterRestore, then invocations
                assertThat(s.runtimeCalls()).as(name).first().isEqualTo("GET restore/next");
                assertThat(s.runtimeCalls()).as(name).filteredOn("GET restore/next"::equals).hasSize(1);
                // the handler's CRaC resource ran before the snapshot and every priming step succeeded;
                // after a restore no invocation counts as a cold start (afterRestore ran)
                // and it ended with a young collection, not the full one that un-warms compiled code
                assertThat(s.log()).as(name + " priming\n" + s.output())
                        .containsPattern("\"event\":\"priming\\.done\"[^\n]*\"failed\":0")
                        .containsPattern("\"event\":\"priming\\.young_collection\"[^\n]*\"ran\":true")
                        .containsPattern("\"event\":\"priming\\.restored\"[^\n]*\"collections_after_priming\":0[,}]")
                        .doesNotContain("\"start\":\"cold\"");
            }
            assertThat(s.credentials().refused()).as(name + " credential requests without the token").isZero();
        }
        // The bounce function logs its first invocation (a rejection): the line says it followed a restore.
        assertThat(sandboxes.get("BounceFunction").log().lines().filter(l -> l.contains("\"requestId\"")).findFirst())
                .hasValueSatisfying(first -> assertThat(first).contains("\"start\":\"restored\""));
        // The functions that read or wrote the emulators here got credentials from the endpoint (the only
        // source they have). Not the bounces (all rejected before the table).
        sandboxes.values().stream().filter(s -> !Set.of("BounceFunction").contains(s.function().logicalId()))
                .forEach(s -> assertThat(s.credentials().served()).as(s.function().logicalId() + " credential requests")
                        .isPositive());
    }

    // ------------------------------------------------------------------ driving functions

    FunctionSandbox sandbox(String logicalId) {
        return sandboxes.computeIfAbsent(logicalId, id -> {
            ConformanceStack.Function f = functions.get(id);
            assertThat(f).as("function %s in template.yaml", id).isNotNull();
            Map<String, String> endpoints = Map.of(
                    "AWS_ENDPOINT_URL_DYNAMODB", AWS.endpoint("dynamodb").toString(),
                    "AWS_ENDPOINT_URL_SESV2", AWS.endpoint("sesv2").toString(),
                    "AWS_ENDPOINT_URL_SQS", AWS.endpoint("sqs").toString(),
                    "AWS_ENDPOINT_URL_EVENTBRIDGE", AWS.endpoint("events").toString(),
                    // moto on a busy CI box is slower than DynamoDB: bounded, not Lambda-tight.
                    "AWS_ATTEMPT_TIMEOUT_MS", "20000", "AWS_CALL_TIMEOUT_MS", "40000",
                    // The outbox sweep may re-send an owed mail a second after its attempt, not a minute.
                    "MAIL_LEASE_SECONDS", "1");
            return FunctionSandbox.start(f, artifacts.artifact(id), runtimeClientDir(), endpoints, logDir());
        });
    }

    SamTemplate.Event event(String logicalId, String eventName, String type) {
        SamTemplate.Event event = functions.get(logicalId).spec().events().get(eventName);
        assertThat(event).as("%s has an event %s in template.yaml", logicalId, eventName).isNotNull();
        assertThat(event.type()).isEqualTo(type);
        driven.add(logicalId + "/" + eventName);
        return event;
    }

    /** The scheduled event of a Schedule source; insists on a response, parsed as JSON. */
    JsonNode schedule(String logicalId, String eventName) {
        event(logicalId, eventName, "Schedule");
        RuntimeApi.Outcome outcome = sandbox(logicalId).invoke(
                LambdaEvents.scheduled(ConformanceStack.STACK_NAME + "-" + logicalId + eventName));
        requireResponse(logicalId, eventName, outcome);
        return readJson(outcome.body());
    }

    /** An SNS delivery (asynchronous: Lambda keeps only whether it failed). */
    RuntimeApi.Outcome sns(String logicalId, String eventName, String payload) {
        event(logicalId, eventName, "SNS");
        return sandbox(logicalId).invoke(payload);
    }

    String topicOf(String logicalId, String eventName) {
        return stack.intrinsics().resolve(functions.get(logicalId).spec().events().get(eventName).properties().get("Topic"),
                logicalId + ".Events." + eventName + ".Topic");
    }

    HttpAnswer http(String logicalId, String eventName, HttpCall call) {
        SamTemplate.Event event = event(logicalId, eventName, "HttpApi");
        assertThat(event.properties().get("PayloadFormatVersion")).isEqualTo("2.0");
        String method = String.valueOf(event.properties().get("Method")).toUpperCase(java.util.Locale.ROOT);
        String payload = LambdaEvents.httpApi(method, String.valueOf(event.properties().get("Path")), call);
        RuntimeApi.Outcome outcome = sandbox(logicalId).invoke(payload);
        requireResponse(logicalId, method + " " + call.rawPath() + " (API Gateway would answer 500)", outcome);
        JsonNode response = readJson(outcome.body());
        Map<String, String> headers = new TreeMap<>();
        response.path("headers").properties().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT),
                h.getValue().asText()));
        String body = response.path("body").isNull() ? "" : response.path("body").asText("");
        if (response.path("isBase64Encoded").asBoolean(false)) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        return new HttpAnswer(response.path("statusCode").asInt(), headers, body);
    }

    /** An SQS batch for the template's event source; the function must report partial failures. */
    JsonNode sqs(String logicalId, String eventName, List<SqsRecord> records) {
        SamTemplate.Event event = event(logicalId, eventName, "SQS");
        assertThat(String.valueOf(event.properties().get("FunctionResponseTypes"))).contains("ReportBatchItemFailures");
        String queue = Intrinsics.target(event.properties().get("Queue"), logicalId + ".Events." + eventName + ".Queue");
        String arn = stack.intrinsics().resolve(Map.of("Fn::GetAtt", List.of(queue, "Arn")), logicalId + "/" + eventName);
        RuntimeApi.Outcome outcome = sandbox(logicalId).invoke(LambdaEvents.sqs(arn, records));
        requireResponse(logicalId, eventName + " (every message of the batch would be retried)", outcome);
        JsonNode response = readJson(outcome.body());
        // As the event source mapping does: delete what was not reported as failed
        for (SqsRecord r : records) {
            if (!failedIds(response).contains(r.messageId()) && !r.isPoison()) {
                AWS.sqs().deleteMessage(d -> d.queueUrl(stack.queueUrl(queue)).receiptHandle(r.receiptHandle()));
            }
        }
        return response;
    }

    /** Every record of the table's stream not delivered yet, batch by batch, as Lambda's mapping delivers them. */
    void streamAll(String logicalId, String eventName) {
        if (tableStream == null) {
            tableStream = TableStream.fromStart(AWS.dynamoDb(), AWS.clients()
                    .configured(DynamoDbStreamsClient.builder(), "dynamodbstreams").build(), stack.table());
        }
        int batchSize = Integer.parseInt(String.valueOf(functions.get(logicalId).spec().events().get(eventName)
                .properties().get("BatchSize")));
        List<Map<String, Object>> records;
        while (!(records = tableStream.next(batchSize)).isEmpty()) {
            JsonNode response = streamRecords(logicalId, eventName, records);
            assertThat(failedIds(response)).as("stream batch failures\n" + sandboxes.get(logicalId).output()).isEmpty();
            tableStream.done(records, java.util.Optional.empty());
        }
    }

    /** A DynamoDB stream batch for the template's event source; the function must report partial failures. */
    JsonNode streamRecords(String logicalId, String eventName, List<Map<String, Object>> records) {
        SamTemplate.Event event = event(logicalId, eventName, "DynamoDB");
        assertThat(String.valueOf(event.properties().get("FunctionResponseTypes"))).contains("ReportBatchItemFailures");
        RuntimeApi.Outcome outcome = sandbox(logicalId).invoke(JsonTree.write(TableStream.event(records)));
        requireResponse(logicalId, eventName + " (the whole batch would be retried)", outcome);
        return readJson(outcome.body());
    }

    static Map<String, Object> poisonLeadRecord() {
        Map<String, Object> image = Map.of("PK", Map.of("S", "LEAD#demo#poison"), "SK", Map.of("S", "LEAD"),
                "status", Map.of("S", "NOT_A_STATUS"), "campaign", Map.of("S", "demo"));
        return Map.of("eventID", "poison", "eventName", "INSERT", "eventSource", "aws:dynamodb", "dynamodb",
                Map.of("SequenceNumber", "99999999999999999999", "ApproximateCreationDateTime", 0,
                        "Keys", Map.of("PK", Map.of("S", "LEAD#demo#poison"), "SK", Map.of("S", "LEAD")), "NewImage", image));
    }

    String queueOf(String logicalId, String eventName) {
        return Intrinsics.target(functions.get(logicalId).spec().events().get(eventName).properties().get("Queue"),
                logicalId + ".Events." + eventName + ".Queue");
    }

    /** Fails, with the function's output, when the runtime posted an invocation error instead of a response. */
    void requireResponse(String logicalId, String what, RuntimeApi.Outcome outcome) {
        if (outcome.error()) {
            throw new AssertionError(logicalId + " " + what + ": invocation error " + outcome.errorType() + " "
                    + outcome.body() + "\n" + sandboxes.get(logicalId).output());
        }
    }

    /** The itemIdentifier of each batchItemFailures entry: the wire contract of ReportBatchItemFailures. */
    static List<String> failedIds(JsonNode batchResponse) {
        assertThat(batchResponse.has("batchItemFailures")).as("batch response %s", batchResponse).isTrue();
        List<String> ids = new ArrayList<>();
        batchResponse.path("batchItemFailures").forEach(f -> ids.add(f.path("itemIdentifier").asText()));
        return ids;
    }

    static List<Message> receive(String queueUrl, int expected, Duration patience) {
        List<Message> messages = new ArrayList<>();
        long deadline = System.nanoTime() + patience.toNanos();
        while (messages.size() < expected && System.nanoTime() < deadline) {
            messages.addAll(AWS.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(2)
                    .messageSystemAttributeNamesWithStrings("All")).messages());
        }
        return messages;
    }

    /** The function's own structured log lines with this event name, oldest first. */
    List<JsonNode> logEvents(String logicalId, String event) {
        List<JsonNode> found = new ArrayList<>();
        for (String line : sandboxes.get(logicalId).log().split("\n")) {
            int start = line.indexOf('{');
            if (start >= 0 && line.contains("\"event\":\"" + event + "\"")) {
                found.add(readJson(line.substring(start)));
            }
        }
        return found;
    }

    /** The recorded SES bounce notification (events/), for another recipient. */
    String sesBounceFor(String email) {
        try {
            JsonNode fixture = readJson(Files.readString(root.resolve("events/ses-bounce-permanent.json")));
            return fixture.path("Records").get(0).path("Sns").path("Message").asText().replace("ada@example.com", email);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readJson(String text) {
        try {
            return LambdaEvents.JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    static String key(String email) {
        return EmailAddress.tryParse(email).orElseThrow().key();
    }

    Path runtimeClientDir() {
        return Path.of(System.getProperty("conformance.runtimeClient", "target/lambda-runtime-client")).toAbsolutePath();
    }

    Path logDir() {
        return Path.of(System.getProperty("conformance.logs", "target/conformance-logs")).toAbsolutePath();
    }
}
