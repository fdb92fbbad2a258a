package com.leadpipe.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each function's deployable artifact is, read from the Makefile that {@code sam build} runs:
 * {@code build-<LogicalId>} calls {@code lambda_zip,<module>}, and lambda_zip copies
 * {@code functions/<module>/target/lambda/.} to ARTIFACTS_DIR. So the directory tested here is the
 * one sam build zips, not a second packaging.
 */
final class Artifacts {

    /** The copy in lambda_zip: if it changes, this stage would be testing something else. */
    static final String LAMBDA_ZIP_COPY = "cp -R functions/$(1)/target/lambda/. \"$(ARTIFACTS_DIR)/\"";
    private static final Pattern TARGET = Pattern.compile("(?m)^build-([A-Za-z0-9]+):\\s*\\n\\t\\$\\(call lambda_zip,([A-Za-z0-9_-]+)\\)");

    private final Path root;
    private final Map<String, String> modules;

    private Artifacts(Path root, Map<String, String> modules) {
        this.root = root;
        this.modules = modules;
    }

    static Artifacts fromMakefile(Path root) {
        String makefile;
        try {
            makefile = Files.readString(root.resolve("Makefile"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!makefile.contains(LAMBDA_ZIP_COPY)) {
            throw new IllegalStateException("Makefile's lambda_zip no longer copies target/lambda ("
                    + LAMBDA_ZIP_COPY + "): the conformance stage must run what sam build zips; update Artifacts");
        }
        Map<String, String> modules = new LinkedHashMap<>();
        Matcher m = TARGET.matcher(makefile);
        while (m.find()) {
            modules.put(m.group(1), m.group(2));
        }
        return new Artifacts(root, Map.copyOf(modules));
    }

    /** Logical id to module directory name under functions/. */
    Map<String, String> modules() {
        return modules;
    }

    Path moduleDir(String logicalId) {
        String module = modules.get(logicalId);
        if (module == null) {
            throw new IllegalStateException("Makefile has no build-" + logicalId + " calling lambda_zip");
        }
        return root.resolve("functions").resolve(module);
    }

    /** The artifact as sam build lays it out: classes at the root, runtime jars in lib/. */
    Path artifact(String logicalId) {
        return moduleDir(logicalId).resolve("target/lambda");
    }

    /** The module's runtime classpath as Maven resolved it (root pom.xml, lambda-layout-classpath). */
    Path runtimeClasspath(String logicalId) {
        return moduleDir(logicalId).resolve("target/lambda-runtime-classpath.txt");
    }
}
