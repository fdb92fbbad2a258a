package com.leadpipe.functions.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.events.EventsConfig;
import com.leadpipe.functions.confirm.ConfirmHandler;
import com.leadpipe.functions.handoff.HandoffHandler;
import com.leadpipe.functions.submit.SubmitHandler;
import com.leadpipe.functions.survey.SurveyHandler;
import com.leadpipe.handoff.HandRaiseLinks;
import com.leadpipe.json.JsonTree;
import com.leadpipe.store.AdminStore;
import com.leadpipe.store.PrivacyStore;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.store.SuppressionStore;
import com.leadpipe.testing.ApiEvents;
import com.leadpipe.testing.EmulatedBackend;
import com.leadpipe.testing.PrimingCheck;
import com.leadpipe.testing.SentEmail;
import com.leadpipe.testing.Signups;
import com.leadpipe.testing.TableStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The whole path on the emulators: a real lead (submit, confirm, survey, hand-raise) changes the
 * table; its DynamoDB stream, read through the Streams API as Lambda's event source mapping reads
 * it, is handed to the lead-events function as Lambda's wire JSON; the events arrive on a bus of
 * the emulator (read back through a rule and a queue), the notices in SES.
 */
class LeadEventsFlowIT {

    static final String BASE_URL = "https://join.leadpipe.test";
    static final Pattern ACK_LINK = Pattern.compile(Pattern.quote(BASE_URL) + "/c/demo/talk/ack\\?t=(demo\\.[A-Za-z0-9_-]{43})");
    static final DynamoDbStreamsClient STREAMS = EmulatedBackend.AWS.clients()
            .configured(DynamoDbStreamsClient.builder(), "dynamodbstreams").build();

    @RegisterExtension
    final EmulatedBackend backend = new EmulatedBackend("hello@leadpipe.test", "grace", "example.org");
    final BusCapture bus = new BusCapture();
    final TableStream stream = TableStream.fromStart(EmulatedBackend.AWS.dynamoDb(), STREAMS, backend.table);
    final LeadEventsHandler events = backend.handler(LeadEventsHandler.class,
            new EventsConfig(bus.busName, "leadpipe", BASE_URL), bus.events);
    final HandoffHandler handoff = backend.handler(HandoffHandler.class);
    final Signups signups = new Signups(backend, backend.handler(SubmitHandler.class), backend.handler(ConfirmHandler.class));

    Lead hotLead() {
        String surveyToken = Signups.surveyToken(signups.signUpAndConfirm("&firstName=Grace&role=Founder&website="));
        ApiEvents.invoke(backend.handler(SurveyHandler.class), ApiEvents.surveyPost("demo",
                "t=" + surveyToken + "&q.stage=launched&q.urgency=5&q.budget=large"));
        return backend.store.findLead("demo", backend.addressKey()).orElseThrow();
    }

    void raiseHand(Lead lead) {
        String token = new HandRaiseLinks(backend.store).mintToken(lead, backend.clock.instant());
        APIGatewayV2HTTPResponse raised = ApiEvents.invoke(handoff, ApiEvents.request("POST", "/c/demo/talk",
                "POST /c/{campaign}/talk", Map.of("campaign", "demo"), null, ApiEvents.FORM,
                "t=" + token + "&channel=phone&phone=%2B44+20+7946+0000&bestTime=mornings"));
        assertThat(raised.getStatusCode()).isEqualTo(200);
    }

    /** One poll of the stream as Lambda's mapping does it; the function's answer decides what comes again. */
    List<String> deliverStream() {
        List<Map<String, Object>> records = stream.next(100);
        if (records.isEmpty()) {
            return List.of();
        }
        List<String> failed = invoke(JsonTree.write(TableStream.event(records)));
        stream.done(records, failed.stream().findFirst());
        return failed;
    }

    List<String> invoke(String event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return JsonTree.array(JsonTree.parse(out.toString(StandardCharsets.UTF_8)), "batchItemFailures").stream()
                .map(f -> JsonTree.string(f, "itemIdentifier")).toList();
    }

    List<SentEmail> notices() {
        return EmulatedBackend.AWS.sentEmailsTo("sales@leadpipe.test").stream()
                .filter(m -> m.subject().contains(backend.email)).toList();
    }

    APIGatewayV2HTTPResponse ack(String method, String token) {
        return method.equals("GET")
                ? ApiEvents.invoke(handoff, ApiEvents.page("demo", "/talk/ack", "t=" + token))
                : ApiEvents.invoke(handoff, ApiEvents.request("POST", "/c/demo/talk/ack", "POST /c/{campaign}/talk/ack",
                Map.of("campaign", "demo"), null, ApiEvents.FORM, "t=" + token + "&by=Sam"));
    }

    String ackToken(SentEmail notice) {
        Matcher link = ACK_LINK.matcher(notice.text());
        assertThat(link.find()).as("I've got this link in %s", notice.text()).isTrue();
        return link.group(1);
    }

    @Test
    void aHotLeadsHandRaiseReachesTheBusWithItsQualificationAndTheNotifyListOnce() {
        // GIVEN a lead confirmed, made hot by the survey, and raising its hand
        Lead lead = hotLead();
        backend.clock.advance(Duration.ofDays(2));
        raiseHand(lead);

        // WHEN the table's stream is delivered to the function
        assertThat(deliverStream()).isEmpty();

        // THEN the bus has confirmed, qualified and hand_raised, in that order, each valid against the schema
        List<Map<String, Object>> all = bus.all();
        assertThat(all).extracting(e -> e.get("detail-type"))
                .containsExactly("lead.confirmed", "lead.qualified", "lead.hand_raised");
        assertThat(all).allSatisfy(e -> {
            assertThat(e.get("source")).isEqualTo("leadpipe");
            assertThat(LeadEventSchema.problems(e.get("detail"))).isEmpty();
        });
        Map<String, Object> raised = BusCapture.detail(all.get(2));
        assertThat(raised).containsEntry("version", 1).containsEntry("campaign", "demo")
                .containsEntry("leadId", lead.leadId()).containsEntry("status", "confirmed");
        assertThat(JsonTree.object(raised, "qualification")).containsEntry("temperature", "hot")
                .containsEntry("stage", "sales-ready");
        assertThat(JsonTree.object(raised, "fields")).containsOnly(Map.entry("firstName", "Grace"), Map.entry("role", "Founder"));
        assertThat(JsonTree.object(raised, "handRaise")).containsEntry("email", backend.email)
                .containsEntry("channel", "phone").containsEntry("bestTime", "mornings");
        assertThat(JsonTree.object(BusCapture.detail(all.get(1)), "previous")).containsEntry("stage", "confirmed");
        assertThat(all.subList(0, 2)).allSatisfy(e -> assertThat(BusCapture.detail(e)).doesNotContainKey("handRaise")
                .doesNotContainValue(backend.email));

        // AND the notify list got one "became hot" and one hand-raise notice, never the lead
        assertThat(notices()).extracting(SentEmail::subject).containsExactly(
                "Hot lead: Grace <" + backend.email + "> (hot) - The Lean Launch Checklist",
                "Hand raised: Grace <" + backend.email + "> (hot) - The Lean Launch Checklist");
        SentEmail notice = notices().get(1);
        assertThat(notice.text()).contains("I've got this: " + BASE_URL + "/c/demo/talk/ack?t=", "Prefers: phone",
                "Phone: +44 20 7946 0000", "Temperature: hot", "Stage: sales-ready", "Lead id: " + lead.leadId());
        assertThat(notice.header("List-Unsubscribe")).isNull();
        assertThat(backend.mails()).filteredOn(m -> m.isAddressedTo(backend.email))
                .noneSatisfy(m -> assertThat(m.subject()).startsWith("Hand raised"));

        // AND a redelivery of the same records (Lambda retries) publishes again but mails nobody twice
        TableStream again = TableStream.fromStart(EmulatedBackend.AWS.dynamoDb(), STREAMS, backend.table);
        List<Map<String, Object>> records = again.next(100);
        assertThat(invoke(JsonTree.write(TableStream.event(records)))).isEmpty();
        assertThat(notices()).hasSize(2);
        assertThat(bus.ofType("lead.hand_raised")).hasSize(2)
                .extracting(e -> BusCapture.detail(e).get("id")).containsOnly(raised.get("id"));
        assertThat(backend.logs.text()).contains("handoff.notice_duplicate").doesNotContain(backend.email);
    }

    @Test
    void iveGotThisAcknowledgesOnceAndNoReminderFollows() {
        raiseHand(hotLead());
        deliverStream();
        String token = ackToken(notices().stream().filter(m -> m.subject().startsWith("Hand raised")).findFirst().orElseThrow());

        // GIVEN a scanner opens the link: a button, nothing changes
        APIGatewayV2HTTPResponse page = ack("GET", token);
        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(Jsoup.parse(page.getBody()).selectFirst("form[method=post] input[name=t]").attr("value")).isEqualTo(token);
        assertThat(backend.leadItem("demo")).doesNotContainKey("acknowledgedAt");

        // WHEN someone presses "I've got this", twice
        APIGatewayV2HTTPResponse done = ack("POST", token);
        APIGatewayV2HTTPResponse twice = ack("POST", token);

        // THEN it is recorded once, the lead leaves the remind-index, and lead.acknowledged is published
        assertThat(done.getStatusCode()).isEqualTo(200);
        assertThat(done.getBody()).contains("no reminder goes out");
        assertThat(twice.getBody()).contains("Someone (Sam) took it already");
        assertThat(backend.leadItem("demo")).containsKey("acknowledgedAt").doesNotContainKeys("remindAt", "remindShard");
        assertThat(backend.store.ledger("demo", backend.addressKey())).filteredOn(e -> e.type().equals("acknowledged"))
                .singleElement().satisfies(e -> assertThat(e.details()).containsEntry("by", "Sam"));
        deliverStream();
        assertThat(bus.ofType("lead.acknowledged")).singleElement().satisfies(e -> {
            assertThat(JsonTree.object(BusCapture.detail(e), "acknowledged")).containsEntry("by", "Sam");
            assertThat(LeadEventSchema.problems(BusCapture.detail(e))).isEmpty();
        });

        // AND past acknowledgeWithin the sweep reminds nobody
        backend.clock.advance(Duration.ofHours(5));
        invoke(LeadEventsTestEvents.SCHEDULED);
        assertThat(notices()).noneSatisfy(m -> assertThat(m.subject()).startsWith("Reminder"));
    }

    @Test
    void aHandNobodyTookGetsOneReminderAfterAcknowledgeWithin() {
        raiseHand(hotLead());
        deliverStream();

        // GIVEN not yet 4 hours: no reminder
        backend.clock.advance(Duration.ofHours(3));
        invoke(LeadEventsTestEvents.SCHEDULED);
        assertThat(notices()).noneSatisfy(m -> assertThat(m.subject()).startsWith("Reminder"));

        // WHEN the sweep runs after 4 hours, and again
        backend.clock.advance(Duration.ofHours(1).plusMinutes(1));
        invoke(LeadEventsTestEvents.SCHEDULED);
        invoke(LeadEventsTestEvents.SCHEDULED);

        // THEN one reminder with a working "I've got this" link
        List<SentEmail> reminders = notices().stream().filter(m -> m.subject().startsWith("Reminder")).toList();
        assertThat(reminders).singleElement().satisfies(m -> assertThat(m.text()).contains("nobody said"));
        assertThat(ack("POST", ackToken(reminders.get(0))).getBody()).contains("no reminder goes out");
        assertThat(backend.leadItem("demo")).doesNotContainKeys("remindAt", "remindShard").containsKey("remindedAt");
    }

    @Test
    void aBusThatRefusesFailsTheFirstRecordWithChangesSoTheStreamRetriesFromThere() {
        // GIVEN a function whose bus does not exist
        LeadEventsHandler broken = backend.handler(LeadEventsHandler.class,
                new EventsConfig("no-such-bus", "leadpipe", BASE_URL), bus.events);
        signups.signUpAndConfirm("&firstName=Grace&website=");
        List<Map<String, Object>> records = stream.next(100);
        // The first change of the lead item that carries a status (moto writes an updated new item as an
        // INSERT of its keys, then a MODIFY with the attributes; DynamoDB as one INSERT).
        String confirmedLead = records.stream().filter(r -> "LEAD".equals(sk(r))
                        && JsonTree.object(JsonTree.object(r, "dynamodb"), "NewImage").containsKey("status"))
                .map(r -> JsonTree.string(JsonTree.object(r, "dynamodb"), "SequenceNumber")).findFirst().orElseThrow();

        // WHEN the batch is delivered
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        broken.handleRequest(new ByteArrayInputStream(JsonTree.write(TableStream.event(records))
                .getBytes(StandardCharsets.UTF_8)), out, null);

        // THEN the answer names the lead's record (the records before it published nothing and are done)
        assertThat(JsonTree.array(JsonTree.parse(out.toString(StandardCharsets.UTF_8)), "batchItemFailures"))
                .singleElement().satisfies(f -> assertThat(JsonTree.string(f, "itemIdentifier")).isEqualTo(confirmedLead));
        assertThat(backend.logs.text()).contains("events.record_failed");

        // AND the working function, given the stream from that record on, publishes it
        stream.done(records, Optional.of(confirmedLead));
        assertThat(deliverStream()).isEmpty();
        assertThat(bus.ofType("lead.confirmed")).hasSize(1);
    }

    /** The campaign's funnel step, summed over its counter items of every day. */
    long funnel(String step) {
        return new AdminStore(EmulatedBackend.AWS.dynamoDb(), backend.table)
                .counters("demo", LocalDate.of(2000, 1, 1), LocalDate.of(2100, 1, 1)).stream()
                .mapToLong(row -> row.steps().getOrDefault(step, 0L)).sum();
    }

    @Test
    void aBouncedLeadIsCountedOnceInItsFunnelAndAnErasedLeadTellsTheBusWhichLeadToErase() {
        // GIVEN a confirmed lead, its events delivered
        Lead lead = hotLead();
        assertThat(deliverStream()).isEmpty();
        assertThat(funnel("bounced")).isZero();

        // WHEN its address bounces (the bounce function's write) and the stream is delivered, twice over
        new SuppressionStore(EmulatedBackend.AWS.dynamoDb(), backend.table)
                .suppress(backend.addressKey(), SuppressionStore.Reason.BOUNCE, backend.clock.instant(), "f-1");
        assertThat(deliverStream()).isEmpty();
        TableStream again = TableStream.fromStart(EmulatedBackend.AWS.dynamoDb(), STREAMS, backend.table);
        assertThat(invoke(JsonTree.write(TableStream.event(again.next(100))))).isEmpty();

        // THEN lead.suppressed went out (again on redelivery, same id) and the funnel counts one bounce
        List<Map<String, Object>> suppressed = bus.ofType("lead.suppressed");
        assertThat(suppressed).hasSize(2).extracting(e -> BusCapture.detail(e).get("id"))
                .containsOnly(BusCapture.detail(suppressed.get(0)).get("id"));
        assertThat(LeadEventSchema.problems(BusCapture.detail(suppressed.get(0)))).isEmpty();
        assertThat(funnel("bounced")).isEqualTo(1);

        // WHEN the person is erased and the stream delivered
        new PrivacyStore(EmulatedBackend.AWS.dynamoDb(), backend.table).erase(List.of("demo"), backend.addressKey(),
                "tombstone-key", "arn:aws:iam::123456789012:user/privacy", backend.clock.instant(), "req-1");
        assertThat(deliverStream()).isEmpty();

        // THEN lead.erased names the lead and carries nothing of the person, valid against the schema
        assertThat(bus.ofType("lead.erased")).singleElement().satisfies(e -> {
            Map<String, Object> detail = BusCapture.detail(e);
            assertThat(LeadEventSchema.problems(detail)).isEmpty();
            assertThat(detail).containsEntry("leadId", lead.leadId()).containsEntry("campaign", "demo")
                    .containsEntry("type", "lead.erased").doesNotContainValue(backend.email);
            assertThat(JsonTree.object(detail, "fields")).isEmpty();
            assertThat(JsonTree.object(detail, "attribution")).isEmpty();
            assertThat(JsonTree.write(detail)).doesNotContain(backend.email, "Grace", "Founder");
        });
        // AND the bounce stays counted (counters hold no personal data)
        assertThat(funnel("bounced")).isEqualTo(1);
    }

    @Test
    void notAStreamEventFailsTheInvocation() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> invoke("{\"hello\":1}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void snapStartPrimingWritesNothingAndSendsNothing() {
        PrimingCheck.assertHarmless(backend, events.priming());
    }

    private static String sk(Map<String, Object> record) {
        return JsonTree.string(JsonTree.object(JsonTree.object(record, "dynamodb"), "Keys").get("SK"), "S");
    }
}
