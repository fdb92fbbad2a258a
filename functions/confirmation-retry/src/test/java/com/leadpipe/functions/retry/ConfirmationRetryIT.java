package com.leadpipe.functions.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.functions.confirm.ConfirmHandler;
import com.leadpipe.functions.submit.SubmitHandler;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.Records.LeadStatus;
import com.leadpipe.store.Records.MailState;
import com.leadpipe.store.SuppressionStore;
import com.leadpipe.testing.AwsEmulators;
import com.leadpipe.testing.EmulatedBackend;
import com.leadpipe.testing.PrimingCheck;
import com.leadpipe.testing.Signups;
import com.leadpipe.testing.SqsEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * SES refuses the confirmation mail: the signup stays pending, the retry waits on a real SQS
 * queue, and the retry function delivers a working link once SES accepts mail again.
 */
class ConfirmationRetryIT {

    static final AwsEmulators AWS = EmulatedBackend.AWS;
    static final String SENDER = "retry@leadpipe.test";

    @RegisterExtension
    final EmulatedBackend backend = new EmulatedBackend(SENDER, "lin", "example.net");
    final String queue = AWS.createQueue("retry");
    final LeadpipeConfig config = backend.config(Optional.of(queue));
    final ConfirmationRetryHandler retry = backend.handler(ConfirmationRetryHandler.class, config);
    final Signups signups = new Signups(backend, backend.handler(SubmitHandler.class, config),
            backend.handler(ConfirmHandler.class, config));
    final LeadStore store = backend.store;
    final String email = backend.email;

    @AfterEach
    void verifySenderAgain() {
        AWS.verifySender(SENDER);
    }

    String addressKey() {
        return backend.addressKey();
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
        signups.submit("");
        assertThat(backend.mails()).isEmpty();
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
        assertThat(backend.mails()).hasSize(1);
        assertThat(store.findPending("demo", addressKey())).hasValueSatisfying(p ->
                assertThat(p.mailState()).isEqualTo(MailState.SENT));
        signups.confirmFromMail();
        assertThat(store.findLead("demo", addressKey())).hasValueSatisfying(l ->
                assertThat(l.status()).isEqualTo(LeadStatus.CONFIRMED));

        // AND a duplicate delivery of the same retry sends nothing more
        assertThat(SqsEvents.invoke(retry, queued)).isEmpty();
        assertThat(backend.mails()).hasSize(1);
    }

    @Test
    void aRetryForAnAddressSuppressedMeanwhileSendsNothing() {
        AWS.unverifySender(SENDER);
        signups.submit("");
        List<Message> queued = receive();
        AWS.verifySender(SENDER);
        new SuppressionStore(AWS.dynamoDb(), backend.table).suppress(addressKey(), SuppressionStore.Reason.BOUNCE,
                backend.clock.instant(), "feedback-1");

        List<String> failed = SqsEvents.invoke(retry, queued);

        assertThat(failed).isEmpty();
        assertThat(backend.mails()).isEmpty();
    }

    @Test
    void malformedMessagesAreReportedAsFailuresForTheDeadLetterQueue() {
        byte[] event = SqsEvents.ofRecords(List.of(new SqsEvents.Record("poison-1", "{\"campaign\":\"demo\"}")));

        List<String> failed = SqsEvents.invoke(retry, event);

        assertThat(failed).containsExactly("poison-1");
        assertThat(backend.logs.lines()).anySatisfy(l -> assertThat(l).contains("confirmation.retry_malformed"));
    }

    @Test
    void snapStartPrimingWritesNothingAndSendsNothing() {
        PrimingCheck.assertHarmless(backend, retry.priming());
    }
}
