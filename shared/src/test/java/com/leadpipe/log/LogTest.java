package com.leadpipe.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;

class LogTest {

    final List<String> lines = new ArrayList<>();
    final Log log = new Log("test", lines::add, Log.Level.INFO,
            Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void writesOneJsonObjectPerEvent() {
        log.info("signup.pending", "campaign", "demo", "attempt", 2, "throttled", false);

        assertThat(lines).containsExactly("{\"timestamp\":\"2026-11-23T10:00:00Z\",\"level\":\"INFO\","
                + "\"component\":\"test\",\"event\":\"signup.pending\",\"campaign\":\"demo\",\"attempt\":2,"
                + "\"throttled\":false}");
    }

    @Test
    void errorsCarryTheAwsCodeButNeverTheMessage() {
        // SES quotes the recipient in this message: it must not reach the logs.
        MessageRejectedException rejected = (MessageRejectedException) MessageRejectedException.builder()
                .message("Email address is not verified: ada@example.com")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("MessageRejected").build())
                .build();

        log.error("confirmation.send_failed", new RuntimeException("wrapped ada@example.com", rejected));

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("\"awsErrorCode\":\"MessageRejected\"", "\"level\":\"ERROR\"")
                .doesNotContain("ada@example.com");
    }

    @Test
    void escapesValuesSoEveryLineStaysOneValidJsonObject() throws Exception {
        log.info("odd", "value", "quote \" backslash \\ newline \n tab \t bell \u0007 é");

        var parsed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(0));
        assertThat(lines.get(0)).doesNotContain("\n\n").hasLineCount(1);
        assertThat(parsed.get("value").asText()).isEqualTo("quote \" backslash \\ newline \n tab \t bell \u0007 é");
    }

    @Test
    void everyLineParsesBackWithJacksonToTheSameValues() throws Exception {
        String[] values = {
            "plain", "quote \" backslash \\ slash /", "controls \u0000 \u0001 \b \f \u001f \u007f end",
            "non-ASCII: é ß 日本語 😀", "separators \u2028 \u2029", "lone high \ud800 here", "lone low \udc00 here",
            "reversed pair \udc00\ud800", "pair at the end \ud83d\ude00", ""};
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String value : values) {
            lines.clear();
            log.info("odd", "value", value, "name \"with\" quotes", "x", "n", 42L, "ok", true);

            var parsed = mapper.readTree(lines.get(0));
            assertThat(lines.get(0)).as(value).hasLineCount(1);
            assertThat(parsed.get("value").asText()).as(value).isEqualTo(value);
            assertThat(parsed.get("name \"with\" quotes").asText()).isEqualTo("x");
            assertThat(parsed.get("n").asLong()).isEqualTo(42L);
            assertThat(parsed.get("ok").asBoolean()).isTrue();
            assertThat(parsed.get("event").asText()).isEqualTo("odd");
        }
    }

    @Test
    void dropsEventsBelowTheThreshold() {
        Log quiet = new Log("test", lines::add, Log.Level.WARN, Clock.systemUTC());

        quiet.info("ignored");
        quiet.warn("kept");

        assertThat(lines).singleElement().asString().contains("\"event\":\"kept\"");
    }
}
