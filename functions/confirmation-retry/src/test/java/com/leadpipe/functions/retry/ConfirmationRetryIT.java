package com.leadpipe.functions.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.functions.confirm.ConfirmHandler;
import com.leadpipe.functions.submit.SubmitHandler;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.LeadpipeTable;
import com.leadpipe.store.Records.LeadStatus;
import com.leadpipe.store.Records.MailState;
import com.leadpipe.store.SuppressionStore;
import com.leadpipe.testing.AwsEmulators;
import com.leadpipe.testing.EmulatedBackend;
import com.leadpipe.testing.PrimingCheck;
import com.leadpipe.testing.Signups;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The table is the outbox: SES refuses the confirmation mail, the signup keeps it owed, and the
 * every-minute sweep sends it once the signup request's lease has ended, never beyond the cap.
 */
class ConfirmationRetryIT {

    static final AwsEmulators AWS = EmulatedBackend.AWS;
    static final String SENDER = "retry@leadpipe.test";
    static final Duration AFTER_LEASE = LeadpipeConfig.DEFAULT_MAIL_LEASE.plusSeconds(1);

    @RegisterExtension
    final EmulatedBackend backend = new EmulatedBackend(SENDER, "lin", "example.net");
    final LeadpipeConfig config = backend.config();
    final ConfirmationRetryHandler sweep = backend.handler(ConfirmationRetryHandler.class, config);
    final Signups signups = new Signups(backend, backend.handler(SubmitHandler.class, config),
            backend.handler(ConfirmHandler.class, config));
    final LeadStore store = backend.store;

    @AfterEach
    void verifySenderAgain() {
        AWS.verifySender(SENDER);
    }

    String addressKey() {
        return backend.addressKey();
    }

    Object sweep() {
        return sweep.handleRequest(Map.of(), null).get("sent");
    }

    int sendsCounted() {
        return backend.addressItem().get("confirmationSends").l().size();
    }

    @Test
    void aRefusedMailStaysOwedAndTheSweepSendsItAfterTheLeaseAndItsLinkConfirms() {
        // GIVEN SES refuses the sender (as in the sandbox, or before verification)
        AWS.unverifySender(SENDER);
        signups.submit("");
        assertThat(backend.mails()).isEmpty();
        assertThat(store.findOwed("demo", addressKey())).hasValueSatisfying(o ->
                assertThat(o.pending().mailState()).isEqualTo(MailState.RETRYING));

        // WHEN SES accepts again but the request's lease has not ended, THEN the sweep leaves it alone
        AWS.verifySender(SENDER);
        assertThat(sweep()).isEqualTo(0);
        assertThat(backend.mails()).isEmpty();

        // WHEN the lease has ended
        backend.clock.advance(AFTER_LEASE);
        assertThat(sweep()).isEqualTo(1);

        // THEN the mail arrives once, counted against the cap, and its link confirms the lead
        assertThat(backend.mails()).hasSize(1);
        assertThat(sendsCounted()).isEqualTo(2);
        assertThat(store.findOwed("demo", addressKey())).isEmpty();
        signups.confirmFromMail();
        assertThat(store.findLead("demo", addressKey())).hasValueSatisfying(l ->
                assertThat(l.status()).isEqualTo(LeadStatus.CONFIRMED));

        // AND later sweeps send nothing more
        backend.clock.advance(AFTER_LEASE);
        assertThat(sweep()).isEqualTo(0);
        assertThat(backend.mails()).hasSize(1);
    }

    @Test
    void whileSesKeepsRefusingAttemptsStopAtTheCapAndTheMailWaitsForAFreeSlot() {
        AWS.unverifySender(SENDER);
        signups.submit("");

        // WHEN many sweeps run, each after a lease, while SES refuses
        for (int i = 0; i < 5; i++) {
            backend.clock.advance(AFTER_LEASE);
            sweep();
        }

        // THEN no more attempts were made than the cap allows, and the mail is still owed
        assertThat(sendsCounted()).isEqualTo(config.confirmationCap());
        assertThat(store.findOwed("demo", addressKey())).isPresent();

        // WHEN a day later SES accepts again, THEN the owed mail goes out: nothing was lost
        AWS.verifySender(SENDER);
        backend.clock.advance(LeadpipeConfig.CAP_WINDOW);
        assertThat(sweep()).isEqualTo(1);
        assertThat(backend.mails()).hasSize(1);
    }

    @Test
    void anOwedMailForAnAddressSuppressedMeanwhileIsDroppedUnsent() {
        AWS.unverifySender(SENDER);
        signups.submit("");
        AWS.verifySender(SENDER);
        new SuppressionStore(AWS.dynamoDb(), backend.table).suppress(addressKey(), SuppressionStore.Reason.BOUNCE,
                backend.clock.instant(), "feedback-1");
        backend.clock.advance(AFTER_LEASE);

        assertThat(sweep()).isEqualTo(0);

        assertThat(backend.mails()).isEmpty();
        assertThat(store.findOwed("demo", addressKey())).isEmpty();
    }

    /**
     * Pending signups written before the outbox have no mailDueAt (nor baseUrl), so the sweep never
     * sees them. Decision (README "Reliability"): no backfill, which would need a Scan; they expire
     * with the pending TTL, and the person's next signup, answered as any other, owes and sends a
     * fresh mail.
     */
    @Test
    void aPendingSignupFromBeforeTheOutboxIsLeftAloneByTheSweepAndSigningUpAgainMailsAFreshLink() {
        // GIVEN a pending signup as the code before the outbox left it: mail FAILED, on no index
        AWS.unverifySender(SENDER);
        signups.submit("");
        AWS.dynamoDb().updateItem(u -> u.tableName(backend.table)
                .key(Map.of(LeadpipeTable.PK, AttributeValue.fromS(LeadpipeTable.leadPk("demo", addressKey())),
                        LeadpipeTable.SK, AttributeValue.fromS(LeadpipeTable.SK_PENDING)))
                .updateExpression("SET mailState = :failed REMOVE mailShard, mailDueAt, baseUrl")
                .expressionAttributeValues(Map.of(":failed", AttributeValue.fromS("FAILED"))));
        AWS.verifySender(SENDER);
        backend.clock.advance(AFTER_LEASE);

        // WHEN the sweep runs, THEN it neither sees nor sends it (nor fails on it)
        assertThat(sweep()).isEqualTo(0);
        assertThat(backend.mails()).isEmpty();

        // WHEN the person signs up again (the thanks page said to, if no mail came)
        assertThat(signups.submit("").getStatusCode()).isEqualTo(303);

        // THEN a fresh mail goes out and its link confirms
        assertThat(backend.mails()).hasSize(1);
        signups.confirmFromMail();
        assertThat(store.findLead("demo", addressKey()).orElseThrow().status()).isEqualTo(LeadStatus.CONFIRMED);
    }

    @Test
    void primingSendsNothingAndWritesNothing() {
        PrimingCheck.assertHarmless(backend, sweep.priming());
    }
}
