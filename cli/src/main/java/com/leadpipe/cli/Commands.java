package com.leadpipe.cli;

import com.leadpipe.json.JsonTree;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The subcommands: each one request (or a few), answered as a table, a chart, a file or JSON. */
final class Commands {

    private Commands() {
    }

    /** What every command shares: the API, the console, and how an answer maps to an exit code. */
    abstract static class Base implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        abstract Leadpipe root();

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        /** The JSON of a 2xx answer; otherwise the API's message on stderr and the exit code thrown. */
        Map<String, Object> json(AdminApi.Answer answer) {
            String text = answer.text();
            if (answer.status() / 100 != 2) {
                throw new Refused(answer.status(), message(text));
            }
            return JsonTree.object(Map.of("a", JsonTree.parse(text)), "a");
        }

        static String message(String body) {
            try {
                String m = JsonTree.string(JsonTree.parse(body), "message");
                return m != null ? m : body;
            } catch (RuntimeException e) {
                return body;
            }
        }

        @Override
        public Integer call() {
            try (AdminApi api = root().api()) {
                return run(api);
            } catch (Refused e) {
                err().println("leadpipe: " + e.getMessage());
                return e.status == 404 ? Leadpipe.NOT_FOUND : e.status == 403 || e.status >= 500 ? Leadpipe.UNREACHABLE
                        : Leadpipe.FAILED;
            }
        }

        abstract int run(AdminApi api);
    }

    /** An answer other than 2xx. */
    static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(status == 403 ? "access denied (" + status + "): " + message
                    + " - check your AWS credentials and that your role may call the admin API" : message);
            this.status = status;
        }
    }

    @Command(name = "campaigns", description = "Every campaign with its funnel totals.")
    static final class Campaigns extends Base {
        @ParentCommand
        Leadpipe root;

        @Override
        Leadpipe root() {
            return root;
        }

        @Override
        int run(AdminApi api) {
            List<List<String>> rows = new ArrayList<>();
            for (Object c : JsonTree.array(json(api.get("/admin/campaigns", Map.of())), "campaigns")) {
                Map<String, Object> totals = JsonTree.object(c, "totals");
                rows.add(List.of(JsonTree.string(c, "id"), JsonTree.string(c, "title"), n(totals, "views"),
                        n(totals, "signups"), n(totals, "confirmed"), n(totals, "engaged"), n(totals, "qualified"),
                        n(totals, "salesReady"), n(totals, "unsubscribed"), n(totals, "bounced")));
            }
            out().print(Render.table(List.of("campaign", "title", "views", "signups", "confirmed", "engaged",
                    "qualified", "sales-ready", "unsubscribed", "bounced"), rows));
            return Leadpipe.OK;
        }
    }

    static String n(Map<String, Object> values, String name) {
        Object v = values.get(name);
        return v == null ? "0" : v.toString();
    }

    @Command(name = "funnel", description = "A campaign's funnel: counts, conversion rates and a bar chart.")
    static final class Funnel extends Base {
        @ParentCommand
        Leadpipe root;
        @Parameters(paramLabel = "CAMPAIGN")
        String campaign;
        @Option(names = "--from", description = "First day (YYYY-MM-DD), default 29 days before --to.")
        String from;
        @Option(names = "--to", description = "Last day (YYYY-MM-DD), default today (UTC).")
        String to;
        @Option(names = "--by", description = "Group rows by day, source, medium or campaign.", defaultValue = "day")
        String by;

        @Override
        Leadpipe root() {
            return root;
        }

        @Override
        int run(AdminApi api) {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("from", from);
            q.put("to", to);
            q.put("by", by);
            Map<String, Object> funnel = json(api.get("/admin/campaigns/" + campaign + "/funnel", q));
            Map<String, Long> totals = new LinkedHashMap<>();
            JsonTree.object(funnel, "totals").forEach((k, v) -> totals.put(k, ((Number) v).longValue()));
            out().println(campaign + ": " + funnel.get("from") + " to " + funnel.get("to"));
            out().println();
            out().print(Render.bars(totals));
            out().println();
            List<List<String>> rates = new ArrayList<>();
            JsonTree.object(funnel, "rates").forEach((k, v) -> rates.add(List.of(k,
                    String.format("%.1f%%", ((Number) v).doubleValue() * 100))));
            if (!rates.isEmpty()) {
                out().print(Render.table(List.of("conversion", "rate"), rates));
                out().println();
            }
            List<List<String>> rows = new ArrayList<>();
            for (Object g : JsonTree.array(funnel, "groups")) {
                Map<String, Object> row = JsonTree.object(Map.of("g", g), "g");
                List<String> cells = new ArrayList<>(List.of(String.valueOf(row.get("key"))));
                for (String step : totals.keySet()) {
                    cells.add(n(row, step));
                }
                rows.add(cells);
            }
            List<String> header = new ArrayList<>(List.of(by));
            header.addAll(totals.keySet());
            out().print(Render.table(header, rows));
            return Leadpipe.OK;
        }
    }
}
