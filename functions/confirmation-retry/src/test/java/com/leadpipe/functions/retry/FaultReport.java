package com.leadpipe.functions.retry;

import com.leadpipe.aws.AwsClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of the fault ITs, as a benchmark prints them (never asserted on): per row the
 * answers' p50/p99/max and status counts, and the counts that are asserted (stored, mailed, lost,
 * beyond the cap). Printed, and appended to {@code target/fault-report.txt} for {@code bench/faults}.
 *
 * <p>{@code -Dfaults.timeouts=production} runs with the deployed SDK timeouts (1.5 s attempt,
 * 2.5 s call) instead of the suite's short ones; {@code -Dfaults.samples=N} repeats each row's
 * requests N times (default 2) for steadier percentiles.
 */
final class FaultReport {

    static final boolean PRODUCTION = "production".equals(System.getProperty("faults.timeouts"));
    /**
     * Shorter in the suite, so it stays fast, yet long enough for moto on a busy machine (0.4 s /
     * 0.8 s timed out healthy calls at load 20); the ratio to a route's calls is the defaults'.
     */
    static final AwsClients.Timeouts TIMEOUTS = PRODUCTION
            ? new AwsClients.Timeouts(Duration.ofMillis(1500), Duration.ofMillis(2500))
            : new AwsClients.Timeouts(Duration.ofMillis(1000), Duration.ofMillis(2000));
    static final int SAMPLES = Integer.getInteger("faults.samples", 2);
    private static final Path FILE = Path.of("target", "fault-report.txt");

    private FaultReport() {
    }

    /** One answer of a route: its status and how long it took (ms). */
    record Answer(int status, long millis, String body, String retryAfter) {
    }

    static String print(String row, List<Answer> answers, Map<String, Integer> counts) {
        List<Long> ms = new ArrayList<>();
        answers.forEach(a -> ms.add(a.millis()));
        Collections.sort(ms);
        Map<Integer, Integer> statuses = new TreeMap<>();
        answers.forEach(a -> statuses.merge(a.status(), 1, Integer::sum));
        StringBuilder line = new StringBuilder(String.format(
                "fault report | %-44s | timeouts %s | answers %3d %s | p50 %5d ms | p99 %5d ms | max %5d ms",
                row, TIMEOUTS.attempt().toMillis() + "/" + TIMEOUTS.call().toMillis() + " ms", ms.size(), statuses, percentile(ms, 50),
                percentile(ms, 99), ms.isEmpty() ? 0 : ms.get(ms.size() - 1)));
        counts.forEach((name, value) -> line.append(" | ").append(name).append(' ').append(value));
        System.out.println(line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line.toString();
    }

    /** Nearest-rank percentile. */
    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
