package com.leadpipe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.local.SamTemplate.TemplateException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    final FastClock clock = new FastClock(Instant.parse("2026-01-01T00:00:00Z"), 1);
    final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @BeforeEach
    void reset() {
        RecordingHandlers.Tick.RUNS.clear();
    }

    Scheduler scheduler(String events) {
        SamTemplate template = SamTemplate.parse(Path.of("t.yaml"), """
                Resources:
                  Nurture:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: com.leadpipe.local.RecordingHandlers$Tick::handleRequest
                      Events:
                """ + events.indent(8));
        LocalFunction function = LocalFunction.create(template.function("Nurture"), "nurture",
                type -> type == Clock.class ? Optional.of(clock) : Optional.empty());
        return Scheduler.from(List.of(function), clock, new PrintStream(console, true));
    }

    @Test
    void runsOnTheRunnersClockOncePerTickWhenDue() {
        Scheduler scheduler = scheduler("""
                Hourly:
                  Type: Schedule
                  Properties: {Schedule: rate(1 hour)}
                """);

        scheduler.tick();
        assertThat(RecordingHandlers.Tick.RUNS).isEmpty();

        clock.advance(Duration.ofMinutes(61));
        scheduler.tick();
        scheduler.tick();
        assertThat(RecordingHandlers.Tick.RUNS).hasSize(1);
        Map<String, Object> event = RecordingHandlers.Tick.RUNS.get(0).event();
        assertThat(event).containsEntry("detail-type", "Scheduled Event").containsEntry("source", "aws.events")
                .containsEntry("time", "2026-01-01T01:00:00Z");
        assertThat(RecordingHandlers.Tick.RUNS.get(0).at()).isAfterOrEqualTo(Instant.parse("2026-01-01T01:01:00Z"));

        // A jump of a day runs it once, not 24 times; the next run is an hour later.
        clock.advance(Duration.ofDays(1));
        scheduler.tick();
        scheduler.tick();
        assertThat(RecordingHandlers.Tick.RUNS).hasSize(2);
        assertThat(scheduler.schedules().get(0).next()).isAfter(clock.instant().plus(Duration.ofMinutes(59)));
    }

    @Test
    void inputAndDisabledSchedulesAreHonoured() {
        Scheduler scheduler = scheduler("""
                WithInput:
                  Type: ScheduleV2
                  Properties: {ScheduleExpression: "cron(0 * * * ? *)", Input: '{"job":"nurture"}'}
                Off:
                  Type: Schedule
                  Properties: {Schedule: rate(1 minute), Enabled: false}
                """);

        clock.advance(Duration.ofHours(1));
        scheduler.tick();

        assertThat(scheduler.schedules()).hasSize(1);
        assertThat(RecordingHandlers.Tick.RUNS).extracting(RecordingHandlers.Tick.Run::event).containsExactly(Map.of("job", "nurture"));
    }

    @Test
    void aFailingJobIsReportedAndRunsAgainNextTime() {
        Scheduler scheduler = scheduler("""
                Hourly:
                  Type: Schedule
                  Properties: {Schedule: rate(1 hour), Input: '{"fail":true}'}
                """);

        clock.advance(Duration.ofMinutes(60));
        scheduler.tick();
        clock.advance(Duration.ofMinutes(60));
        scheduler.tick();

        assertThat(RecordingHandlers.Tick.RUNS).hasSize(2);
        assertThat(console.toString()).contains("Nurture.Hourly failed: java.lang.IllegalStateException");
    }

    @Test
    void badExpressionsAreReportedWithTheirPlace() {
        assertThatThrownBy(() -> scheduler("""
                Bad:
                  Type: Schedule
                  Properties: {Schedule: "cron(0 9 L * ? *)"}
                """)).isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("Resources.Nurture.Properties.Events.Bad.Properties.Schedule: cron(0 9 L * ? *)");
    }
}
