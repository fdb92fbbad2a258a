package com.leadpipe.subscribe;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignReader;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignupFormTest {

    static final Campaign CAMPAIGN = CampaignReader.fromYaml("test.yaml", """
            id: t
            title: T
            sender: {name: T}
            consent: {version: "2026-01", text: Yes}
            page: {headline: H}
            fields:
              - {name: firstName, label: First name, maxLength: 5}
              - {name: size, label: Team size, type: number, min: 1, max: 50, required: true}
              - {name: plan, label: Plan, type: choice, options: [Free, Pro]}
              - {name: site, label: Website, type: url}
              - {name: phone, label: Phone, type: tel}
            confirmation: {subject: S, text: "{{confirmUrl}}", html: "{{confirmUrl}}"}
            thanks: {headline: T}
            confirmed: {headline: C}
            """);
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    static Map<String, String> valid() {
        Map<String, String> v = new HashMap<>();
        v.put("email", " Ada@Example.com ");
        v.put("consent", "on");
        v.put("size", "12");
        v.put("firstName", " Ada ");
        return v;
    }

    @Test
    void validSignupKeepsFilledFieldsAndConsentEvidence() {
        var result = SignupForm.check(CAMPAIGN, valid(), NOW, "203.0.113.9", "Mozilla/5.0");

        assertThat(result).isInstanceOfSatisfying(SignupForm.Valid.class, v -> {
            assertThat(v.signup().email().value()).isEqualTo("Ada@example.com");
            assertThat(v.signup().fields()).containsExactlyInAnyOrderEntriesOf(Map.of("firstName", "Ada", "size", "12"));
            assertThat(v.signup().evidence()).isEqualTo(new Signup.ConsentEvidence(NOW, "203.0.113.9", "Mozilla/5.0",
                    "2026-01", "Yes"));
        });
    }

    @Test
    void filledHoneypotIsRecognisedBeforeAnythingElse() {
        Map<String, String> values = Map.of("website", "http://spam.example");

        assertThat(SignupForm.check(CAMPAIGN, values, NOW, "ip", "ua")).isInstanceOf(SignupForm.Honeypot.class);
    }

    @Test
    void everyBadFieldGetsItsOwnMessage() {
        Map<String, String> values = Map.of("email", "nope", "consent", "no", "firstName", "Adalbert",
                "size", "51", "plan", "Enterprise", "site", "javascript:alert(1)", "phone", "call me");

        var result = SignupForm.check(CAMPAIGN, values, NOW, "ip", "ua");

        assertThat(result).isInstanceOfSatisfying(SignupForm.Invalid.class, i -> assertThat(i.errors())
                .containsEntry("email", "Enter an email address like name@example.com.")
                .containsEntry("consent", "Please tick the box to agree to receive our emails.")
                .containsEntry("firstName", "First name must be at most 5 characters.")
                .containsEntry("size", "Team size must be at most 50.")
                .containsEntry("plan", "Plan must be one of the listed choices.")
                .containsEntry("site", "Website must be a web address starting with https://.")
                .containsEntry("phone", "Phone must be a phone number."));
    }

    @Test
    void missingRequiredAndControlCharactersAreRefused() {
        Map<String, String> values = valid();
        values.remove("size");
        values.put("firstName", "A\u0000b");

        var result = SignupForm.check(CAMPAIGN, values, NOW, "ip", "ua");

        assertThat(result).isInstanceOfSatisfying(SignupForm.Invalid.class, i -> assertThat(i.errors())
                .containsOnlyKeys("size", "firstName")
                .containsEntry("size", "Team size is required.")
                .containsEntry("firstName", "First name has characters that can't be used."));
    }

    @Test
    void consentMustBeAffirmative() {
        for (String yes : new String[] {"yes", "on", "true", "1", "YES"}) {
            Map<String, String> v = valid();
            v.put("consent", yes);
            assertThat(SignupForm.check(CAMPAIGN, v, NOW, "ip", "ua")).isInstanceOf(SignupForm.Valid.class);
        }
        for (String no : new String[] {"", "false", "no", "0"}) {
            Map<String, String> v = valid();
            v.put("consent", no);
            assertThat(SignupForm.check(CAMPAIGN, v, NOW, "ip", "ua")).isInstanceOf(SignupForm.Invalid.class);
        }
    }
}
