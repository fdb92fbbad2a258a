package com.leadpipe.local;

import static com.leadpipe.local.RunningLocally.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A marketer's preview of the demo's nurture sequence on a fast clock: the scheduler runs on the
 * runner's clock, the sender from its queue, and the mails arrive in the local mailbox in
 * sequence order, branched on the survey's temperature.
 */
class NurtureIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static RunningLocally local;

    @BeforeAll
    static void start() {
        // A minute per second: the every-minute scheduler runs every real second.
        local = RunningLocally.start(o -> o.withClockSpeed(60));
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @Test
    void aHotLeadGetsTheWelcomeThenTheReviewOfferThenTheCaseStudy() throws IOException {
        String email = "maya-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        local.postForm("/c/demo/subscribe", "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                + "&consent=yes&firstName=Maya");
        Matcher link = Pattern.compile(Pattern.quote(local.runner.url() + "/confirm?t=") + "([A-Za-z0-9._-]+)")
                .matcher(LocalRunnerIT.mailTo(local, email).get("text").asText());
        assertThat(link.find()).isTrue();
        HttpResponse<String> confirmed = local.postForm("/confirm", "t=" + link.group(1));
        String survey = confirmed.headers().firstValue("location").orElseThrow().replaceFirst(".*[?&]s=", "").replaceFirst("&.*", "");
        HttpResponse<String> answered = local.postForm("/c/demo/survey",
                "t=" + survey + "&q.stage=launched&q.urgency=5&q.budget=large");
        assertThat(answered.statusCode()).isEqualTo(303);

        // Day 0: the welcome step, due at once
        eventually(Duration.ofSeconds(20), () -> assertThat(subjectsTo(email))
                .containsExactly("Your Lean Launch Checklist is here", "Please confirm your email to get the checklist"));

        // Two days on: hot, so the review offer and not the basics
        local.post("/_local/clock/advance?minutes=" + 2 * 24 * 60);
        eventually(Duration.ofSeconds(20), () -> assertThat(subjectsTo(email)).first()
                .isEqualTo("Want a free 20-minute launch review?"));

        // Three more days: the case study, for everyone
        local.post("/_local/clock/advance?minutes=" + 3 * 24 * 60);
        eventually(Duration.ofSeconds(20), () -> assertThat(subjectsTo(email)).first()
                .isEqualTo("How Maya found her first 100 customers"));

        List<JsonNode> mails = mailsTo(email);
        assertThat(mails.stream().map(m -> m.get("subject").asText())).doesNotContain("The one thing to validate first");
        Instant welcome = Instant.parse(mails.get(3).get("sentAt").asText());
        Instant caseStudy = Instant.parse(mails.get(0).get("sentAt").asText());
        assertThat(Duration.between(welcome, caseStudy)).isGreaterThanOrEqualTo(Duration.ofDays(5));
        // Nurture mail links lead back here: one-click unsubscribe on the local server
        assertThat(mails.get(0).get("headers").get("List-Unsubscribe").asText()).contains(local.runner.url() + "/");

        // The review offer's hand-raise link works here too: GET shows the form, POST thanks and records it
        java.util.regex.Matcher talk = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(String.valueOf(local.runner.url()))
                + "(/c/demo/talk\\?t=[A-Za-z0-9._-]+)").matcher(mails.get(1).get("text").asText());
        assertThat(talk.find()).as("hand-raise link in the review offer").isTrue();
        assertThat(local.get(talk.group(1)).body()).contains("name=\"channel\"");
        HttpResponse<String> raised = local.postForm("/c/demo/talk", talk.group(1).replaceFirst(".*\\?", "")
                + "&channel=email");
        assertThat(raised.statusCode()).isEqualTo(200);
        assertThat(raised.body()).contains("be in touch").doesNotContain(email);
    }

    static List<JsonNode> mailsTo(String email) {
        List<JsonNode> found = new ArrayList<>();
        try {
            JSON.readTree(local.get("/_local/mail.json").body()).forEach(m -> m.get("to").forEach(to -> {
                if (to.asText().equals(email)) {
                    found.add(m);
                }
            }));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return found;
    }

    /** Newest first, as the mailbox lists them. */
    static List<String> subjectsTo(String email) {
        return mailsTo(email).stream().map(m -> m.get("subject").asText()).toList();
    }
}
