package com.leadpipe.conformance;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The bench/snapstart table, PASS/FAIL per target, and a TSV of the same figures. */
final class Report {

    static final double FIRST_TARGET = 1.5;
    static final double WARM_TARGET = 1.15;

    private Report() {
    }

    static void print(List<SnapStartBench.Figures> figures, int warm, Path tsv) throws IOException {
        System.out.printf(Locale.ROOT, "%n== bench/snapstart: ms per request, from the event queued"
                + " with the runtime asking for it to the posted response (a restore's own tail is not counted, see bench.err);"
                + " first: median of %d restored containers; warm and bare: median [p25-p75] of %d, paired%n",
                SnapStartBench.FIRST_RESTORES, warm);
        System.out.printf(Locale.ROOT, "%-22s %8s %22s %22s %11s %11s %16s%n", "function", "first", "warm", "bare SDK",
                "first/warm", "warm/bare", "fresh JVM");
        for (SnapStartBench.Figures f : figures) {
            boolean sdk = !f.calls().isEmpty();
            System.out.printf(Locale.ROOT, "%-22s %8.1f %8.1f [%5.1f-%5.1f] %8s %13s %5.2f %-4s %5s %-5s %6d+%.0f%n",
                    name(f), f.firstMs(), f.warmMs(), f.warmP25(), f.warmP75(),
                    sdk ? String.format(Locale.ROOT, "%.1f", f.bareMs()) : "-",
                    sdk ? String.format(Locale.ROOT, "[%5.1f-%5.1f]", f.bareP25(), f.bareP75()) : "(no SDK call)",
                    f.firstMs() / f.warmMs(), sdk ? pass(f.firstMs() / f.warmMs() <= FIRST_TARGET) : "",
                    sdk ? String.format(Locale.ROOT, "%.2f", f.warmMs() / f.bareMs()) : "n/a",
                    sdk ? pass(f.warmMs() / f.bareMs() <= WARM_TARGET) : "", f.freshInitMs(), f.freshFirstMs());
        }
        System.out.printf(Locale.ROOT, "targets: first request after priming <= %.2fx warm; warm <= %.2fx its bare SDK"
                + " calls. fresh JVM: on-demand init ms + first request ms (no snapshot, no priming)%n", FIRST_TARGET,
                WARM_TARGET);
        System.out.println();
        for (SnapStartBench.Figures f : figures) {
            System.out.printf(Locale.ROOT, "%-22s SDK calls per warm request: %s%s%n", name(f),
                    f.calls().isEmpty() ? "none" : f.calls(),
                    f.firstCalls().equals(f.calls()) || sameOperations(f) ? "" : "; first request: " + f.firstCalls());
            if (!f.calls().isEmpty()) {
                System.out.printf(Locale.ROOT, "%-22s in the services (moto, at the relay), median: warm %.1f ms, bare %.1f ms;"
                        + " outside them: warm %.1f ms, bare %.1f ms%n", "", f.warmServiceMs(), f.bareServiceMs(),
                        f.warmMs() - f.warmServiceMs(), f.bareMs() - f.bareServiceMs());
            }
            if (!f.calls().isEmpty()) {
                System.out.printf(Locale.ROOT, "%-22s warm after a %d ms pause (median of %d, not a target): %.1f ms;"
                        + " first/that %.2f%n", "", SnapStartBench.PAUSE_MS, SnapStartBench.PAUSED, f.pausedMs(),
                        f.firstMs() / f.pausedMs());
            }
            if (f.bareRefused() > 0) {
                System.out.printf(Locale.ROOT, "%-22s bare replays refused by their condition: %d of %d warm requests'"
                        + " writes%n", "", f.bareRefused(), writes(f) * warm);
            }
            if (f.firstClasses() > 0 || f.warmClasses() > 0) {
                System.out.printf(Locale.ROOT, "%-22s classes loaded: first request %d, warm request at most %d%n", "",
                        f.firstClasses(), f.warmClasses());
            }
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(tsv))) {
            w.println("function\tfirst_ms\twarm_ms\twarm_p25\twarm_p75\tbare_ms\tbare_p25\tbare_p75\tfirst_over_warm"
                    + "\twarm_over_bare\tfresh_init_ms\tfresh_first_ms\tfirst_classes\twarm_classes\tcalls\tpaused_ms");
            for (SnapStartBench.Figures f : figures) {
                w.printf(Locale.ROOT, "%s\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.2f\t%s\t%d\t%.1f\t%d\t%d\t%s\t%.1f%n",
                        name(f), f.firstMs(), f.warmMs(), f.warmP25(), f.warmP75(), f.bareMs(), f.bareP25(), f.bareP75(),
                        f.firstMs() / f.warmMs(), f.calls().isEmpty() ? "" : String.format(Locale.ROOT, "%.2f",
                                f.warmMs() / f.bareMs()), f.freshInitMs(), f.freshFirstMs(), f.firstClasses(),
                        f.warmClasses(), f.calls(), f.pausedMs());
            }
        }
    }

    /** DynamoDB writes of one warm request, the calls a replay can have refused. */
    private static int writes(SnapStartBench.Figures f) {
        int n = 0;
        for (Relay.Call c : f.calls()) {
            if (List.of("DynamoDB.TransactWriteItems", "DynamoDB.UpdateItem", "DynamoDB.PutItem", "DynamoDB.DeleteItem")
                    .contains(c.operation())) {
                n++;
            }
        }
        return n;
    }

    private static boolean sameOperations(SnapStartBench.Figures f) {
        return f.firstCalls().toString().equals(f.calls().toString());
    }

    private static String name(SnapStartBench.Figures f) {
        return f.label().replace("Function", "");
    }

    private static String pass(boolean ok) {
        return ok ? "PASS" : "FAIL";
    }
}
