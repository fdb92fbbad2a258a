package com.leadpipe.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every function in template.yaml names its handler by class only. With {@code Class::method} the
 * Lambda Java runtime looks the method up and calls it by reflection on every invocation, and the
 * first reflective call after a SnapStart restore spins about ten method-handle classes (12 ms
 * against a 2 ms warm page, bench/snapstart). With the class alone it calls the
 * {@code RequestStreamHandler} / {@code RequestHandler} interface directly.
 */
class HandlerNamesTest {

    @Test
    void everyHandlerIsAClassNameWithoutAMethod() {
        // GIVEN the template as deployed
        SamTemplate template = SamTemplate.load(Repository.ROOT.resolve("template.yaml"));

        // WHEN listing each function's Handler
        List<String> withMethod = template.functions().stream()
                .filter(f -> f.handler().contains("::"))
                .map(f -> f.logicalId() + ": " + f.handler())
                .toList();

        // THEN none names a method, and there are functions to check
        assertThat(template.functions()).hasSizeGreaterThan(5);
        assertThat(withMethod).isEmpty();
    }
}
