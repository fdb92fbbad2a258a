package com.leadpipe.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.store.Records.Address;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressCapTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Duration DAY = Duration.ofHours(24);

    @Test
    void aSendIsAddedWhileTheWindowHasRoomAndOldSendsLeaveTheWindow() {
        Address address = new Address("k", List.of(NOW.minus(Duration.ofHours(25)), NOW.minusSeconds(60)), 4, false);

        assertThat(address.withSend(NOW, 3, DAY)).hasValueSatisfying(a -> {
            assertThat(a.confirmationSends()).containsExactly(NOW.minusSeconds(60), NOW);
            assertThat(a.version()).as("version as read, for the optimistic check").isEqualTo(4);
        });
    }

    @Test
    void aFullWindowRefusesTheSendAndSaysWhenTheOldestLeavesIt() {
        Instant oldest = NOW.minus(Duration.ofHours(20));
        Address full = new Address("k", List.of(oldest, NOW.minusSeconds(120), NOW.minusSeconds(60)), 3, false);

        assertThat(full.withSend(NOW, 3, DAY)).isEmpty();
        assertThat(full.nextSlot(NOW, DAY)).isEqualTo(oldest.plus(DAY));
    }
}
