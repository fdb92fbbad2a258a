package com.leadpipe.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import com.leadpipe.http.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Build-time check of every campaign file (run by Maven in shared's process-classes phase):
 * prints each problem as {@code file: field: reason} and fails the build if there is any. Also
 * writes the list of campaign ids and a JSON copy of each file, which the functions read at run
 * time instead of the YAML.
 *
 * <p>Usage: {@code CampaignLint <campaigns-dir> [<index-file-to-write>]}
 */
public final class CampaignLint {

    private CampaignLint() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: CampaignLint <campaigns-dir> [<index-file>]");
        }
        Path dir = Path.of(args[0]).toAbsolutePath().normalize();
        List<CampaignException.Problem> problems = new ArrayList<>();
        Map<String, Object> trees = new LinkedHashMap<>();
        List<String> ids = lint(dir, problems, trees);
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("[campaign] " + p));
            // Exception, not System.exit: Maven runs this in its own JVM and reports the message.
            throw new IllegalStateException(problems.size() + " problem(s) in campaign files:\n"
                    + String.join("\n", problems.stream().map(Object::toString).toList()));
        }
        if (args.length > 1) {
            Path index = Path.of(args[1]);
            Files.createDirectories(index.getParent());
            Files.writeString(index, String.join("\n", ids) + "\n");
            // The functions read this JSON copy, never the YAML: no YAML parser at cold start.
            for (Map.Entry<String, Object> tree : trees.entrySet()) {
                Files.writeString(index.resolveSibling(tree.getKey() + ".json"), Json.write(asMap(tree.getValue())));
            }
        }
        System.out.println("[campaign] " + ids.size() + " campaign file(s) valid: " + String.join(", ", ids));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> asMap(Object tree) {
        return (Map<String, ?>) tree; // a valid campaign's root is a mapping
    }

    /** Parses every {@code *.yaml} in {@code dir}; returns the ids of the valid ones. */
    public static List<String> lint(Path dir, List<CampaignException.Problem> problems) throws IOException {
        return lint(dir, problems, new LinkedHashMap<>());
    }

    /** As {@link #lint(Path, List)}, also collecting each valid file's tree by id. */
    static List<String> lint(Path dir, List<CampaignException.Problem> problems, Map<String, Object> trees)
            throws IOException {
        if (!Files.isDirectory(dir)) {
            problems.add(new CampaignException.Problem(dir.toString(), "", "campaign folder not found"));
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".yml")) {
                    problems.add(new CampaignException.Problem("campaigns/" + name, "",
                            "use the .yaml extension; .yml files are not deployed"));
                    continue;
                }
                if (!name.endsWith(".yaml")) {
                    continue;
                }
                String id = name.substring(0, name.length() - ".yaml".length());
                String label = "campaigns/" + name;
                if (!CampaignParser.CAMPAIGN_ID.matcher(id).matches()) {
                    problems.add(new CampaignException.Problem(label, "",
                            "file name must be the campaign id: lowercase letters, digits and hyphens"));
                    continue;
                }
                try {
                    Object tree = CampaignYaml.load(label, Files.readString(file));
                    CampaignParser.parseTree(label, id, tree);
                    trees.put(id, tree);
                    ids.add(id);
                } catch (CampaignException e) {
                    problems.addAll(e.problems());
                }
            }
        }
        if (ids.isEmpty() && problems.isEmpty()) {
            problems.add(new CampaignException.Problem(dir.toString(), "", "no campaign files (*.yaml) found"));
        }
        return ids;
    }
}
