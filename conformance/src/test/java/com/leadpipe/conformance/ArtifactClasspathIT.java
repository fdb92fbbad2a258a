package com.leadpipe.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.local.SamTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the runtime's class loader would see for each function of template.yaml: the artifact root
 * and lib/ of the directory sam build zips. No test-scope jar may be there (see {@link ArtifactCheck}).
 */
class ArtifactClasspathIT {

    final Path root = Path.of(System.getProperty("leadpipe.root", "..")).toAbsolutePath().normalize();

    @Test
    void everyFunctionsArtifactHoldsItsRuntimeClasspathAndNothingFromTests() {
        Artifacts artifacts = Artifacts.fromMakefile(root);
        List<SamTemplate.Function> functions = SamTemplate.load(root.resolve("template.yaml")).functions();
        assertThat(functions).isNotEmpty();

        for (SamTemplate.Function f : functions) {
            String id = f.logicalId();
            Path artifact = artifacts.artifact(id);
            assertThat(ArtifactCheck.problems(artifact, artifacts.runtimeClasspath(id))).as("%s (%s)", id, artifact).isEmpty();
            Path handler = artifact.resolve(f.handlerClass().replace('.', '/') + ".class");
            assertThat(Files.isRegularFile(handler)).as("%s: handler class at the artifact root (%s)", id, handler).isTrue();
        }
    }
}
