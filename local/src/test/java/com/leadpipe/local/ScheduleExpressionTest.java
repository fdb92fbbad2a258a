package com.leadpipe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ScheduleExpressionTest {

    static Instant at(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void rates() {
        assertThat(ScheduleExpression.parse("rate(5 minutes)", null).next(at("2026-01-01T10:00:00Z")))
                .isEqualTo(at("2026-01-01T10:05:00Z"));
        assertThat(ScheduleExpression.parse("rate(1 day)", null).next(at("2026-01-01T10:00:00Z")))
                .isEqualTo(at("2026-01-02T10:00:00Z"));
        assertThat(ScheduleExpression.parse("rate(2 hours)", null).next(at("2026-01-01T10:00:00Z")))
                .isEqualTo(at("2026-01-01T12:00:00Z"));
    }

    @Test
    void cronInUtcByDefault() {
        ScheduleExpression daily = ScheduleExpression.parse("cron(0 9 * * ? *)", null);
        assertThat(daily.next(at("2026-01-01T08:59:59Z"))).isEqualTo(at("2026-01-01T09:00:00Z"));
        assertThat(daily.next(at("2026-01-01T09:00:00Z"))).isEqualTo(at("2026-01-02T09:00:00Z"));

        ScheduleExpression weekdays = ScheduleExpression.parse("cron(15/20 8-9 ? * MON-FRI *)", null);
        // 2026-01-02 is a Friday, the 3rd a Saturday.
        assertThat(weekdays.next(at("2026-01-02T09:56:00Z"))).isEqualTo(at("2026-01-05T08:15:00Z"));
        assertThat(weekdays.next(at("2026-01-05T08:15:00Z"))).isEqualTo(at("2026-01-05T08:35:00Z"));

        ScheduleExpression sundays = ScheduleExpression.parse("cron(0 0 ? * 1 *)", null);
        assertThat(sundays.next(at("2026-01-01T00:00:00Z"))).isEqualTo(at("2026-01-04T00:00:00Z"));

        ScheduleExpression firstOfJuly = ScheduleExpression.parse("cron(30 12 1 JUL ? 2027)", null);
        assertThat(firstOfJuly.next(at("2026-01-01T00:00:00Z"))).isEqualTo(at("2027-07-01T12:30:00Z"));
    }

    @Test
    void cronInAZone() {
        ScheduleExpression nineInBerlin = ScheduleExpression.parse("cron(0 9 * * ? *)", ZoneId.of("Europe/Berlin"));
        assertThat(nineInBerlin.next(at("2026-01-01T00:00:00Z"))).isEqualTo(at("2026-01-01T08:00:00Z"));
        assertThat(ScheduleExpression.parse("cron(0 9 * * ? *)", ZoneOffset.UTC).next(at("2026-01-01T00:00:00Z")))
                .isEqualTo(at("2026-01-01T09:00:00Z"));
    }

    @Test
    void whatIsNotSupportedIsRefusedNotRunAtTheWrongTime() {
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 9 L * ? *)", null))
                .hasMessageContaining("not supported by the local runner");
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 9 ? * 2#1 *)", null))
                .hasMessageContaining("not supported by the local runner");
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 9 * *)", null)).hasMessageContaining("6 fields");
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(61 9 * * ? *)", null)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> ScheduleExpression.parse("every day", null)).hasMessageContaining("not a rate");
        assertThatThrownBy(() -> ScheduleExpression.parse("rate(0 minutes)", null)).hasMessageContaining("at least 1");
    }
}
