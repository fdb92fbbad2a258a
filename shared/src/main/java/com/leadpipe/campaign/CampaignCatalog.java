package com.leadpipe.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Finds campaigns by id. In Lambda they come from the classpath (files copied into the artifact
 * at build time, where {@link CampaignLint} already checked them); the local runner reads a folder
 * so edits show up without a rebuild.
 */
public final class CampaignCatalog {

    static final String RESOURCE_DIR = "campaigns/";
    static final String INDEX = RESOURCE_DIR + "index.txt";

    private final Source source;
    private final Map<String, Optional<Campaign>> cache = new ConcurrentHashMap<>();

    private CampaignCatalog(Source source) {
        this.source = source;
    }

    /** Campaign files packaged in the artifact; parsed once per container, on first use. */
    public static CampaignCatalog fromClasspath() {
        return new CampaignCatalog(new ClasspathSource());
    }

    /** Campaign files in a folder, re-read on every call: for the local runner and tests. */
    public static CampaignCatalog fromDirectory(Path dir) {
        return new CampaignCatalog(new DirectorySource(dir));
    }

    /**
     * @return the campaign, or empty when no such campaign exists (unknown or malformed id)
     * @throws CampaignException when the file exists but is broken
     */
    public Optional<Campaign> find(String id) {
        if (id == null || !CampaignParser.CAMPAIGN_ID.matcher(id).matches()) {
            return Optional.empty(); // also keeps path tricks out of resource lookups
        }
        if (!source.cacheable()) {
            return load(id);
        }
        return cache.computeIfAbsent(id, this::load);
    }

    /** Every campaign id, sorted. */
    public List<String> ids() {
        return source.ids();
    }

    private Optional<Campaign> load(String id) {
        return source.load(id);
    }

    private interface Source {
        Optional<Campaign> load(String id);

        List<String> ids();

        String describe(String id);

        boolean cacheable();
    }

    private static final class ClasspathSource implements Source {
        /** The build's JSON copy (no YAML parser at cold start); the YAML where there is none (IDE runs). */
        @Override
        public Optional<Campaign> load(String id) {
            Optional<String> json = resource(RESOURCE_DIR + id + ".json");
            if (json.isPresent()) {
                return Optional.of(CampaignParser.parseTree(describe(id), id, CampaignTree.parse(json.get())));
            }
            return resource(RESOURCE_DIR + id + ".yaml").map(yaml -> CampaignParser.parse(describe(id), id, yaml));
        }

        @Override
        public List<String> ids() {
            return resource(INDEX).map(text -> text.lines().filter(l -> !l.isBlank()).sorted().toList())
                    .orElse(List.of());
        }

        @Override
        public String describe(String id) {
            return "campaigns/" + id + ".yaml";
        }

        @Override
        public boolean cacheable() {
            return true;
        }

        private static Optional<String> resource(String name) {
            try (InputStream in = CampaignCatalog.class.getClassLoader().getResourceAsStream(name)) {
                return in == null ? Optional.empty()
                        : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name, e);
            }
        }
    }

    private record DirectorySource(Path dir) implements Source {
        @Override
        public Optional<Campaign> load(String id) {
            Path file = dir.resolve(id + ".yaml");
            try {
                return Files.isRegularFile(file)
                        ? Optional.of(CampaignParser.parse(describe(id), id, Files.readString(file)))
                        : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }

        @Override
        public List<String> ids() {
            try (Stream<Path> files = Files.list(dir)) {
                List<String> ids = new ArrayList<>();
                files.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".yaml"))
                        .map(n -> n.substring(0, n.length() - ".yaml".length()))
                        .filter(n -> CampaignParser.CAMPAIGN_ID.matcher(n).matches())
                        .sorted()
                        .forEach(ids::add);
                return ids;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }

        @Override
        public String describe(String id) {
            return dir.resolve(id + ".yaml").toString();
        }

        @Override
        public boolean cacheable() {
            return false;
        }
    }
}
