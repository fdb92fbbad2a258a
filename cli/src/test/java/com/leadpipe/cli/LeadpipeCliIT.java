package com.leadpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.admin.LeadCsv;
import com.leadpipe.email.EmailAddress;
import com.leadpipe.local.LocalRunner;
import com.leadpipe.local.Mailbox;
import com.leadpipe.local.Options;
import com.leadpipe.store.SuppressionStore;
import com.leadpipe.testing.Addresses;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start's "done when": a few signups, confirmations and a survey on the local runner,
 * then {@code leadpipe --local ...} shows exactly those counts, exports the confirmed leads as CSV
 * and erases a person.
 */
class LeadpipeCliIT {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Pattern CONFIRM = Pattern.compile("http://[^\\s\"<>]+/confirm\\?t=([A-Za-z0-9._-]+)");
    static final Pattern SURVEY = Pattern.compile("[?&]s=([A-Za-z0-9._-]+)");
    static LocalRunner runner;
    static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static final String ada = Addresses.unique("ada", "example.org");
    static final String grace = Addresses.unique("grace", "example.org");
    static final String alan = Addresses.unique("alan", "example.org");

    record Run(int exit, String out, String err) {
    }

    static Run leadpipe(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--local";
        all[1] = runner.url().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int exit = Leadpipe.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(exit, out.toString(), err.toString());
    }

    static HttpResponse<String> post(String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(runner.url().resolve(path))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void signUp(String email) throws Exception {
        assertThat(post("/c/demo/subscribe", "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                + "&consent=yes&firstName=Test").statusCode()).isEqualTo(303);
    }

    static String confirm(String email) throws Exception {
        String text = runner.mailbox().mails().stream().filter(m -> m.to().contains(email)).map(Mailbox.Mail::text)
                .reduce((a, b) -> b).orElseThrow();
        Matcher link = CONFIRM.matcher(text);
        assertThat(link.find()).isTrue();
        HttpResponse<String> confirmed = post("/confirm", "t=" + link.group(1));
        assertThat(confirmed.statusCode()).isEqualTo(303);
        return confirmed.headers().firstValue("location").orElseThrow();
    }

    @BeforeAll
    static void quickStart() throws Exception {
        PrintStream console = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        runner = LocalRunner.start(Options.defaults().inMemory().withPort(0)
                .withTemplate(ROOT.resolve("template.yaml")).withCampaigns(ROOT.resolve("campaigns")), console);
        signUp(ada);
        signUp(grace);
        signUp(alan);
        String adaSurvey = confirm(ada);
        confirm(grace);
        Matcher s = SURVEY.matcher(adaSurvey);
        assertThat(s.find()).as(adaSurvey).isTrue();
        assertThat(post("/c/demo/survey", "t=" + s.group(1) + "&q.stage=launched&q.urgency=5&q.budget=large")
                .statusCode()).isLessThan(400);
        // Four visits of the landing page (and one crawler, which is no visit)
        for (int i = 0; i < 4; i++) {
            assertThat(http.send(HttpRequest.newBuilder(runner.url().resolve("/c/demo?utm_source=cli-test")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        }
        http.send(HttpRequest.newBuilder(runner.url().resolve("/c/demo")).header("user-agent", "Googlebot/2.1").build(),
                HttpResponse.BodyHandlers.discarding());
        // Grace's address bounces: the bounce function's write (SNS has no local source); the
        // runner's stream poller hands the change to the lead-events function, which counts it.
        new SuppressionStore(runner.aws().clients().dynamoDb(), runner.resources().tables().get("LeadsTable"))
                .suppress(EmailAddress.tryParse(grace).orElseThrow().key(), SuppressionStore.Reason.BOUNCE,
                        Instant.now(), "f-cli");
        awaitFunnel("bounced +\\|#{10} {30}\\| 1");
    }

    /** The stream is polled as Lambda polls it: the count arrives within seconds, not at once. */
    static void awaitFunnel(String pattern) throws InterruptedException {
        Pattern expected = Pattern.compile(pattern);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = leadpipe("funnel", "demo").out();
            if (expected.matcher(last).find()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the funnel never showed " + pattern + ":\n" + last);
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    @Test
    void funnelShowsExactlyWhatHappenedAsATableAndBars() {
        Run funnel = leadpipe("funnel", "demo");

        assertThat(funnel.exit()).as(funnel.err()).isZero();
        assertThat(funnel.out()).containsPattern("views +\\|#{40}\\| 4")
                .containsPattern("signups +\\|#{30} {10}\\| 3")
                .containsPattern("confirmed +\\|#{20} {20}\\| 2")
                .containsPattern("engaged +\\|#{10} {30}\\| 1")
                .containsPattern("unsubscribed +\\| {40}\\| 0")
                .containsPattern("bounced +\\|#{10} {30}\\| 1")
                .contains("views->signups", "75.0%", "signups->confirmed", "66.7%");
        Run campaigns = leadpipe("campaigns");
        assertThat(campaigns.out()).containsPattern("demo .* 4 +3 +2 +1 +\\d+ +0 +0 +1");
    }

    @Test
    void leadsCsvWritesTheConfirmedLeads(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.csv");

        Run run = leadpipe("leads", "demo", "--csv", out.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Wrote 2 lead(s)");
        assertThat(run.err()).contains("100%");
        List<List<String>> rows = LeadCsv.parse(Files.readString(out));
        int email = LeadCsv.columns(rows.get(0)).get("email");
        assertThat(rows.subList(1, rows.size())).extracting(r -> r.get(email)).containsExactlyInAnyOrder(ada, grace);
        assertThat(leadpipe("leads", "demo", "--temperature", "hot").out()).contains(ada).doesNotContain(grace);
    }

    @Test
    void leadShowsTheLedgerAndUnknownThingsExitWithNotFound() {
        Run lead = leadpipe("lead", grace);
        assertThat(lead.exit()).isZero();
        assertThat(lead.out()).contains("demo: confirmed", "subscribed", "confirmed");

        Run unknown = leadpipe("funnel", "nope");
        assertThat(unknown.exit()).isEqualTo(Leadpipe.NOT_FOUND);
        assertThat(unknown.err()).contains("There is no campaign 'nope'.");
        assertThat(leadpipe("lead", "not-an-address").exit()).isEqualTo(Leadpipe.FAILED);
        assertThat(Leadpipe.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "campaigns"))
                .as("no --local, --url or --stack").isEqualTo(2);
    }

    @Test
    void privacyExportThenEraseAsksFirstAndLeavesNothing() {
        Run export = leadpipe("privacy", "export", alan);
        assertThat(export.exit()).isZero();
        assertThat(export.out()).contains(alan, "\"pending\"");

        PrivacyCommands.PrivacyErase.answers = new ByteArrayInputStream("no\n".getBytes(StandardCharsets.UTF_8));
        Run cancelled = leadpipe("privacy", "erase", alan);
        assertThat(cancelled.exit()).isEqualTo(Leadpipe.CANCELLED);
        assertThat(leadpipe("privacy", "export", alan).out()).contains("\"pending\":{");

        PrivacyCommands.PrivacyErase.answers = new ByteArrayInputStream("yes\n".getBytes(StandardCharsets.UTF_8));
        Run erased = leadpipe("privacy", "erase", alan);
        assertThat(erased.exit()).as(erased.err()).isZero();
        assertThat(erased.out()).contains("Erased");
        assertThat(leadpipe("privacy", "erase", alan, "--yes").out()).contains("was erased before");
        assertThat(leadpipe("lead", alan).exit()).isEqualTo(Leadpipe.NOT_FOUND);
    }
}
