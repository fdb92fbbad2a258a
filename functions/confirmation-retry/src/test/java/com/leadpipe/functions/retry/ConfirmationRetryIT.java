package com.leadpipe.functions.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.email.EmailAddress;
import com.leadpipe.functions.confirm.ConfirmHandler;
import com.leadpipe.functions.submit.SubmitHandler;
import com.leadpipe.log.Log;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.Records.LeadStatus;
import com.leadpipe.store.Records.MailState;
import com.leadpipe.testing.ApiEvents;
import com.leadpipe.testing.AwsEmulators;
import com.leadpipe.testing.MutableClock;
import com.leadpipe.testing.PrimingCheck;
import com.leadpipe.testing.SentEmail;
import com.leadpipe.testing.SqsEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * SES refuses the confirmation mail: the signup stays pending, the retry waits on a real SQS
 * queue, and the retry function delivers a working link once SES accepts mail again.
 */
class ConfirmationRetryIT {

    static final AwsEmulators AWS = AwsEmulators.get();
    static final String SENDER = "retry@leadpipe.test";

    MutableClock clock;
    String table;
    String queue;
    LeadStore store;
    List<String> logs;
    SubmitHandler submit;
    ConfirmationRetryHandler retry;
    ConfirmHandler confirm;
    String email;

    @BeforeEach
    void setUp() {
        clock = MutableClock.startingNow();
        table = AWS.createTable();
        queue = AWS.createQueue("retry");
        store = new LeadStore(AWS.dynamoDb(), table);
        logs = new ArrayList<>();
        LeadpipeConfig config = new LeadpipeConfig(table, SENDER, Optional.empty(), Optional.empty(),
                Duration.ofDays(7), 3, Optional.of(queue));
        Log log = new Log("it", logs::add, Log.Level.INFO, clock);
        CampaignCatalog campaigns = CampaignCatalog.fromClasspath();
        submit = new SubmitHandler(config, AWS.dynamoDb(), AWS.sesV2(), AWS::sqs, campaigns, clock, log);
        retry = new ConfirmationRetryHandler(config, AWS.dynamoDb(), AWS.sesV2(), campaigns, clock, log);
        confirm = new ConfirmHandler(config, AWS.dynamoDb(), campaigns, clock, log);
        email = "lin-" + UUID.randomUUID().toString().substring(0, 8) + "@example.net";
    }

    @AfterEach
    void verifySenderAgain() {
        AWS.verifySender(SENDER);
        logs.forEach(System.out::println); // in the failsafe report, next to any failure
    }

    String addressKey() {
        return EmailAddress.tryParse(email).orElseThrow().key();
    }

    /** Receives what the queue holds, waiting out the retry's delivery delay. */
    List<Message> receive() {
        List<Message> messages = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (messages.isEmpty() && System.nanoTime() < deadline) {
            messages.addAll(AWS.sqs().receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(5)
                    .messageSystemAttributeNamesWithStrings("ApproximateReceiveCount")).messages());
        }
        return messages;
    }

    @Test
    void refusedConfirmationIsRetriedFromTheQueueAndItsLinkConfirms() {
        // GIVEN SES refuses the sender (as in the sandbox, or before verification)
        AWS.unverifySender(SENDER);
        submit.handleRequest(ApiEvents.subscribe("demo", ApiEvents.FORM, "email=" + email + "&consent=yes"), null);
        assertThat(AWS.sentEmailsTo(email)).isEmpty();
        assertThat(store.findPending("demo", addressKey())).hasValueSatisfying(p ->
                assertThat(p.mailState()).isEqualTo(MailState.RETRYING));
        List<Message> queued = receive();
        assertThat(queued).hasSize(1);
        assertThat(queued.get(0).body()).doesNotContain(email);

        // WHEN the retry runs while SES still refuses, THEN the message goes back to the queue
        assertThat(SqsEvents.invoke(retry, queued)).containsExactly(queued.get(0).messageId());

        // WHEN SES accepts mail again and the retry runs
        AWS.verifySender(SENDER);
        List<String> failed = SqsEvents.invoke(retry, queued);

        // THEN the mail arrives, and its link confirms the lead
        assertThat(failed).isEmpty();
        List<SentEmail> mails = AWS.sentEmailsTo(email);
        assertThat(mails).hasSize(1);
        Matcher link = Pattern.compile("/confirm\\?t=([A-Za-z0-9._-]+)").matcher(mails.get(0).text());
        assertThat(link.find()).isTrue();
        assertThat(store.findPending("demo", addressKey())).hasValueSatisfying(p ->
                assertThat(p.mailState()).isEqualTo(MailState.SENT));
        assertThat(confirm.handleRequest(ApiEvents.confirmPost("t=" + link.group(1)), null).getStatusCode()).isEqualTo(303);
        assertThat(store.findLead("demo", addressKey())).hasValueSatisfying(l ->
                assertThat(l.status()).isEqualTo(LeadStatus.CONFIRMED));

        // AND a duplicate delivery of the same retry sends nothing more
        assertThat(SqsEvents.invoke(retry, queued)).isEmpty();
        assertThat(AWS.sentEmailsTo(email)).hasSize(1);
    }

    @Test
    void aRetryForAnAddressSuppressedMeanwhileSendsNothing() {
        AWS.unverifySender(SENDER);
        submit.handleRequest(ApiEvents.subscribe("demo", ApiEvents.FORM, "email=" + email + "&consent=yes"), null);
        List<Message> queued = receive();
        AWS.verifySender(SENDER);
        new com.leadpipe.store.SuppressionStore(AWS.dynamoDb(), table).suppress(addressKey(),
                com.leadpipe.store.SuppressionStore.Reason.BOUNCE, clock.instant(), "feedback-1");

        List<String> failed = SqsEvents.invoke(retry, queued);

        assertThat(failed).isEmpty();
        assertThat(AWS.sentEmailsTo(email)).isEmpty();
    }

    @Test
    void malformedMessagesAreReportedAsFailuresForTheDeadLetterQueue() {
        byte[] event = SqsEvents.ofRecords(List.of(new SqsEvents.Record("poison-1", "{\"campaign\":\"demo\"}")));

        List<String> failed = SqsEvents.invoke(retry, event);

        assertThat(failed).containsExactly("poison-1");
        assertThat(logs).anySatisfy(l -> assertThat(l).contains("confirmation.retry_malformed"));
    }

    @Test
    void snapStartPrimingWritesNothingAndSendsNothing() {
        PrimingCheck.assertHarmless(AWS, table, retry.priming(), logs);
    }
}
