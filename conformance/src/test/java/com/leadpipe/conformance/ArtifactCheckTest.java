package com.leadpipe.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The artifact check on doctored directories: it must catch each way a test jar can slip in. */
class ArtifactCheckTest {

    @TempDir
    Path dir;
    Path artifact;
    Path classpathFile;

    @BeforeEach
    void aCleanArtifact() throws IOException {
        artifact = dir.resolve("lambda");
        Files.createDirectories(artifact.resolve("lib"));
        Files.createDirectories(artifact.resolve("com/leadpipe/functions/pages"));
        Files.write(artifact.resolve("com/leadpipe/functions/pages/PagesHandler.class"), new byte[] {1});
        jar("lib/leadpipe-shared-0.1.0-SNAPSHOT.jar", "com/leadpipe/store/LeadStore.class");
        jar("lib/sdk-core-2.57.8.jar", "software/amazon/awssdk/core/SdkBytes.class");
        classpath("leadpipe-shared-0.1.0-SNAPSHOT.jar", "sdk-core-2.57.8.jar");
    }

    @Test
    void aCleanArtifactPasses() {
        assertThat(ArtifactCheck.problems(artifact, classpathFile)).isEmpty();
    }

    @Test
    void aTestJarThatBecameARuntimeDependencyIsCaughtByName() throws IOException {
        // GIVEN a test-only dependency lost its test scope: it is on the runtime classpath and in lib/
        jar("lib/junit-jupiter-api-6.1.3.jar", "org/junit/jupiter/api/Test.class");
        jar("lib/aws-lambda-java-tests-1.1.2.jar", "com/amazonaws/services/lambda/runtime/tests/EventLoader.class");
        classpath("leadpipe-shared-0.1.0-SNAPSHOT.jar", "sdk-core-2.57.8.jar", "junit-jupiter-api-6.1.3.jar",
                "aws-lambda-java-tests-1.1.2.jar");

        assertThat(ArtifactCheck.problems(artifact, classpathFile))
                .anySatisfy(p -> assertThat(p).startsWith("lib/junit-jupiter-api-6.1.3.jar is test tooling"))
                .anySatisfy(p -> assertThat(p).startsWith("lib/aws-lambda-java-tests-1.1.2.jar is test tooling"));
    }

    @Test
    void testCodeUnderAnInnocentNameIsCaughtByContent() throws IOException {
        jar("lib/helpers-1.0.jar", "org/assertj/core/api/Assertions.class");
        classpath("leadpipe-shared-0.1.0-SNAPSHOT.jar", "sdk-core-2.57.8.jar", "helpers-1.0.jar");

        assertThat(ArtifactCheck.problems(artifact, classpathFile))
                .containsExactly("lib/helpers-1.0.jar contains org/assertj/ (test tooling)");
    }

    @Test
    void theSharedTestJarAndOtherModulesAreCaught() throws IOException {
        jar("lib/leadpipe-shared-0.1.0-SNAPSHOT-tests.jar", "com/leadpipe/testing/AwsEmulators.class");
        jar("lib/leadpipe-submit-0.1.0-SNAPSHOT.jar", "com/leadpipe/functions/submit/SubmitHandler.class");
        classpath("leadpipe-shared-0.1.0-SNAPSHOT.jar", "sdk-core-2.57.8.jar", "leadpipe-shared-0.1.0-SNAPSHOT-tests.jar",
                "leadpipe-submit-0.1.0-SNAPSHOT.jar");

        assertThat(ArtifactCheck.problems(artifact, classpathFile))
                .anySatisfy(p -> assertThat(p).startsWith("lib/leadpipe-shared-0.1.0-SNAPSHOT-tests.jar is test tooling"))
                .anySatisfy(p -> assertThat(p).startsWith("lib/leadpipe-shared-0.1.0-SNAPSHOT-tests.jar contains com/leadpipe/testing/"))
                .anySatisfy(p -> assertThat(p).startsWith("lib/leadpipe-submit-0.1.0-SNAPSHOT.jar is test tooling or banned"));
    }

    @Test
    void aJarNotOnTheRuntimeClasspathIsCaught() throws IOException {
        // GIVEN a jar left over from an earlier build, or copied from the test classpath
        jar("lib/commons-lang3-3.18.0.jar", "org/apache/commons/lang3/StringUtils.class");

        assertThat(ArtifactCheck.problems(artifact, classpathFile)).containsExactly(
                "lib/commons-lang3-3.18.0.jar is not on the module's resolved runtime classpath (left over or copied in)");
    }

    @Test
    void aMissingRuntimeJarIsCaught() throws IOException {
        Files.delete(artifact.resolve("lib/sdk-core-2.57.8.jar"));

        assertThat(ArtifactCheck.problems(artifact, classpathFile))
                .containsExactly("runtime dependency sdk-core-2.57.8.jar is missing from lib/");
    }

    @Test
    void testClassesAndJarsAtTheRootAreCaught() throws IOException {
        Files.write(artifact.resolve("com/leadpipe/functions/pages/PagesHandlerTest.class"), new byte[] {1});
        Files.createDirectories(artifact.resolve("com/leadpipe/testing"));
        Files.write(artifact.resolve("com/leadpipe/testing/MotoServer.class"), new byte[] {1});
        jar("assertj-core-3.27.7.jar", "org/assertj/core/api/Assertions.class");

        assertThat(ArtifactCheck.problems(artifact, classpathFile)).containsExactlyInAnyOrder(
                "assertj-core-3.27.7.jar sits at the artifact root (jars belong in lib/)",
                "com/leadpipe/functions/pages/PagesHandlerTest.class at the artifact root looks like test code",
                "com/leadpipe/testing/MotoServer.class at the artifact root looks like test code");
    }

    @Test
    void noLibDirectoryIsReported() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("unbuilt"));

        assertThat(ArtifactCheck.problems(empty, classpathFile)).singleElement()
                .satisfies(p -> assertThat(p).contains("has no lib/ directory"));
    }

    private void jar(String path, String entry) throws IOException {
        try (OutputStream out = Files.newOutputStream(artifact.resolve(path)); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(new byte[] {1});
            zip.closeEntry();
        }
    }

    /** Written as dependency:build-classpath does: absolute paths joined by the path separator. */
    private void classpath(String... jars) throws IOException {
        classpathFile = dir.resolve("lambda-runtime-classpath.txt");
        List<String> paths = java.util.Arrays.stream(jars).map(j -> "/root/.m2/repository/x/" + j).toList();
        Files.writeString(classpathFile, String.join(File.pathSeparator, paths));
    }
}
