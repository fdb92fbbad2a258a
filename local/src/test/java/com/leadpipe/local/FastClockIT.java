package com.leadpipe.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** --clock-speed and the clock endpoints, and that every handler lives on that clock. */
class FastClockIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static RunningLocally local;

    @BeforeAll
    static void start() {
        local = RunningLocally.start(o -> o.withClockSpeed(1440));
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    static JsonNode clock() throws IOException {
        return JSON.readTree(local.get("/_local/clock").body());
    }

    @Test
    void aDayPassesInAMinute() throws IOException {
        JsonNode first = clock();
        long realStart = System.nanoTime();
        Instant before = Instant.parse(first.get("now").asText());

        // Real time passes until the clock has moved an hour: 2.5 s at 1440x.
        RunningLocally.eventually(Duration.ofSeconds(10), () -> {
            try {
                assertThat(Instant.parse(clock().get("now").asText())).isAfterOrEqualTo(before.plus(Duration.ofHours(1)));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        Duration real = Duration.ofNanos(System.nanoTime() - realStart);
        Duration simulated = Duration.between(before, Instant.parse(clock().get("now").asText()));

        assertThat(first.get("speed").asDouble()).isEqualTo(1440);
        assertThat(simulated).isLessThanOrEqualTo(real.plusSeconds(1).multipliedBy(1440));
    }

    @Test
    void jumpingAheadExpiresLinksAsTimeWould() throws IOException {
        String email = "grace-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        local.postForm("/c/demo/subscribe", "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&consent=yes");
        Matcher link = Pattern.compile(Pattern.quote(local.runner.url().toString()) + "/confirm\\?t=[A-Za-z0-9._-]+")
                .matcher(LocalRunnerIT.mailTo(local, email).get("text").asText());
        assertThat(link.find()).isTrue();
        Instant before = Instant.parse(clock().get("now").asText());

        HttpResponse<String> jumped = local.post("/_local/clock/advance?minutes=" + (49 * 60));

        assertThat(jumped.statusCode()).isEqualTo(200);
        assertThat(Instant.parse(JSON.readTree(jumped.body()).get("now").asText()))
                .isAfterOrEqualTo(before.plus(Duration.ofHours(49)));
        HttpResponse<String> expired = local.get(URI.create(link.group()));
        assertThat(expired.statusCode()).isEqualTo(410); // the demo's links live 48 hours
        assertThat(Jsoup.parse(expired.body()).selectFirst("h1").text()).isEqualTo("This link has expired");
        assertThat(local.post("/_local/clock/advance?minutes=-5").statusCode()).isEqualTo(400);
        assertThat(local.post("/_local/clock/advance").statusCode()).isEqualTo(400);
    }
}
