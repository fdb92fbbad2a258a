package com.leadpipe.functions.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.abuse.AbuseConfig;
import com.leadpipe.testing.Addresses;
import com.leadpipe.testing.ApiEvents;
import com.leadpipe.testing.AwsEmulators;
import com.leadpipe.testing.EmulatedBackend;
import com.leadpipe.testing.MutableClock;
import com.leadpipe.testing.Signups;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-IP signup limits against the emulators: over the hour's or the day's limit a signup gets
 * 429 with Retry-After, and nothing is stored (no pending item, no counted send) and nothing sent.
 */
class SignupLimitsIT {

    static final AwsEmulators AWS = EmulatedBackend.AWS;
    /** 10:20 UTC: the hour ends in 40 minutes, the day in 13 h 40 min. */
    static final Instant TEN_TWENTY = Instant.parse("2026-12-02T10:20:00Z");

    @RegisterExtension
    final EmulatedBackend backend = new EmulatedBackend("hello@leadpipe.test", "lim", "example.com");
    final MutableClock clock = new MutableClock(TEN_TWENTY);

    SubmitHandler handler(int perHour, int perDay, int trustedHops) {
        return backend.handler(SubmitHandler.class, clock,
                new AbuseConfig(perHour, perDay, trustedHops, 0, Optional.empty()));
    }

    static APIGatewayV2HTTPEvent from(APIGatewayV2HTTPEvent event, String peer, String forwardedFor) {
        event.getRequestContext().getHttp().setSourceIp(peer);
        event.getHeaders().put("x-forwarded-for", forwardedFor);
        return event;
    }

    static APIGatewayV2HTTPEvent form(String address, String peer) {
        return from(ApiEvents.subscribe("demo", ApiEvents.FORM, Signups.form(address, "&firstName=Ada&website=")),
                peer, peer);
    }

    boolean stored(String address) {
        return backend.store.load("demo", Addresses.key(address)).pending().isPresent();
    }

    boolean addressItemWritten(String address) {
        return !backend.item("ADDR#" + Addresses.key(address), "ADDR").isEmpty();
    }

    @Test
    void thirtySignupsFromOneIpBeyondTheHourlyLimitGet429WithRetryAfterAndNoMail() {
        SubmitHandler handler = handler(10, 50, 0);
        List<String> addresses = new ArrayList<>();
        List<APIGatewayV2HTTPResponse> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            addresses.add(Addresses.unique("victim" + i, "example.net"));
            answers.add(ApiEvents.invoke(handler, form(addresses.get(i), "198.51.100.23")));
        }

        for (int i = 0; i < 10; i++) {
            assertThat(answers.get(i).getStatusCode()).isEqualTo(303);
            assertThat(stored(addresses.get(i))).isTrue();
            assertThat(AWS.sentEmailsTo(addresses.get(i))).hasSize(1);
        }
        for (int i = 10; i < 30; i++) {
            APIGatewayV2HTTPResponse refused = answers.get(i);
            assertThat(refused.getStatusCode()).isEqualTo(429);
            assertThat(refused.getHeaders()).containsEntry("retry-after", "2400");
            assertThat(refused.getHeaders().get("content-type")).startsWith("text/html");
            assertThat(refused.getBody()).contains("Too many signups").contains("Nothing was stored")
                    .contains("40 minutes");
            assertThat(stored(addresses.get(i))).isFalse();
            assertThat(addressItemWritten(addresses.get(i))).isFalse();
            assertThat(AWS.sentEmailsTo(addresses.get(i))).isEmpty();
        }
        assertThat(backend.logs.text()).contains("signup.ip_limited").doesNotContain("198.51.100.23");
    }

    @Test
    void jsonClientsGetAJsonErrorAndTheNextHourIsOpenAgain() {
        SubmitHandler handler = handler(1, 50, 0);
        String first = Addresses.unique("a", "example.net");
        String second = Addresses.unique("b", "example.net");
        ApiEvents.invoke(handler, form(first, "198.51.100.24"));

        APIGatewayV2HTTPEvent json = from(ApiEvents.subscribeJson("demo",
                "{\"email\":\"" + second + "\",\"consent\":true}"), "198.51.100.24", "198.51.100.24");
        APIGatewayV2HTTPResponse refused = ApiEvents.invoke(handler, json);
        clock.advance(Duration.ofMinutes(40));
        APIGatewayV2HTTPResponse nextHour = ApiEvents.invoke(handler, form(second, "198.51.100.24"));

        assertThat(refused.getStatusCode()).isEqualTo(429);
        assertThat(refused.getHeaders().get("content-type")).startsWith("application/json");
        assertThat(refused.getBody()).contains("\"error\":\"rate_limited\"");
        assertThat(nextHour.getStatusCode()).isEqualTo(303);
        assertThat(AWS.sentEmailsTo(second)).hasSize(1);
    }

    @Test
    void theDailyLimitHoldsAcrossHoursAndSaysWhenTheDayEnds() {
        SubmitHandler handler = handler(2, 3, 0);
        List<Integer> statuses = new ArrayList<>();
        APIGatewayV2HTTPResponse last = null;
        for (int hour = 0; hour < 3; hour++) {
            for (int i = 0; i < 2; i++) {
                last = ApiEvents.invoke(handler, form(Addresses.unique("d", "example.net"), "198.51.100.25"));
                statuses.add(last.getStatusCode());
            }
            clock.advance(Duration.ofHours(1));
        }

        // 10:xx two, 11:xx one (the day's third) then refused, 12:xx refused
        assertThat(statuses).containsExactly(303, 303, 303, 429, 429, 429);
        // refused at 12:20: the day ends at midnight UTC, in 11 h 40 min
        assertThat(last.getHeaders()).containsEntry("retry-after", String.valueOf(11 * 3600 + 40 * 60));
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() {
        SubmitHandler handler = handler(1, 50, 0);

        int sameLine = ApiEvents.invoke(handler, form(Addresses.unique("v", "example.net"), "2001:db8:1:2::1"))
                .getStatusCode();
        int sameSlash64 = ApiEvents.invoke(handler, form(Addresses.unique("v", "example.net"), "2001:db8:1:2:ffff::9"))
                .getStatusCode();
        int otherSlash64 = ApiEvents.invoke(handler, form(Addresses.unique("v", "example.net"), "2001:db8:1:3::1"))
                .getStatusCode();

        assertThat(List.of(sameLine, sameSlash64, otherSlash64)).containsExactly(303, 429, 303);
    }

    @Test
    void forwardedForIsBelievedOnlyWhenTheStackSaysSo() {
        SubmitHandler untrusting = handler(1, 50, 0);
        // A script rotating X-Forwarded-For from one peer is still one client...
        int first = ApiEvents.invoke(untrusting, from(form(Addresses.unique("x", "example.net"), "198.51.100.26"),
                "198.51.100.26", "192.0.2.1, 198.51.100.26")).getStatusCode();
        int rotated = ApiEvents.invoke(untrusting, from(form(Addresses.unique("x", "example.net"), "198.51.100.26"),
                "198.51.100.26", "192.0.2.2, 198.51.100.26")).getStatusCode();
        // ...while behind one trusted proxy (CloudFront) the entry it appended is the client.
        SubmitHandler behindCdn = handler(1, 50, 1);
        int viewerA = ApiEvents.invoke(behindCdn, from(form(Addresses.unique("y", "example.net"), "130.176.0.1"),
                "130.176.0.1", "spoofed, 192.0.2.10, 130.176.0.1")).getStatusCode();
        int viewerB = ApiEvents.invoke(behindCdn, from(form(Addresses.unique("y", "example.net"), "130.176.0.1"),
                "130.176.0.1", "192.0.2.11, 130.176.0.1")).getStatusCode();
        int viewerAAgain = ApiEvents.invoke(behindCdn, from(form(Addresses.unique("y", "example.net"), "130.176.0.2"),
                "130.176.0.2", "192.0.2.10, 130.176.0.2")).getStatusCode();

        assertThat(List.of(first, rotated)).containsExactly(303, 429);
        assertThat(List.of(viewerA, viewerB, viewerAAgain)).containsExactly(303, 303, 429);
    }
}
