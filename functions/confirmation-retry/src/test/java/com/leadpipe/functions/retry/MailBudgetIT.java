package com.leadpipe.functions.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.abuse.AbuseConfig;
import com.leadpipe.functions.submit.SubmitHandler;
import com.leadpipe.store.Records.MailState;
import com.leadpipe.testing.Addresses;
import com.leadpipe.testing.ApiEvents;
import com.leadpipe.testing.AwsEmulators;
import com.leadpipe.testing.EmulatedBackend;
import com.leadpipe.testing.MutableClock;
import com.leadpipe.testing.Signups;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stack-wide budget of confirmation mails to new addresses: beyond it signups are stored with
 * their mail owed, answered as usual, and the outbox sweep sends them as later minutes allow:
 * each exactly once, counted once against the address's cap, none dropped.
 */
class MailBudgetIT {

    static final AwsEmulators AWS = EmulatedBackend.AWS;
    static final AbuseConfig THREE_PER_MINUTE = new AbuseConfig(0, 0, 0, 3, Optional.empty());

    @RegisterExtension
    final EmulatedBackend backend = new EmulatedBackend("budget@leadpipe.test", "bud", "example.net");
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:20:00Z"));
    final SubmitHandler submit = backend.handler(SubmitHandler.class, clock, THREE_PER_MINUTE);
    final ConfirmationRetryHandler sweep = backend.handler(ConfirmationRetryHandler.class, clock, THREE_PER_MINUTE);

    APIGatewayV2HTTPResponse signUp(String address) {
        return ApiEvents.invoke(submit, ApiEvents.subscribe("demo", ApiEvents.FORM, Signups.form(address, "&website=")));
    }

    int sweep() {
        return (Integer) sweep.handleRequest(Map.of(), null).get("sent");
    }

    int mailsTo(List<String> addresses) {
        return addresses.stream().mapToInt(a -> AWS.sentEmailsTo(a).size()).sum();
    }

    @Test
    void beyondTheBudgetSignupsAreStoredOwedAndSentInLaterMinutesExactlyOnce() {
        List<String> addresses = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            addresses.add(Addresses.unique("new" + i, "example.net"));
            statuses.add(signUp(addresses.get(i)).getStatusCode());
        }

        // every signup answered alike and stored; only the budget's three mailed now
        assertThat(statuses).containsOnly(303);
        assertThat(mailsTo(addresses)).isEqualTo(3);
        for (String owed : addresses.subList(3, 7)) {
            assertThat(backend.store.findOwed("demo", Addresses.key(owed))).hasValueSatisfying(o ->
                    assertThat(o.pending().mailState()).isEqualTo(MailState.OWED));
        }
        assertThat(backend.logs.text()).contains("signup.pending_mail_budgeted");

        // the sweep in the same minute finds the budget spent
        assertThat(sweep()).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(sweep()).isEqualTo(3);
        clock.advance(Duration.ofMinutes(1));
        assertThat(sweep()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        assertThat(sweep()).isZero();

        for (String address : addresses) {
            assertThat(AWS.sentEmailsTo(address)).as(address).hasSize(1);
            assertThat(backend.item("ADDR#" + Addresses.key(address), "ADDR").get("confirmationSends").l())
                    .as("sends counted against the cap").hasSize(1);
        }
    }

    @Test
    void anAddressMailedBeforeIsNotHeldBackByTheBudget() {
        String known = Addresses.unique("known", "example.net");
        signUp(known);
        for (int i = 0; i < 3; i++) {
            signUp(Addresses.unique("fill" + i, "example.net"));
        }

        clock.advance(Duration.ofSeconds(5));
        APIGatewayV2HTTPResponse again = signUp(known);

        assertThat(again.getStatusCode()).isEqualTo(303);
        assertThat(AWS.sentEmailsTo(known)).hasSize(2);
    }
}
