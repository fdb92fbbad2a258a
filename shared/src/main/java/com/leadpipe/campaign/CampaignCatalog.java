package com.leadpipe.campaign;

import com.leadpipe.json.JsonTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Finds campaigns by id. In Lambda they come from the classpath: the JSON copies the build wrote
 * after checking each file (CampaignLint), read with the one JSON reader and never validated
 * again. Every packaged campaign is read, and all its templates compiled, when the catalog is
 * built, so the handler's constructor (and a SnapStart snapshot) holds them all. The local runner
 * reads a folder instead, so edits show up without a rebuild.
 */
public final class CampaignCatalog {

    static final String RESOURCE_DIR = "campaigns/";
    static final String INDEX = RESOURCE_DIR + "index.txt";

    /** Checks a file's tree before it is read; throws {@link CampaignException} listing its problems. */
    @FunctionalInterface
    public interface Check {
        void check(String file, String id, Object tree);
    }

    private final Map<String, Campaign> packaged;
    private final Optional<Path> dir;
    private final Check check;
    private final Map<String, Optional<Campaign>> fallback = new ConcurrentHashMap<>();

    private CampaignCatalog(Map<String, Campaign> packaged, Optional<Path> dir, Check check) {
        this.packaged = packaged;
        this.dir = dir;
        this.check = check;
    }

    /**
     * The campaigns packaged in the artifact, every one read and compiled now.
     *
     * @throws CampaignException if a packaged copy cannot be read (the build would have refused it)
     */
    public static CampaignCatalog fromClasspath() {
        Map<String, Campaign> campaigns = new LinkedHashMap<>();
        for (String id : packagedIds()) {
            Optional<String> json = resource(RESOURCE_DIR + id + ".json");
            if (json.isEmpty()) {
                throw new IllegalStateException("campaigns/index.txt lists " + id + " but there is no " + id + ".json");
            }
            campaigns.put(id, CampaignReader.read(label(id), JsonTree.parse(json.get())));
        }
        return new CampaignCatalog(Map.copyOf(campaigns), Optional.empty(), null);
    }

    /** Campaign files in a folder, re-read on every call and not checked: for tests. */
    public static CampaignCatalog fromDirectory(Path dir) {
        return fromDirectory(dir, (file, id, tree) -> { });
    }

    /** Campaign files in a folder, re-read and checked on every call: the local runner passes the build's check. */
    public static CampaignCatalog fromDirectory(Path dir, Check check) {
        return new CampaignCatalog(Map.of(), Optional.of(dir), check);
    }

    /**
     * @return the campaign, or empty when no such campaign exists (unknown or malformed id)
     * @throws CampaignException when the file exists but is broken
     */
    public Optional<Campaign> find(String id) {
        if (id == null || !CampaignReader.CAMPAIGN_ID.matcher(id).matches()) {
            return Optional.empty(); // also keeps path tricks out of resource lookups
        }
        if (dir.isPresent()) {
            return fromFile(dir.get(), id);
        }
        Campaign campaign = packaged.get(id);
        if (campaign != null) {
            return Optional.of(campaign);
        }
        // No JSON copy: a run from an IDE that did not run the build's check. Read the YAML.
        return fallback.computeIfAbsent(id, i -> resource(RESOURCE_DIR + i + ".yaml")
                .map(yaml -> CampaignReader.fromYaml(label(i), yaml)));
    }

    /** Every campaign, in id order: what SnapStart priming renders. */
    public List<Campaign> all() {
        List<Campaign> all = new ArrayList<>();
        for (String id : ids()) {
            find(id).ifPresent(all::add);
        }
        return all;
    }

    /** Every campaign id, sorted. */
    public List<String> ids() {
        if (dir.isPresent()) {
            return directoryIds(dir.get());
        }
        return packagedIds();
    }

    private Optional<Campaign> fromFile(Path dir, String id) {
        Path file = dir.resolve(id + ".yaml");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String label = file.toString();
        try {
            Object tree = CampaignYaml.load(label, Files.readString(file));
            check.check(label, id, tree);
            return Optional.of(CampaignReader.read(label, tree));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<String> packagedIds() {
        // A loop, not a stream: this runs when every function starts (cold start).
        List<String> ids = new ArrayList<>();
        for (String line : resource(INDEX).orElse("").split("\n")) {
            if (!line.isBlank()) {
                ids.add(line.strip());
            }
        }
        ids.sort(null);
        return ids;
    }

    private static List<String> directoryIds(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length()))
                    .filter(n -> CampaignReader.CAMPAIGN_ID.matcher(n).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static String label(String id) {
        return RESOURCE_DIR + id + ".yaml";
    }

    private static Optional<String> resource(String name) {
        try (InputStream in = CampaignCatalog.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
