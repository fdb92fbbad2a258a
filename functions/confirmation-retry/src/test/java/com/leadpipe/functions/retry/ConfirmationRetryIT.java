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
import java.time.Duration;
import java.util.Map;
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

    @Test
    void primingSendsNothingAndWritesNothing() {
        PrimingCheck.assertHarmless(backend, sweep.priming());
    }
}
