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

/** Privacy requests: a person's export and erasure. */
final class PrivacyCommands {

    private PrivacyCommands() {
    }

    @Command(name = "privacy", description = "Privacy requests (GDPR Art. 15 and 17, CCPA).",
            subcommands = {PrivacyExport.class, PrivacyErase.class})
    static final class Privacy implements Callable<Integer> {
        @ParentCommand
        Leadpipe root;
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getOut());
            return Leadpipe.OK;
        }
    }

    @Command(name = "export", description = "Everything held about the person, as JSON (stdout or --out FILE).")
    static final class PrivacyExport extends Commands.Base {
        @ParentCommand
        Privacy parent;
        @Parameters(paramLabel = "EMAIL")
        String email;
        @Option(names = "--out", paramLabel = "FILE") Path file;

        @Override
        Leadpipe root() {
            return parent.root;
        }

        @Override
        int run(AdminApi api) {
            String body = JsonTree.write(json(api.post("/admin/privacy/export", JsonTree.write(Map.of("email", email)))));
            if (file == null) {
                out().println(body);
                return Leadpipe.OK;
            }
            try {
                Files.writeString(file, body + "\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
            out().println("Wrote the export to " + file + ".");
            return Leadpipe.OK;
        }
    }

    @Command(name = "erase", description = "Erases the person everywhere (asks first unless --yes).")
    static final class PrivacyErase extends Commands.Base {
        @ParentCommand
        Privacy parent;
        @Parameters(paramLabel = "EMAIL")
        String email;
        @Option(names = "--yes", description = "Do not ask.") boolean yes;
        /** Where the answer to the question is read from; stdin unless a test sets it. */
        static InputStream answers = System.in;

        @Override
        Leadpipe root() {
            return parent.root;
        }

        @Override
        int run(AdminApi api) {
            if (!yes) {
                out().print("Erase every record of " + email + " in every campaign? This cannot be undone. Type 'yes': ");
                out().flush();
                String line;
                try {
                    line = new BufferedReader(new InputStreamReader(answers, StandardCharsets.UTF_8)).readLine();
                } catch (IOException e) {
                    line = null;
                }
                if (line == null || !line.strip().equalsIgnoreCase("yes")) {
                    err().println("Cancelled: nothing was erased.");
                    return Leadpipe.CANCELLED;
                }
            }
            Map<String, Object> result = json(api.post("/admin/privacy/erase", JsonTree.write(Map.of("email", email))));
            if (Boolean.TRUE.equals(result.get("alreadyErased"))) {
                out().println("Nothing left to erase: " + email + " was erased before.");
            } else {
                out().println("Erased " + result.get("itemsRemoved") + " item(s) in " + result.get("campaigns")
                        + (Boolean.TRUE.equals(result.get("suppressionKept")) ? "; the address stays suppressed." : "."));
            }
            return Leadpipe.OK;
        }
    }
}
