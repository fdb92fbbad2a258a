package com.leadpipe.log;

import java.time.Clock;
import java.util.Locale;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Structured JSON logs, one object per line: {@code {"level","event",...fields}}. CloudWatch Logs
 * Insights reads the fields directly. Callers pass identifiers (campaign, lead id, address key
 * prefix), never addresses or names: exception messages are not logged either, because AWS error
 * messages can quote the recipient. Level from {@code AWS_LAMBDA_LOG_LEVEL} (set by the
 * function's LoggingConfig: TRACE, DEBUG, INFO, WARN, ERROR or FATAL), default INFO.
 *
 * <p>Each line inside an invocation carries the Lambda {@code requestId} and {@code start}: {@code cold}
 * on the first invocation of a container, {@code restored} on the first after a SnapStart restore,
 * {@code warm} after that; lines written during init have {@code start: init} and no request id.
 * Handlers call {@link #invocation(String)} first thing; one container runs one invocation at a time.
 *
 * <p>The line is written by hand, not with jackson-core's generator: it is a flat object of text,
 * whole numbers and booleans, and {@code LogTest} parses lines back with Jackson to prove the
 * escaping (quotes, controls, non-ASCII, lone surrogates).
 */
public final class Log {

    /** Lambda's application log levels, lowest first. */
    public enum Level { TRACE, DEBUG, INFO, WARN, ERROR, FATAL }

    /** How the current invocation found its container. */
    private enum Start { INIT, COLD, RESTORED, WARM }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String component;
    private final Consumer<String> sink;
    private final Level threshold;
    private final Clock clock;
    private volatile String requestId;
    private volatile Start start = Start.INIT;
    private volatile boolean invokedBefore;
    private volatile boolean restoredSinceLastInvocation;
    private volatile boolean muted;

    public Log(String component, Consumer<String> sink, Level threshold, Clock clock) {
        this.component = component;
        this.sink = sink;
        this.threshold = threshold;
        this.clock = clock;
    }

    /** Lines to standard output, where Lambda collects them, at {@code threshold} and above. */
    public static Log stdout(String component, Level threshold) {
        return new Log(component, System.out::println, threshold, Clock.systemUTC());
    }

    /** The level Lambda's LoggingConfig names; INFO when unset or unknown. */
    public static Level level(String name) {
        if (name == null || name.isBlank()) {
            return Level.INFO;
        }
        try {
            return Level.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Level.INFO;
        }
    }

    /** Marks the start of an invocation: its lines carry {@code requestId} (may be null in tests). */
    public void invocation(String awsRequestId) {
        requestId = awsRequestId;
        if (!invokedBefore) {
            start = Start.COLD;
        } else if (restoredSinceLastInvocation) {
            start = Start.RESTORED;
        } else {
            start = Start.WARM;
        }
        invokedBefore = true;
        restoredSinceLastInvocation = false;
    }

    /** Called after a SnapStart restore: the next invocation is reported as {@code restored}. */
    public void restored() {
        restoredSinceLastInvocation = true;
        invokedBefore = true;
        requestId = null;
        start = Start.INIT;
    }

    public boolean enabled(Level level) {
        return !muted && level.ordinal() >= threshold.ordinal();
    }

    /** Work whose lines are not logged (SnapStart priming: synthetic requests are not traffic). */
    public interface Quiet {
        void run() throws Exception;
    }

    /**
     * Runs {@code work} with this log muted; exceptions pass through. Invocations inside it (a primed
     * request) leave the request id and start kind as they were.
     */
    public void muted(Quiet work) throws Exception {
        String savedRequestId = requestId;
        Start savedStart = start;
        boolean savedInvokedBefore = invokedBefore;
        boolean savedRestored = restoredSinceLastInvocation;
        muted = true;
        try {
            work.run();
        } finally {
            muted = false;
            requestId = savedRequestId;
            start = savedStart;
            invokedBefore = savedInvokedBefore;
            restoredSinceLastInvocation = savedRestored;
        }
    }

    public void trace(String event, Object... keyValues) {
        write(Level.TRACE, event, null, keyValues);
    }

    public void debug(String event, Object... keyValues) {
        write(Level.DEBUG, event, null, keyValues);
    }

    public void info(String event, Object... keyValues) {
        write(Level.INFO, event, null, keyValues);
    }

    public void warn(String event, Object... keyValues) {
        write(Level.WARN, event, null, keyValues);
    }

    public void error(String event, Throwable cause, Object... keyValues) {
        write(Level.ERROR, event, cause, keyValues);
    }

    /** The function cannot work at all (e.g. its configuration is unusable). */
    public void fatal(String event, Throwable cause, Object... keyValues) {
        write(Level.FATAL, event, cause, keyValues);
    }

    /**
     * One count of {@code metric} for {@code campaign} as an embedded-metric-format line: CloudWatch
     * turns it into a metric (namespace Leadpipe, dimension campaign) from the log alone, no API call.
     * Written whatever the level (dashboards must not depend on it), never while muted (priming).
     *
     * @param metric a fixed identifier (Signups, Confirmed, HotLeads, HandRaises, Bounces, Complaints)
     */
    public void metric(String metric, String campaign) {
        if (muted) {
            return;
        }
        StringBuilder out = new StringBuilder(300).append('{');
        field(out, "timestamp", clock.instant().toString());
        field(out, "level", "INFO");
        field(out, "component", component);
        field(out, "event", "metric");
        field(out, "campaign", campaign);
        out.append(",\"").append(metric).append("\":1,\"_aws\":{\"Timestamp\":").append(clock.millis())
                .append(",\"CloudWatchMetrics\":[{\"Namespace\":\"Leadpipe\",\"Dimensions\":[[\"campaign\"]],")
                .append("\"Metrics\":[{\"Name\":\"").append(metric).append("\",\"Unit\":\"Count\"}]}]}}");
        sink.accept(out.toString());
    }

    private void write(Level level, String event, Throwable cause, Object... keyValues) {
        if (!enabled(level)) {
            return;
        }
        StringBuilder out = new StringBuilder(200).append('{');
        field(out, "timestamp", clock.instant().toString());
        field(out, "level", level.name());
        field(out, "component", component);
        field(out, "event", event);
        String id = requestId;
        if (id != null) {
            field(out, "requestId", id);
        }
        field(out, "start", start.name().toLowerCase(Locale.ROOT));
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            String name = String.valueOf(keyValues[i]);
            if (value instanceof Number n) {
                string(out.append(','), name).append(':').append(n.longValue());
            } else if (value instanceof Boolean b) {
                string(out.append(','), name).append(':').append(b.booleanValue());
            } else {
                field(out, name, String.valueOf(value));
            }
        }
        if (cause != null) {
            field(out, "error", cause.getClass().getSimpleName());
            Throwable root = cause.getCause() != null ? cause.getCause() : cause;
            if (root instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
                field(out, "awsErrorCode", aws.awsErrorDetails().errorCode());
                field(out, "awsRequestId", String.valueOf(aws.requestId()));
            } else if (root != cause) {
                field(out, "cause", root.getClass().getSimpleName());
            }
        }
        out.append('}');
        sink.accept(out.toString());
    }

    private static void field(StringBuilder out, String name, String value) {
        if (out.length() > 1) {
            out.append(',');
        }
        string(out, name).append(':');
        string(out, value);
    }

    /** Appends a quoted JSON string (RFC 8259); U+2028/2029 escaped too, as JavaScript needs. */
    private static StringBuilder string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // A lone surrogate is escaped too: as a raw char it would become '?' in UTF-8.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c) && !paired(value, i)) {
                        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /** Whether the surrogate at {@code i} is half of a valid pair. */
    private static boolean paired(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
