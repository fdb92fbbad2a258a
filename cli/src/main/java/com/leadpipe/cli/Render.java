package com.leadpipe.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Plain-text tables, bar charts and a progress bar for the terminal. */
final class Render {

    static final int BAR_WIDTH = 40;

    private Render() {
    }

    /** Columns padded to their widest cell; numbers right-aligned. */
    static String table(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size() && i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < all.size(); r++) {
            List<String> row = all.get(r);
            for (int i = 0; i < widths.length; i++) {
                String cell = i < row.size() ? row.get(i) : "";
                boolean number = r > 0 && cell.matches("-?[0-9.,%]+");
                out.append(i == 0 ? "" : "  ").append(number ? pad(cell, widths[i], true) : pad(cell, widths[i], false));
            }
            out.append(System.lineSeparator());
            if (r == 0) {
                for (int i = 0; i < widths.length; i++) {
                    out.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
                }
                out.append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    /** One bar per entry, scaled to the largest, with its count. */
    static String bars(Map<String, Long> values) {
        long max = 1;
        int label = 0;
        for (Map.Entry<String, Long> e : values.entrySet()) {
            max = Math.max(max, e.getValue());
            label = Math.max(label, e.getKey().length());
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Long> e : values.entrySet()) {
            int length = (int) Math.round(e.getValue() * (double) BAR_WIDTH / max);
            out.append(pad(e.getKey(), label, false)).append(" |").append("#".repeat(length))
                    .append(" ".repeat(BAR_WIDTH - length)).append("| ").append(e.getValue())
                    .append(System.lineSeparator());
        }
        return out.toString();
    }

    /** "[#####.....]  50%  1.2 MB": {@code total} below 0 when unknown. */
    static String progress(long done, long total) {
        if (total <= 0) {
            return String.format("[%s]  %s", "?".repeat(20), size(done));
        }
        int filled = (int) Math.min(20, done * 20 / total);
        return String.format("[%s%s] %3d%%  %s", "#".repeat(filled), ".".repeat(20 - filled), done * 100 / total,
                size(done));
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KB", bytes / 1024.0);
        }
        return String.format("%.1f MB", bytes / (1024.0 * 1024));
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - text.length()));
        return right ? spaces + text : text + spaces;
    }
}
