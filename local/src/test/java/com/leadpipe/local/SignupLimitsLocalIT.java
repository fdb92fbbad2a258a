package com.leadpipe.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The quick start, as a script would abuse it: 30 signups with distinct addresses from one IP
 * (loopback, which the runner passes as API Gateway's sourceIp) under the template's default
 * limits (SignupsPerIpHour 10). Beyond the limit every signup gets 429 with Retry-After, and
 * nothing reaches the mailbox for it.
 */
class SignupLimitsLocalIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static RunningLocally local;

    @BeforeAll
    static void start() {
        local = RunningLocally.start(o -> o);
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @Test
    void thirtySignupsFromOneIpBeyondTheHourlyLimitGet429AndNoMail() throws IOException {
        List<String> addresses = new ArrayList<>();
        List<HttpResponse<String>> answers = new ArrayList<>();
        long run = System.nanoTime();
        for (int i = 0; i < 30; i++) {
            String address = "victim" + i + "-" + run + "@example.net";
            addresses.add(address);
            answers.add(local.postForm("/c/demo/subscribe", "email=" + URLEncoder.encode(address, StandardCharsets.UTF_8)
                    + "&consent=yes&firstName=Ada&website="));
        }

        for (int i = 0; i < 10; i++) {
            assertThat(answers.get(i).statusCode()).as("signup " + i).isEqualTo(303);
        }
        for (int i = 10; i < 30; i++) {
            HttpResponse<String> refused = answers.get(i);
            assertThat(refused.statusCode()).as("signup " + i).isEqualTo(429);
            assertThat(refused.headers().firstValue("retry-after")).hasValueSatisfying(seconds ->
                    assertThat(Long.parseLong(seconds)).isBetween(1L, 3600L));
            assertThat(refused.body()).contains("Nothing was stored and no email was sent");
        }
        // the ten accepted get their mail; the twenty refused get none
        for (int i = 0; i < 10; i++) {
            LocalRunnerIT.mailTo(local, addresses.get(i));
        }
        Set<String> mailed = new HashSet<>();
        for (JsonNode mail : JSON.readTree(local.get("/_local/mail.json").body())) {
            mail.get("to").forEach(to -> mailed.add(to.asText()));
        }
        assertThat(mailed).doesNotContainAnyElementsOf(addresses.subList(10, 30));
        assertThat(local.console()).contains("signup.ip_limited").doesNotContain("127.0.0.1\"");
    }
}
