package com.leadpipe.nurture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {

    private static final long MS = 1_000_000L;

    /** A clock that only moves when a test says so or the pacer sleeps. */
    private final long[] clock = {5_000 * MS};
    private final List<Long> slept = new ArrayList<>();

    private Pacer pacer(double perSecond) {
        return new Pacer(perSecond, () -> clock[0], nanos -> {
            slept.add(nanos);
            clock[0] += nanos;
        });
    }

    @Test
    void aLoneSendDoesNotWait() {
        // GIVEN a sender allowed half a mail per second (the template's defaults: 1 per second, 2 senders)
        Pacer pacer = pacer(0.5);

        // WHEN it sends one mail
        pacer.await();

        // THEN it did not wait
        assertThat(slept).isEmpty();
    }

    @Test
    void sendsSpacedByTheRateNeverWait() {
        // GIVEN a sender allowed half a mail per second
        Pacer pacer = pacer(0.5);

        // WHEN it sends every two seconds
        for (int i = 0; i < 5; i++) {
            pacer.await();
            clock[0] += 2_000 * MS;
        }

        // THEN no send waited
        assertThat(slept).isEmpty();
    }

    @Test
    void aBurstUpToOneSecondsShareGoesAtOnceThenSendsArePaced() {
        // GIVEN a sender allowed 4 mails per second, idle until now
        Pacer pacer = pacer(4);

        // WHEN it sends 6 mails back to back
        for (int i = 0; i < 6; i++) {
            pacer.await();
        }

        // THEN the first 4 went at once and each further one waited a quarter of a second
        assertThat(slept).containsExactly(250 * MS, 250 * MS);
    }

    @Test
    void aRefilledPacerSendsAtOnceAfterItsBucketWasSpent() {
        // GIVEN a sender allowed half a mail per second whose one-send bucket priming spent
        Pacer pacer = pacer(0.5);
        pacer.await();

        // WHEN priming ends with a refill and the first real mail follows at once
        pacer.refill();
        pacer.await();

        // THEN that mail did not wait, and the next one waits its full two seconds again
        assertThat(slept).isEmpty();
        pacer.await();
        assertThat(slept).containsExactly(2_000 * MS);
    }

    @Test
    void timeThatPassedCountsTowardsTheNextSend() {
        // GIVEN a sender allowed 4 per second that has spent its burst
        Pacer pacer = pacer(4);
        for (int i = 0; i < 4; i++) {
            pacer.await();
        }

        // WHEN 100 ms pass on their own before the next send
        clock[0] += 100 * MS;
        pacer.await();

        // THEN it waits only the remaining 150 ms
        assertThat(slept).containsExactly(150 * MS);
    }

    @Test
    void theRateHoldsOverTime() {
        // GIVEN a sender allowed 4 per second
        Pacer pacer = pacer(4);
        long start = clock[0];

        // WHEN it sends 44 mails back to back
        for (int i = 0; i < 44; i++) {
            pacer.await();
        }

        // THEN they took 10 s: the burst of 4, then 4 per second
        assertThat(clock[0] - start).isEqualTo(10_000 * MS);
    }

    @Test
    void belowOnePerSecondTheBurstIsOneSend() {
        // GIVEN a sender allowed half a mail per second
        Pacer pacer = pacer(0.5);

        // WHEN it sends twice back to back
        pacer.await();
        pacer.await();

        // THEN the second waited the full two seconds
        assertThat(slept).containsExactly(2_000 * MS);
    }

    @Test
    void refusesARateThatIsNotPositive() {
        assertThatThrownBy(() -> pacer(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pacer(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
