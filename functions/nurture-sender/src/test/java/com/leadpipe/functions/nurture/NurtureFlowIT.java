package com.leadpipe.functions.nurture;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.functions.confirm.ConfirmHandler;
import com.leadpipe.functions.submit.SubmitHandler;
import com.leadpipe.functions.survey.SurveyHandler;
import com.leadpipe.functions.unsubscribe.UnsubscribeHandler;
import com.leadpipe.nurture.NurtureConfig;
import com.leadpipe.nurture.Pacer;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.Records.Lead;
import com.leadpipe.store.Records.LedgerEvent;
import com.leadpipe.testing.ApiEvents;
import com.leadpipe.testing.AwsEmulators;
import com.leadpipe.testing.EmulatedBackend;
import com.leadpipe.testing.MutableClock;
import com.leadpipe.testing.PrimingCheck;
import com.leadpipe.testing.SentEmail;
import com.leadpipe.testing.Signups;
import com.leadpipe.testing.SqsEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Confirmation → nurture on real emulators: the scheduler reads the due-index, queues on SQS, the
 * sender sends through SES; an injected clock moves the days along.
 */
class NurtureFlowIT {

    static final AwsEmulators AWS = EmulatedBackend.AWS;

    @RegisterExtension
    final EmulatedBackend backend = new EmulatedBackend("nurture@leadpipe.test", "nia", "example.com");
    final MutableClock clock = backend.clock;
    final LeadStore store = backend.store;
    final String email = backend.email;
    final String queue = AWS.createQueue("nurture");
    final NurtureConfig nurtureConfig = new NurtureConfig(queue, 1000, 50, "https://lp.example");
    final SurveyHandler survey = backend.handler(SurveyHandler.class);
    final NurtureSchedulerHandler scheduler = backend.handler(NurtureSchedulerHandler.class, nurtureConfig);
    final UnsubscribeHandler unsubscribe = backend.handler(UnsubscribeHandler.class);
    final NurtureSenderHandler sender = sender(AWS.sesV2());
    final Signups signups = new Signups(backend, backend.handler(SubmitHandler.class), backend.handler(ConfirmHandler.class));

    @BeforeEach
    void takeMessagesAtOnce() {
        AWS.sqs().setQueueAttributes(a -> a.queueUrl(queue).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "0")));
    }

    NurtureSenderHandler sender(SesV2Client ses) {
        return backend.handler(NurtureSenderHandler.class, nurtureConfig, ses, new Pacer(1000, System::nanoTime, n -> { }));
    }

    String addressKey() {
        return backend.addressKey();
    }

    /** Signs up, confirms from the mail and, if given, answers the survey. */
    void becomeLead(String surveyAnswers) {
        APIGatewayV2HTTPResponse confirmed = signups.signUpAndConfirm("&firstName=Nia");
        if (surveyAnswers != null) {
            clock.advance(Duration.ofMinutes(1));
            ApiEvents.invoke(survey, ApiEvents.surveyPost("demo", "t=" + Signups.surveyToken(confirmed) + "&" + surveyAnswers));
        }
    }

    /** One scheduler run, then the sender on what it queued, as Lambda's SQS poller would. */
    /** @return the ids of the messages the sender reported as failed (left on the queue) */
    List<String> tick(NurtureSenderHandler with) {
        scheduler.handleRequest(Map.of(), null);
        List<Message> messages = AWS.sqs().receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10)
                .waitTimeSeconds(1)).messages();
        List<String> failed = SqsEvents.invoke(with, messages);
        for (Message m : messages) {
            if (!failed.contains(m.messageId())) {
                AWS.sqs().deleteMessage(d -> d.queueUrl(queue).receiptHandle(m.receiptHandle()));
            }
        }
        return failed;
    }

    List<String> tick() {
        return tick(sender);
    }

    /** Subjects of the nurture mails (the confirmation mail left out), in order. */
    List<String> nurtureSubjects() {
        return AWS.sentEmailsTo(email).stream().map(SentEmail::subject)
                .filter(s -> !s.startsWith("Please confirm")).toList();
    }

    @Test
    void hotLeadGetsWelcomeThenTheOfferThenTheStoryWithOneClickUnsubscribeOnEach() {
        becomeLead("q.stage=launched&q.urgency=5&q.budget=large");

        tick();
        assertThat(nurtureSubjects()).containsExactly("Your Lean Launch Checklist is here");

        clock.advance(Duration.ofDays(1));
        tick();
        assertThat(nurtureSubjects()).hasSize(1);

        clock.advance(Duration.ofDays(1).plusMinutes(1));
        tick();
        clock.advance(Duration.ofDays(3).plusMinutes(1));
        tick();
        clock.advance(Duration.ofDays(10));
        tick();

        assertThat(nurtureSubjects()).containsExactly("Your Lean Launch Checklist is here",
                "Want a free 20-minute launch review?", "How Maya found her first 100 customers");
        Lead lead = store.findLead("demo", addressKey()).orElseThrow();
        assertThat(AWS.sentEmailsTo(email).stream().filter(m -> !m.subject().startsWith("Please confirm")))
                .allSatisfy(m -> {
                    assertThat(m.header("List-Unsubscribe")).matches("<https://lp\\.example/unsubscribe\\?t=demo\\.[A-Za-z0-9_-]{43}>");
                    assertThat(m.header("List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
                    String url = m.header("List-Unsubscribe").substring(1, m.header("List-Unsubscribe").length() - 1);
                    assertThat(m.text()).contains(url);
                    assertThat(m.html()).contains(url);
                });
        assertThat(lead.nurture().done()).containsExactlyInAnyOrder("welcome", "launch-review", "validate-first",
                "case-study");
        assertThat(lead.nurture().dueAt()).isEmpty();
        assertThat(store.ledger("demo", addressKey())).filteredOn(e -> e.type().equals("nurture_sent"))
                .extracting(e -> e.details().get("step")).containsExactly("welcome", "launch-review", "case-study");
    }

    @Test
    void coldLeadGetsTheOtherBranch() {
        becomeLead("q.stage=idea&q.urgency=1&q.budget=none");

        tick();
        clock.advance(Duration.ofDays(2).plusMinutes(1));
        tick();

        assertThat(nurtureSubjects()).containsExactly("Your Lean Launch Checklist is here",
                "The one thing to validate first");
    }

    @Test
    void anUnsubscribedLeadGetsNothingMoreAndLeavesTheIndex() {
        becomeLead(null);
        tick();
        // The mailbox provider's one-click POST to the welcome mail's List-Unsubscribe URL
        SentEmail welcome = AWS.sentEmailsTo(email).stream().filter(m -> m.subject().startsWith("Your Lean")).findFirst()
                .orElseThrow();
        String query = welcome.header("List-Unsubscribe").replaceAll("^<https://lp\\.example/unsubscribe\\?|>$", "");
        APIGatewayV2HTTPResponse oneClick = ApiEvents.invoke(unsubscribe, ApiEvents.oneClickUnsubscribe(query));
        assertThat(oneClick.getStatusCode()).isEqualTo(200);

        clock.advance(Duration.ofDays(3));
        tick();

        assertThat(nurtureSubjects()).containsExactly("Your Lean Launch Checklist is here");
        assertThat(store.findLead("demo", addressKey()).orElseThrow().nurture().dueAt()).isEmpty();
    }

    @Test
    void aSuppressedAddressGetsNothingMore() {
        becomeLead(null);
        tick();
        backend.suppressAddress();

        clock.advance(Duration.ofDays(3));
        tick();

        assertThat(nurtureSubjects()).hasSize(1);
        assertThat(backend.logs.lines()).anySatisfy(l -> assertThat(l).contains("nurture.stopped", "\"suppressed\":true"));
    }

    @Test
    void aDuplicateDeliverySendsOnce() {
        becomeLead(null);
        scheduler.handleRequest(Map.of(), null);
        List<Message> messages = AWS.sqs().receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10)
                .waitTimeSeconds(1)).messages();
        assertThat(messages).hasSize(1);

        SqsEvents.invoke(sender, messages);
        SqsEvents.invoke(sender, messages);
        SqsEvents.invoke(sender(AWS.sesV2()), List.of(messages.get(0), messages.get(0)));

        assertThat(nurtureSubjects()).containsExactly("Your Lean Launch Checklist is here");
    }

    @Test
    void sesThrottlingIsRetriedNotDropped() {
        becomeLead(null);
        AtomicInteger throttles = new AtomicInteger();
        SesV2Client throttledOnce = SesV2Client.builder()
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")))
                .endpointOverride(AWS.endpoint("sesv2"))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.core.retry.RetryMode.STANDARD)
                        .addExecutionInterceptor(new ExecutionInterceptor() {
                            @Override
                            public void beforeTransmission(Context.BeforeTransmission context,
                                                           ExecutionAttributes attributes) {
                                if (throttles.getAndIncrement() < 3) { // every SDK attempt of the first send
                                    throw TooManyRequestsException.builder().message("Maximum sending rate exceeded.")
                                            .statusCode(429).build();
                                }
                            }
                        }))
                .build();

        List<String> first = tick(sender(throttledOnce));
        assertThat(first).hasSize(1);
        assertThat(nurtureSubjects()).isEmpty();

        List<String> retried = tick(sender(throttledOnce));

        assertThat(retried).isEmpty();
        assertThat(nurtureSubjects()).containsExactly("Your Lean Launch Checklist is here");
        assertThat(backend.logs.lines()).anySatisfy(l -> assertThat(l).contains("nurture.send_deferred", "\"throttled\":true"));
    }

    @Test
    void aCampaignEditedAfterDeployNeverResendsAStep() {
        becomeLead(null);
        tick();
        List<LedgerEvent> before = store.ledger("demo", addressKey());

        // Same lead, same due time again (as if an edit re-enrolled it): welcome is not sent twice
        AWS.dynamoDb().updateItem(u -> u.tableName(backend.table).key(Map.of("PK", AttributeValue.fromS("LEAD#demo#" + addressKey()),
                "SK", AttributeValue.fromS("LEAD"))).updateExpression("SET dueAt = :now, dueShard = :shard")
                .expressionAttributeValues(Map.of(":now", AttributeValue.fromS("2000-01-01T00:00:00.000000Z"),
                        ":shard", AttributeValue.fromS(com.leadpipe.store.LeadpipeTable.dueShard("LEAD#demo#" + addressKey())))));
        tick();

        assertThat(nurtureSubjects()).containsExactly("Your Lean Launch Checklist is here");
        assertThat(store.ledger("demo", addressKey())).hasSize(before.size());
    }

    @Test
    void snapStartPrimingOfSchedulerAndSenderWritesNothingQueuesNothingAndSendsNothing() {
        PrimingCheck.assertHarmless(backend, scheduler.priming());
        PrimingCheck.assertHarmless(backend, sender.priming());
        assertThat(AWS.sqs().receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(1)).messages()).isEmpty();
    }
}
