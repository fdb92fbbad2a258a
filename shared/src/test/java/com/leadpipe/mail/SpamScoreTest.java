package com.leadpipe.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.testing.DesignSamples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every mail the demo campaign sends, as the raw message SES gets, scored by SpamAssassin (Debian's
 * package, which {@code .ci/run} installs) with its local rules only: no network tests and no
 * Bayes, so what is scored is the message itself (headers, structure, HTML, links), not the
 * sender's reputation. Scores go to {@code target/design/spam-scores.txt}.
 */
class SpamScoreTest {

    static final double LIMIT = 0.5;
    static final Path SPAMASSASSIN = Path.of("/usr/bin/spamassassin");
    private static final Pattern STATUS = Pattern.compile("X-Spam-Status: \\w+, score=(-?[0-9.]+) required=[0-9.]+"
            + "\\s+tests=([^\\n]*(?:\\n\\s+[^\\n]*)*)");

    @Test
    void everyMailScoresAtMostHalfAPoint() throws IOException, InterruptedException {
        // GIVEN every mail of the demo as a whole message
        boolean ci = "true".equals(System.getenv("CI"));
        Assumptions.assumeTrue(ci || Files.isExecutable(SPAMASSASSIN),
                "SpamAssassin is not installed here: apt-get install -y spamassassin (.ci/run does; in CI this fails instead)");
        Map<String, Double> scores = new LinkedHashMap<>();
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, OutgoingEmail> mail : DesignSamples.mails().entrySet()) {
            // WHEN SpamAssassin checks it with its local rules
            Process sa = new ProcessBuilder(SPAMASSASSIN.toString(), "-L", "-t", "--cf=use_bayes 0")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            sa.getOutputStream().write(DesignSamples.mime(mail.getValue()));
            sa.getOutputStream().close();
            String checked = new String(sa.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace("\r", "");
            assertThat(sa.waitFor(2, TimeUnit.MINUTES)).isTrue();
            Matcher m = STATUS.matcher(checked);
            assertThat(m.find()).as("X-Spam-Status of " + mail.getKey()).isTrue();
            scores.put(mail.getKey(), Double.parseDouble(m.group(1)));
            report.append(String.format(java.util.Locale.ROOT, "%-24s %5s  %s%n", mail.getKey(), m.group(1),
                    m.group(2).replaceAll("\\s+", " ").replaceAll(" (autolearn|version)=.*", "").replace(" ", "")));
        }
        Files.createDirectories(Path.of("target/design"));
        Files.writeString(Path.of("target/design/spam-scores.txt"), report.toString(), StandardCharsets.UTF_8);

        // THEN none scores above the limit
        assertThat(scores).as(report.toString()).isNotEmpty().allSatisfy((name, score) ->
                assertThat(score).as(name).isLessThanOrEqualTo(LIMIT));
    }
}
