package com.leadpipe.cli;

import static com.leadpipe.cli.Commands.n;

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

/** The lead commands: a campaign's leads (listed or exported as CSV) and one person. */
final class LeadCommands {

    private LeadCommands() {
    }

    @Command(name = "leads", description = "A campaign's confirmed leads, newest first; --csv FILE exports them.")
    static final class Leads extends Commands.Base {
        @ParentCommand
        Leadpipe root;
        @Parameters(paramLabel = "CAMPAIGN")
        String campaign;
        @Option(names = "--stage") String stage;
        @Option(names = "--temperature") String temperature;
        @Option(names = "--tag") String tag;
        @Option(names = "--since", description = "Confirmed on or after (YYYY-MM-DD or an instant).") String since;
        @Option(names = "--limit", description = "At most this many (listing only).", defaultValue = "50") int limit;
        @Option(names = "--csv", paramLabel = "FILE", description = "Write every matching lead to FILE as CSV.") Path csv;

        @Override
        Leadpipe root() {
            return root;
        }

        Map<String, String> filters() {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("stage", stage);
            q.put("temperature", temperature);
            q.put("tag", tag);
            q.put("since", since);
            return q;
        }

        @Override
        int run(AdminApi api) {
            return csv != null ? export(api) : list(api);
        }

        private int list(AdminApi api) {
            List<List<String>> rows = new ArrayList<>();
            String cursor = null;
            do {
                Map<String, String> q = filters();
                q.put("limit", String.valueOf(Math.min(100, limit - rows.size())));
                q.put("cursor", cursor);
                Map<String, Object> page = json(api.get("/admin/campaigns/" + campaign + "/leads", q));
                for (Object lead : JsonTree.array(page, "leads")) {
                    rows.add(List.of(JsonTree.string(lead, "email"), JsonTree.string(lead, "temperature"),
                            JsonTree.string(lead, "stage"), n(JsonTree.object(lead, "scores"), "total"),
                            String.join(",", JsonTree.array(lead, "tags").stream().map(String::valueOf).toList()),
                            String.valueOf(JsonTree.string(lead, "confirmedAt"))));
                }
                cursor = JsonTree.string(page, "cursor");
            } while (cursor != null && rows.size() < limit);
            out().print(Render.table(List.of("email", "temperature", "stage", "score", "tags", "confirmed"), rows));
            out().println(rows.size() + " lead(s)" + (cursor != null ? "; more with --limit" : ""));
            return Leadpipe.OK;
        }

        private int export(AdminApi api) {
            Map<String, String> q = filters();
            q.put("format", "csv");
            AdminApi.Answer answer = api.get("/admin/campaigns/" + campaign + "/leads", q);
            if (answer.status() / 100 == 2 && String.valueOf(answer.headers().get("content-type")).startsWith("application/json")) {
                URI link = URI.create(JsonTree.string(json(answer), "url"));
                err().println("Large export: downloading from the export bucket.");
                answer = api.fetch(link);
            }
            if (answer.status() / 100 != 2) {
                json(answer);
            }
            long bytes = copy(answer.body(), answer.length());
            long rows;
            try {
                rows = Math.max(0, com.leadpipe.admin.LeadCsv.parse(Files.readString(csv)).size() - 1);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            out().println("Wrote " + rows + " lead(s) to " + csv + " (" + Render.size(bytes) + ").");
            return Leadpipe.OK;
        }

        /** Streams the body to the file with a progress bar on stderr. */
        private long copy(InputStream body, long total) {
            long done = 0;
            try (InputStream in = body; OutputStream file = Files.newOutputStream(csv)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    file.write(buffer, 0, n);
                    done += n;
                    err().print("\r" + Render.progress(done, total));
                    err().flush();
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot write " + csv + ": " + e.getMessage(), e);
            }
            err().println("\r" + Render.progress(done, Math.max(done, total)));
            return done;
        }
    }

    @Command(name = "lead", description = "One person across campaigns, with the full ledger.")
    static final class Lead extends Commands.Base {
        @ParentCommand
        Leadpipe root;
        @Parameters(paramLabel = "EMAIL")
        String email;

        @Override
        Leadpipe root() {
            return root;
        }

        @Override
        int run(AdminApi api) {
            Map<String, Object> person = json(api.get("/admin/leads", Map.of("email", email)));
            for (Object c : JsonTree.array(person, "campaigns")) {
                Map<String, Object> lead = JsonTree.object(c, "lead");
                out().println(JsonTree.string(c, "campaign") + ": " + (lead.isEmpty() ? "pending signup"
                        : JsonTree.string(lead, "status") + ", " + JsonTree.string(lead, "temperature") + ", "
                        + JsonTree.string(lead, "stage")));
                List<List<String>> rows = new ArrayList<>();
                for (Object e : JsonTree.array(c, "ledger")) {
                    rows.add(List.of(JsonTree.string(e, "at"), JsonTree.string(e, "type"),
                            String.valueOf(JsonTree.string(e, "ip")), JsonTree.object(e, "details").toString()));
                }
                out().print(Render.table(List.of("at", "event", "ip", "details"), rows));
                out().println();
            }
            out().println("suppressed: " + person.get("suppressed"));
            return Leadpipe.OK;
        }
    }
}
