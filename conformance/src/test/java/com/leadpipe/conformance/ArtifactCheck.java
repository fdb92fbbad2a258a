package com.leadpipe.conformance;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What may be on a function's class path in Lambda: the artifact root and {@code lib/*.jar}, as the
 * runtime's class loader reads them. Nothing from test scope may be there, and lib/ must hold
 * exactly the module's resolved runtime classpath (no jar left over or copied in from elsewhere,
 * none missing).
 */
final class ArtifactCheck {

    /** Test tooling (and what must never ship for cold start, as in .ci/sam-build-check), by jar name. */
    static final Pattern DENIED_JAR = Pattern.compile("^(junit-.*|opentest4j-.*|apiguardian-.*|assertj-.*|byte-buddy.*"
            + "|mockito-.*|hamcrest-.*|aws-lambda-java-tests-.*|DynamoDBLocal.*|sqlite4java.*|jsoup-.*|angus-.*"
            + "|jakarta\\.mail.*|testcontainers-.*|localstack-.*|selenium-.*|bcpkix-.*|bcprov-.*|bcutil-.*"
            + "|leadpipe-(?!shared-[^-]+(-SNAPSHOT)?\\.jar$).*|.*-tests\\.jar|.*-test-sources\\.jar"
            + "|netty-.*|apache-client-.*|apache5-client-.*|httpclient.*|httpcore.*|log4j-core-.*)$");

    /** The same tools inside a jar of any name (repackaged, shaded or renamed). */
    static final List<String> DENIED_PACKAGES = List.of("org/junit/", "org/opentest4j/", "org/assertj/",
            "org/mockito/", "org/hamcrest/", "com/amazonaws/services/lambda/runtime/tests/",
            "com/amazonaws/services/dynamodbv2/local/", "org/jsoup/", "org/eclipse/angus/", "org/testcontainers/",
            "org/openqa/selenium/", "org/bouncycastle/", "com/leadpipe/testing/");

    private static final Pattern TEST_CLASS = Pattern.compile(".*(Test|IT|Tests)(\\$.*)?\\.class$");

    private ArtifactCheck() {
    }

    /** Empty when the artifact is clean; else one line per problem. */
    static List<String> problems(Path artifact, Path runtimeClasspathFile) {
        List<String> problems = new ArrayList<>();
        Path lib = artifact.resolve("lib");
        if (!Files.isDirectory(lib)) {
            return List.of(artifact + " has no lib/ directory (not built? run the package phase)");
        }
        Set<String> jars = new TreeSet<>(names(lib, ".jar"));
        Set<String> expected = new TreeSet<>(runtimeClasspath(runtimeClasspathFile));
        for (String jar : jars) {
            if (DENIED_JAR.matcher(jar).matches()) {
                problems.add("lib/" + jar + " is test tooling or banned from function artifacts");
            }
            if (!expected.contains(jar)) {
                problems.add("lib/" + jar + " is not on the module's resolved runtime classpath (left over or copied in)");
            }
            deniedPackage(lib.resolve(jar)).ifPresent(p -> problems.add("lib/" + jar + " contains " + p + " (test tooling)"));
        }
        for (String jar : expected) {
            if (!jars.contains(jar)) {
                problems.add("runtime dependency " + jar + " is missing from lib/");
            }
        }
        for (String rootJar : names(artifact, ".jar")) {
            problems.add(rootJar + " sits at the artifact root (jars belong in lib/)");
        }
        try (Stream<Path> files = Files.walk(artifact)) {
            files.filter(Files::isRegularFile)
                    .map(f -> artifact.relativize(f).toString().replace(File.separatorChar, '/'))
                    .filter(f -> !f.startsWith("lib/"))
                    .filter(f -> TEST_CLASS.matcher(f).matches() || DENIED_PACKAGES.stream().anyMatch(f::startsWith))
                    .sorted()
                    .forEach(f -> problems.add(f + " at the artifact root looks like test code"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return problems;
    }

    /** File names of the classpath entries (dependency:build-classpath writes them path-separated). */
    static List<String> runtimeClasspath(Path file) {
        String text;
        try {
            text = Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (written by the package phase)", e);
        }
        List<String> names = new ArrayList<>();
        for (String entry : text.split(Pattern.quote(File.pathSeparator))) {
            if (!entry.isBlank()) {
                names.add(Path.of(entry.strip()).getFileName().toString());
            }
        }
        return names;
    }

    private static List<String> names(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.util.Optional<String> deniedPackage(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                for (String denied : DENIED_PACKAGES) {
                    if (name.startsWith(denied)) {
                        return java.util.Optional.of(denied);
                    }
                }
            }
            return java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.of("nothing readable (not a jar: " + e.getMessage() + ")");
        }
    }
}
