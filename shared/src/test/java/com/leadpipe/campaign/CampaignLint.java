package com.leadpipe.campaign;

import com.leadpipe.json.JsonTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The campaign check, run by Maven in shared's process-test-classes phase (it is build tooling,
 * compiled with the tests so that its JSON Schema library never reaches a function): checks every
 * campaign file against {@code campaigns/campaign.schema.json} ({@link CampaignSchema}), reads it
 * as the functions will ({@link CampaignReader}, which compiles the templates) and applies the
 * cross-field rules ({@link CampaignRules}). Prints each problem as {@code file: field: reason}
 * and fails the build if there is any; otherwise writes the list of campaign ids and a JSON copy
 * of each file, which the functions read instead of the YAML and never check again.
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
            writeCopies(Path.of(args[1]), ids, trees);
        }
        System.out.println("[campaign] " + ids.size() + " campaign file(s) valid: " + String.join(", ", ids));
    }

    /** The index and one JSON copy per campaign; copies of campaigns that no longer exist are removed. */
    private static void writeCopies(Path index, List<String> ids, Map<String, Object> trees) throws IOException {
        Files.createDirectories(index.getParent());
        try (Stream<Path> old = Files.list(index.getParent())) {
            for (Path file : old.filter(p -> p.toString().endsWith(".json")).toList()) {
                Files.delete(file);
            }
        }
        Files.writeString(index, String.join("\n", ids) + "\n");
        for (Map.Entry<String, Object> tree : trees.entrySet()) {
            Files.writeString(index.resolveSibling(tree.getKey() + ".json"), JsonTree.write(tree.getValue()));
        }
    }

    /** Checks every {@code *.yaml} in {@code dir}; returns the ids of the valid ones. */
    public static List<String> lint(Path dir, List<CampaignException.Problem> problems) throws IOException {
        return lint(dir, problems, new LinkedHashMap<>());
    }

    /** As {@link #lint(Path, List)}, also collecting each valid file's tree (nulls removed) by id. */
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
                String label = "campaigns/" + name;
                if (name.endsWith(".yml")) {
                    problems.add(new CampaignException.Problem(label, "", "use the .yaml extension; .yml files are not deployed"));
                    continue;
                }
                if (!name.endsWith(".yaml")) {
                    continue;
                }
                String id = name.substring(0, name.length() - ".yaml".length());
                if (!CampaignReader.CAMPAIGN_ID.matcher(id).matches()) {
                    problems.add(new CampaignException.Problem(label, "",
                            "file name must be the campaign id: lowercase letters, digits and hyphens"));
                    continue;
                }
                try {
                    Object tree = withoutNulls(CampaignYaml.load(label, Files.readString(file)));
                    List<CampaignException.Problem> found = check(label, id, tree);
                    if (found.isEmpty()) {
                        trees.put(id, tree);
                        ids.add(id);
                    }
                    problems.addAll(found);
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

    /**
     * Every problem of one file's tree: its structure, then what reading it (the templates) and
     * the cross-field rules find. Where the structure is broken, those two run as far as the
     * file can be read, so one run shows as much as it can.
     */
    static List<CampaignException.Problem> check(String file, String expectedId, Object tree) {
        List<CampaignException.Problem> problems = new ArrayList<>(CampaignSchema.check(file, tree));
        boolean wellFormed = problems.isEmpty();
        try {
            Campaign campaign = CampaignReader.read(file, tree);
            problems.addAll(CampaignRules.check(file, expectedId, (Map<?, ?>) tree, campaign));
        } catch (CampaignException e) {
            for (CampaignException.Problem p : e.problems()) {
                if (wellFormed || !p.field().isEmpty()) { // "cannot be read" adds nothing to the structure's problems
                    problems.add(p);
                }
            }
        } catch (RuntimeException e) {
            if (wellFormed) {
                throw e; // a bug: the rules must take every file the schema accepts
            }
        }
        return List.copyOf(new LinkedHashSet<>(problems));
    }

    /** For {@link CampaignCatalog#fromDirectory(Path, CampaignCatalog.Check)}: the local runner's check. */
    public static void checkOrThrow(String file, String expectedId, Object tree) {
        List<CampaignException.Problem> problems = check(file, expectedId, withoutNulls(tree));
        if (!problems.isEmpty()) {
            throw new CampaignException(problems);
        }
    }

    /** A YAML key with no value ({@code copy:}) means the setting is not given, as the reader takes it. */
    static Object withoutNulls(Object tree) {
        if (tree instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (v != null) {
                    out.put(k, withoutNulls(v));
                }
            });
            return out;
        }
        if (tree instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(withoutNulls(item)));
            return out;
        }
        return tree;
    }
}
