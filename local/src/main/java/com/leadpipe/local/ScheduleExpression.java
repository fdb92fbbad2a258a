package com.leadpipe.local;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EventBridge schedule expressions, for running {@code Schedule} events locally on the runner's
 * clock: {@code rate(5 minutes)} and {@code cron(min hour day-of-month month day-of-week year)}
 * with numbers, names (JAN, MON), {@code * ? , - /}. The {@code L}, {@code W} and {@code #} forms
 * are refused (with the expression in the message) rather than run at the wrong times.
 */
public sealed interface ScheduleExpression {

    /** The first time strictly after {@code after} this schedule fires. */
    Instant next(Instant after);

    static ScheduleExpression parse(String expression, ZoneId zone) {
        String e = expression.strip();
        Matcher rate = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minute|minutes|hour|hours|day|days)\\s*\\)").matcher(e);
        if (rate.matches()) {
            long amount = Long.parseLong(rate.group(1));
            if (amount < 1) {
                throw new IllegalArgumentException(expression + ": a rate must be at least 1");
            }
            ChronoUnit unit = switch (rate.group(2).replaceAll("s$", "")) {
                case "minute" -> ChronoUnit.MINUTES;
                case "hour" -> ChronoUnit.HOURS;
                default -> ChronoUnit.DAYS;
            };
            return new Rate(Duration.of(amount, unit));
        }
        Matcher cron = Pattern.compile("cron\\((.*)\\)").matcher(e);
        if (cron.matches()) {
            return Cron.parse(expression, cron.group(1).strip().split("\\s+"), zone);
        }
        throw new IllegalArgumentException(expression + ": not a rate(...) or cron(...) expression");
    }

    /** Every {@code period}, counted from when the schedule was created (the runner's start). */
    record Rate(Duration period) implements ScheduleExpression {
        @Override
        public Instant next(Instant after) {
            return after.plus(period);
        }
    }

    /** A cron expression; fires at second 0 of matching minutes, in {@code zone} (EventBridge rules: UTC). */
    record Cron(String expression, BitSet minutes, BitSet hours, BitSet daysOfMonth, boolean anyDayOfMonth,
                BitSet months, BitSet daysOfWeek, boolean anyDayOfWeek, BitSet years, ZoneId zone)
            implements ScheduleExpression {

        private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
                "SEP", "OCT", "NOV", "DEC");
        private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

        static Cron parse(String expression, String[] fields, ZoneId zone) {
            if (fields.length != 6) {
                throw new IllegalArgumentException(expression + ": cron needs 6 fields (minutes hours day-of-month month"
                        + " day-of-week year)");
            }
            for (String field : fields) {
                if (field.matches(".*[LW#].*") && !field.matches("(?i).*[A-Z]{3}.*")) {
                    throw new IllegalArgumentException(expression + ": L, W and # are not supported by the local runner");
                }
            }
            return new Cron(expression,
                    field(expression, fields[0], 0, 59, List.of(), 0),
                    field(expression, fields[1], 0, 23, List.of(), 0),
                    field(expression, fields[2], 1, 31, List.of(), 0),
                    fields[2].equals("?") || fields[2].equals("*"),
                    field(expression, fields[3], 1, 12, MONTHS, 1),
                    field(expression, fields[4], 1, 7, DAYS, 1),
                    fields[4].equals("?") || fields[4].equals("*"),
                    field(expression, fields[5], 1970, 2199, List.of(), 0),
                    zone == null ? ZoneOffset.UTC : zone);
        }

        private static BitSet field(String expression, String field, int min, int max, List<String> names, int firstName) {
            BitSet values = new BitSet();
            for (String part : field.toUpperCase(Locale.ROOT).split(",")) {
                String range = part;
                int step = 1;
                if (part.contains("/")) {
                    range = part.substring(0, part.indexOf('/'));
                    step = Integer.parseInt(part.substring(part.indexOf('/') + 1));
                }
                int from;
                int to;
                if (range.equals("*") || range.equals("?")) {
                    from = min;
                    to = max;
                } else if (range.contains("-")) {
                    from = value(expression, range.substring(0, range.indexOf('-')), names, firstName);
                    to = value(expression, range.substring(range.indexOf('-') + 1), names, firstName);
                } else {
                    from = value(expression, range, names, firstName);
                    to = part.contains("/") ? max : from;
                }
                if (from < min || to > max || from > to || step < 1) {
                    throw new IllegalArgumentException(expression + ": '" + part + "' is out of range " + min + "-" + max);
                }
                for (int v = from; v <= to; v += step) {
                    values.set(v);
                }
            }
            return values;
        }

        private static int value(String expression, String text, List<String> names, int firstName) {
            int index = names.indexOf(text);
            if (index >= 0) {
                return index + firstName;
            }
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(expression + ": '" + text + "' is not a number or name");
            }
        }

        @Override
        public Instant next(Instant after) {
            ZonedDateTime t = after.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
            ZonedDateTime limit = t.plusYears(5);
            while (t.isBefore(limit)) {
                if (!years.get(t.getYear()) || !months.get(t.getMonthValue()) || !dayMatches(t)) {
                    t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
                } else if (!hours.get(t.getHour())) {
                    t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                } else if (!minutes.get(t.getMinute())) {
                    t = t.plusMinutes(1);
                } else {
                    return t.toInstant();
                }
            }
            throw new IllegalStateException(expression + " does not fire within 5 years");
        }

        private boolean dayMatches(ZonedDateTime t) {
            // AWS numbers days of the week 1 (Sunday) to 7 (Saturday).
            int dayOfWeek = t.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : t.getDayOfWeek().getValue() + 1;
            boolean dom = anyDayOfMonth || daysOfMonth.get(t.getDayOfMonth());
            boolean dow = anyDayOfWeek || daysOfWeek.get(dayOfWeek);
            return dom && dow;
        }
    }
}
