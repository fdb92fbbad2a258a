package com.leadpipe.admin;

import com.leadpipe.campaign.Survey;
import com.leadpipe.store.AdminStore.LeadRow;
import com.leadpipe.store.Records.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Leads as CSV (RFC 4180: comma, CRLF, quotes doubled): fixed columns, then one per form field,
 * survey question and attribution parameter any row has, in sorted order. A value that starts
 * like a formula ({@code = + - @}, tab, CR) gets a leading apostrophe, so a spreadsheet shows it
 * as text instead of running it.
 */
public final class LeadCsv {

    public static final List<String> FIXED = List.of("email", "leadId", "status", "confirmedAt", "signupAt",
            "signupConsentVersion", "confirmAt", "temperature", "stage", "tags", "scoreInterest", "scoreBudget",
            "scoreFit", "scoreTotal", "handRaisedAt", "unsubscribedAt");

    private LeadCsv() {
    }

    public static String write(List<LeadRow> rows) {
        Set<String> fields = new TreeSet<>();
        Set<String> answers = new TreeSet<>();
        Set<String> attribution = new TreeSet<>();
        for (LeadRow row : rows) {
            fields.addAll(row.lead().fields().keySet());
            answers.addAll(row.lead().survey().keySet());
            attribution.addAll(row.lead().attribution().keySet());
        }
        List<String> header = new ArrayList<>(FIXED);
        fields.forEach(f -> header.add("field." + f));
        answers.forEach(a -> header.add("answer." + a));
        attribution.forEach(a -> header.add("attribution." + a));
        StringBuilder out = new StringBuilder();
        line(out, header);
        for (LeadRow row : rows) {
            Lead lead = row.lead();
            List<String> cells = new ArrayList<>(List.of(lead.email().value(), lead.leadId(), lead.status().name(),
                    time(lead.confirmedAt()), time(lead.signup().at()), lead.signup().consentVersion(),
                    time(lead.confirmation().at()), lead.qualification().temperature().lower(),
                    lead.qualification().stage().lower(), String.join("|", lead.qualification().tags()),
                    score(lead, Survey.Axis.INTEREST), score(lead, Survey.Axis.BUDGET), score(lead, Survey.Axis.FIT),
                    String.valueOf(lead.qualification().total()), time(row.handRaisedAt()),
                    time(row.unsubscribedAt())));
            fields.forEach(f -> cells.add(lead.fields().getOrDefault(f, "")));
            answers.forEach(a -> cells.add(String.join("|", lead.survey().getOrDefault(a, List.of()))));
            attribution.forEach(a -> cells.add(lead.attribution().getOrDefault(a, "")));
            line(out, cells);
        }
        return out.toString();
    }

    private static String score(Lead lead, Survey.Axis axis) {
        return String.valueOf(lead.qualification().score(axis));
    }

    private static String time(Instant at) {
        return at == null ? "" : at.toString();
    }

    private static String time(Optional<Instant> at) {
        return at.map(Instant::toString).orElse("");
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        out.append("\r\n");
    }

    static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    /** Reads CSV back (tests, the CLI's row count): quoted cells, doubled quotes, CRLF. */
    public static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (c != '\r') {
                cell.append(c);
            }
        }
        if (cell.length() > 0 || !row.isEmpty()) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }

    /** Header names, for callers that map rows by column. */
    public static Map<String, Integer> columns(List<String> header) {
        Map<String, Integer> columns = new java.util.LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            columns.put(header.get(i), i);
        }
        return columns;
    }

}
