package com.leadpipe.local;

import static com.leadpipe.local.RunningLocally.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.leadpipe.email.EmailAddress;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.LeadpipeTable;
import com.leadpipe.store.Records.LeadStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's promise: with a data folder, signups and the links already mailed survive a
 * restart, although moto keeps DynamoDB in memory only (the runner saves its tables itself).
 */
class RestartIT {

    @TempDir
    Path dir;

    @Test
    void aSignupAndItsMailedLinkSurviveAStopAndStart() {
        Path data = dir.resolve("data");
        String email = "restart-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";

        // GIVEN a signup on a runner with a data folder, then a normal stop
        String token;
        try (RunningLocally first = RunningLocally.start(o -> o.withData(data))) {
            token = signUp(first, email);
        }

        // WHEN a new runner (a new, empty moto) starts on the same folder
        try (RunningLocally second = RunningLocally.start(o -> o.withData(data))) {

            // THEN the first run's link still confirms, and the lead is there
            assertThat(second.console()).containsPattern("restored [1-9][0-9]* items from " + Pattern.quote(data.toString()));
            assertConfirms(second, email, token);
        }
    }

    @Test
    void theTimerSavesWithoutAStopSoAKilledRunnerLosesOnlyTheLastSeconds() throws IOException {
        Path data = dir.resolve("running");
        Path afterKill = dir.resolve("after-kill");
        String email = "killed-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";

        try (RunningLocally running = RunningLocally.start(o -> o.withData(data))) {
            // GIVEN a signup on a runner that keeps running
            String token = signUp(running, email);

            // WHEN the timer has saved the signup's last write (no stop, no shutdown hook: what a kill -9 leaves behind)
            Path tables = data.resolve("tables.json");
            String table = running.runner.resources().tables().get("LeadsTable");
            eventually(Duration.ofSeconds(15), () -> assertThat(savedMailState(tables, table, email)).isEqualTo("SENT"));
            Files.createDirectories(afterKill);
            Files.copy(tables, afterKill.resolve("tables.json"));

            // THEN a runner started on that copy confirms the signup
            try (RunningLocally restarted = RunningLocally.start(o -> o.withData(afterKill))) {
                assertConfirms(restarted, email, token);
            }
        }
    }

    /** The pending signup's mailState in the saved tables (set after the mail went out: the signup's last write). */
    private static String savedMailState(Path tables, String table, String email) {
        if (!Files.exists(tables)) {
            return null;
        }
        String pk = LeadpipeTable.leadPk("demo", EmailAddress.tryParse(email).orElseThrow().key());
        try {
            for (JsonNode item : LocalRunnerIT.JSON.readTree(tables.toFile()).path("tables").path(table)) {
                if (item.path(LeadpipeTable.PK).path("S").asText().equals(pk)
                        && item.path(LeadpipeTable.SK).path("S").asText().equals(LeadpipeTable.SK_PENDING)) {
                    return item.path("mailState").path("S").asText(null);
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Signs up on the demo campaign; returns the token from the confirmation mail. */
    private static String signUp(RunningLocally local, String email) {
        HttpResponse<String> submitted = local.postForm("/c/demo/subscribe",
                "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&consent=yes");
        assertThat(submitted.statusCode()).isEqualTo(303);
        Matcher link = Pattern.compile("/confirm\\?t=([A-Za-z0-9._-]+)")
                .matcher(LocalRunnerIT.mailTo(local, email).get("text").asText());
        assertThat(link.find()).as("confirmation link").isTrue();
        return link.group(1);
    }

    private static void assertConfirms(RunningLocally local, String email, String token) {
        assertThat(local.get(URI.create(local.runner.url() + "/confirm?t=" + token)).statusCode()).isEqualTo(200);
        HttpResponse<String> confirmed = local.postForm("/confirm", "t=" + token);
        assertThat(confirmed.statusCode()).isEqualTo(303);
        assertThat(confirmed.headers().firstValue("location")).hasValueSatisfying(l -> assertThat(l).startsWith("/c/demo/confirmed"));
        LeadStore store = new LeadStore(local.runner.aws().clients().dynamoDb(), local.runner.resources().tables().get("LeadsTable"));
        assertThat(store.findLead("demo", EmailAddress.tryParse(email).orElseThrow().key()))
                .hasValueSatisfying(lead -> assertThat(lead.status()).isEqualTo(LeadStatus.CONFIRMED));
    }
}
