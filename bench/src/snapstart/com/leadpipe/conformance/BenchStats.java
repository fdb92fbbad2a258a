package com.leadpipe.conformance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The few statistics bench/snapstart prints: medians of sorted copies, rounded lists. */
final class BenchStats {

    private BenchStats() {
    }

    /** Time the services took to answer the calls, as the relay timed them. */
    static double serviceMs(List<Relay.Call> calls) {
        double ms = 0;
        for (Relay.Call c : calls) {
            ms += c.serviceMs();
        }
        return ms;
    }

    static List<Double> tenths(List<Double> values) {
        List<Double> r = new ArrayList<>();
        for (double v : values) {
            r.add(Math.round(v * 10) / 10.0);
        }
        return r;
    }

    static List<Long> rounded(List<Double> values) {
        List<Long> r = new ArrayList<>();
        for (double v : values) {
            r.add(Math.round(v));
        }
        return r;
    }

    static List<Double> sorted(List<Double> values) {
        List<Double> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }

    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
