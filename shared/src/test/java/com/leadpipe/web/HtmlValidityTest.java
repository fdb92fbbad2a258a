package com.leadpipe.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.mail.OutgoingEmail;
import com.leadpipe.testing.DesignSamples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every page type and the HTML part of every mail of the demo campaign, checked by the Nu Html
 * Checker (vnu.jar, the W3C validator's engine) from the {@code vnu-jar} npm package that
 * {@code .ci/run} installs into {@code .ci/web-checks/} without running its scripts. The samples
 * stay in {@code target/design/} for the browser test (axe-core, screenshots) and for people.
 */
class HtmlValidityTest {

    static final Path OUT = Path.of("target/design");
    static final Path VNU = Path.of(System.getProperty("leadpipe.vnu", "../.ci/web-checks/node_modules/vnu-jar/build/dist/vnu.jar"));

    @Test
    void everyPageAndMailIsValidHtml() throws IOException, InterruptedException {
        // GIVEN every page type and every mail, rendered by the production code
        DesignSamples.write(OUT);
        boolean ci = "true".equals(System.getenv("CI"));
        Assumptions.assumeTrue(ci || Files.isRegularFile(VNU), "the Nu Html Checker is not installed here: "
                + "npm ci --ignore-scripts --prefix .ci/web-checks (.ci/run does it; in CI this test fails instead)");

        // WHEN the Nu Html Checker reads them all
        Path report = OUT.resolve("vnu-report.txt");
        Process vnu = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", VNU.toString(), "--errors-only", "--skip-non-html", "--format", "gnu",
                OUT.resolve("pages").toString(), OUT.resolve("mails").toString())
                .redirectErrorStream(true).redirectOutput(report.toFile()).start();
        assertThat(vnu.waitFor(3, TimeUnit.MINUTES)).as("vnu finished").isTrue();

        // THEN there is not one error
        String errors = Files.readString(report, StandardCharsets.UTF_8);
        assertThat(errors).as("Nu Html Checker errors").isBlank();
        assertThat(vnu.exitValue()).isZero();
    }

    @Test
    void theLandingPageStaysSmallAndEveryMailIsAWholeDocument() {
        // GIVEN the landing page and the mails
        String landing = DesignSamples.pages().get("landing");
        Map<String, OutgoingEmail> mails = DesignSamples.mails();

        // THEN the page is under 30 KB before images, and each mail has its doctype, charset and title
        assertThat(landing.getBytes(StandardCharsets.UTF_8).length).isLessThan(30 * 1024);
        assertThat(mails).isNotEmpty().allSatisfy((name, mail) -> {
            assertThat(mail.html()).as(name).startsWith("<!doctype html>").contains("<meta charset=\"utf-8\">")
                    .containsPattern("<title>[^<]+</title>").contains("max-width:600px");
            assertThat(mail.text()).as(name).doesNotContainPattern("<[a-zA-Z/][^>]*>").doesNotContain("&amp;");
        });
    }
}
