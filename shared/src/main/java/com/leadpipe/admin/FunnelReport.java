package com.leadpipe.admin;

import com.leadpipe.store.AdminStore;
import com.leadpipe.store.AdminStore.CounterRow;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A campaign's funnel from its counter items: totals, conversion rates between consecutive steps,
 * and the same per group (day, UTM source, medium or campaign).
 */
public record FunnelReport(String campaignId, LocalDate from, LocalDate to, Grouping by, Map<String, Long> totals,
                           Map<String, Double> rates, Map<String, Map<String, Long>> groups) {

    /** How rows are grouped. */
    public enum Grouping {
        DAY, SOURCE, MEDIUM, CAMPAIGN;

        /** @throws IllegalArgumentException for anything but day, source, medium or campaign */
        public static Grouping parse(String text) {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("by must be one of day, source, medium, campaign");
            }
        }

        String keyOf(CounterRow row) {
            return switch (this) {
                case DAY -> row.day().toString();
                case SOURCE -> row.source();
                case MEDIUM -> row.medium();
                case CAMPAIGN -> row.utmCampaign();
            };
        }
    }

    /** Steps the rates go through, in funnel order: each rate is step / previous step. */
    public static final List<String> CONVERSIONS = List.of("views", "signups", "confirmed", "engaged", "qualified",
            "salesReady");

    public static FunnelReport of(String campaignId, LocalDate from, LocalDate to, Grouping by, List<CounterRow> rows) {
        Map<String, Long> totals = empty();
        Map<String, Map<String, Long>> groups = new TreeMap<>();
        for (CounterRow row : rows) {
            Map<String, Long> group = groups.computeIfAbsent(by.keyOf(row), k -> empty());
            for (Map.Entry<String, Long> step : row.steps().entrySet()) {
                totals.merge(step.getKey(), step.getValue(), Long::sum);
                group.merge(step.getKey(), step.getValue(), Long::sum);
            }
        }
        return new FunnelReport(campaignId, from, to, by, totals, rates(totals), groups);
    }

    /** "signups->confirmed" and so on: 0..1, rounded to 4 places; absent when the earlier step is 0. */
    static Map<String, Double> rates(Map<String, Long> totals) {
        Map<String, Double> rates = new LinkedHashMap<>();
        for (int i = 1; i < CONVERSIONS.size(); i++) {
            long before = totals.getOrDefault(CONVERSIONS.get(i - 1), 0L);
            long after = totals.getOrDefault(CONVERSIONS.get(i), 0L);
            if (before > 0) {
                rates.put(CONVERSIONS.get(i - 1) + "->" + CONVERSIONS.get(i), Math.round(after * 10000.0 / before) / 10000.0);
            }
        }
        return rates;
    }

    private static Map<String, Long> empty() {
        Map<String, Long> steps = new LinkedHashMap<>();
        for (String step : AdminStore.STEPS) {
            steps.put(step, 0L);
        }
        return steps;
    }

    /** As the admin API answers it. */
    public Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("campaign", campaignId);
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("by", by.name().toLowerCase(Locale.ROOT));
        out.put("totals", totals);
        out.put("rates", rates);
        List<Object> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, Long>> group : groups.entrySet()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("key", group.getKey());
            row.putAll(group.getValue());
            rows.add(row);
        }
        out.put("groups", rows);
        return out;
    }
}
