package com.leadpipe.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.leadpipe.local.SamTemplate.TemplateException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs the template's {@code Schedule} (EventBridge rule) and {@code ScheduleV2} (EventBridge
 * Scheduler) events on the runner's clock, so a fast clock runs a daily job every minute. Each
 * {@link #tick()} invokes every schedule that is due once: after a clock jump the missed runs are
 * not replayed one by one (the jobs catch up on whatever is due themselves).
 */
public final class Scheduler {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One schedule of one function. */
    public static final class Schedule {
        private final LocalFunction function;
        private final String name;
        private final boolean scheduler;
        private final ScheduleExpression expression;
        private final String input;
        private volatile Instant next;
        private volatile int runs;

        Schedule(LocalFunction function, String name, boolean scheduler, ScheduleExpression expression, String input,
                 Instant from) {
            this.function = function;
            this.name = name;
            this.scheduler = scheduler;
            this.expression = expression;
            this.input = input;
            this.next = expression.next(from);
        }

        public String description() {
            return function.logicalId() + "." + name;
        }

        public Instant next() {
            return next;
        }

        public int runs() {
            return runs;
        }
    }

    private final List<Schedule> schedules;
    private final Clock clock;
    private final PrintStream console;

    private Scheduler(List<Schedule> schedules, Clock clock, PrintStream console) {
        this.schedules = List.copyOf(schedules);
        this.clock = clock;
        this.console = console;
    }

    /** The enabled schedule events of {@code functions}, first due one period after now. */
    public static Scheduler from(List<LocalFunction> functions, Clock clock, PrintStream console) {
        List<Schedule> schedules = new ArrayList<>();
        for (LocalFunction function : functions) {
            for (SamTemplate.Event event : function.spec().events().values()) {
                if (!event.type().equals("Schedule") && !event.type().equals("ScheduleV2")) {
                    continue;
                }
                String where = "Resources." + function.logicalId() + ".Properties.Events." + event.name();
                Map<String, Object> p = event.properties();
                if (Boolean.FALSE.equals(p.get("Enabled")) || "DISABLED".equals(p.get("State"))) {
                    continue;
                }
                // SAM: Schedule (an EventBridge rule) has "Schedule", ScheduleV2 (EventBridge Scheduler) "ScheduleExpression".
                boolean v2 = event.type().equals("ScheduleV2");
                String property = v2 ? "ScheduleExpression" : "Schedule";
                if (!(p.get(property) instanceof String expression)) {
                    throw new TemplateException(where + ".Properties." + property + ": a literal rate(...) or cron(...) is needed");
                }
                ZoneId zone = p.get("ScheduleExpressionTimezone") instanceof String tz ? ZoneId.of(tz) : null;
                ScheduleExpression parsed;
                try {
                    parsed = ScheduleExpression.parse(expression, zone);
                } catch (IllegalArgumentException e) {
                    throw new TemplateException(where + ".Properties." + property + ": " + e.getMessage());
                }
                Object input = p.get("Input");
                schedules.add(new Schedule(function, event.name(), v2, parsed,
                        input == null ? null : String.valueOf(input), clock.instant()));
            }
        }
        return new Scheduler(schedules, clock, console);
    }

    public List<Schedule> schedules() {
        return schedules;
    }

    public boolean isEmpty() {
        return schedules.isEmpty();
    }

    /** Invokes each schedule whose time has come on the runner's clock, once. */
    public void tick() {
        schedules.forEach(this::tick);
    }

    /**
     * Invokes {@code schedule} if its time has come on the runner's clock, once. The runner ticks
     * each schedule on its own thread, so a long run of one never delays another.
     */
    public void tick(Schedule schedule) {
        Instant now = clock.instant();
        if (now.isBefore(schedule.next)) {
            return;
        }
        Instant due = schedule.next;
        schedule.next = schedule.expression.next(now);
        try {
            schedule.function.invoke(event(schedule, due), Object.class);
        } catch (LocalFunction.InvocationException e) {
            // Lambda would log the error and EventBridge retry; the next run comes on schedule.
            console.println("[local] " + schedule.description() + " failed: " + e.reason());
        } catch (RuntimeException e) {
            console.println("[local] " + schedule.description() + " could not be invoked: " + e);
        } finally {
            schedule.runs++;
        }
    }

    /**
     * The template's Input if given, else the "Scheduled Event" notification EventBridge sends (from
     * a rule, or from EventBridge Scheduler, which documents a default notification of the same kind).
     */
    private static Object event(Schedule schedule, Instant due) {
        if (schedule.input != null) {
            try {
                return JSON.readValue(schedule.input, Object.class);
            } catch (JsonProcessingException e) {
                throw new TemplateException(schedule.description() + ".Input is not JSON: " + e.getOriginalMessage());
            }
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", schedule.scheduler ? "aws.scheduler" : "aws.events");
        event.put("account", LocalAws.ACCOUNT_ID);
        event.put("time", due.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        event.put("region", LocalAws.REGION.id());
        event.put("resources", List.of(schedule.scheduler
                ? LocalAws.arn("scheduler", "schedule/default/" + schedule.description())
                : LocalAws.arn("events", "rule/" + schedule.description())));
        event.put("detail", Map.of());
        return event;
    }
}
