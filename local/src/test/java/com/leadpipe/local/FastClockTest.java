package com.leadpipe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FastClockTest {

    @Test
    void runsSpeedTimesFasterThanRealTime() throws InterruptedException {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        FastClock clock = new FastClock(start, 1440);
        long realStart = System.nanoTime();

        Thread.sleep(50); // real time must pass for a clock to be measured
        Instant reading = clock.instant();
        long realElapsed = System.nanoTime() - realStart;

        Duration simulated = Duration.between(start, reading);
        assertThat(simulated).isGreaterThanOrEqualTo(Duration.ofMillis(50 * 1440));
        assertThat(simulated.toNanos()).isLessThanOrEqualTo(realElapsed * 1440);
    }

    @Test
    void jumpsAheadButNeverBack() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        FastClock clock = new FastClock(start, 1);

        clock.advance(Duration.ofDays(2));

        assertThat(clock.instant()).isBetween(start.plus(Duration.ofDays(2)), start.plus(Duration.ofDays(2)).plusSeconds(5));
        assertThatThrownBy(() -> clock.advance(Duration.ofMinutes(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FastClock(start, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
