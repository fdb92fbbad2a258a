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
                + "\"component\":\"test\",\"event\":\"signup.pending\",\"start\":\"init\",\"campaign\":\"demo\",\"attempt\":2,"
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
    void dropsEventsBelowTheThreshold() {
        Log quiet = new Log("test", lines::add, Log.Level.WARN, Clock.systemUTC());

        quiet.info("ignored");
        quiet.warn("kept");

        assertThat(lines).singleElement().asString().contains("\"event\":\"kept\"");
    }

    @Test
    void honoursEveryLevelLambdaAllows() {
        assertThat(Log.level("TRACE")).isEqualTo(Log.Level.TRACE);
        assertThat(Log.level("fatal")).isEqualTo(Log.Level.FATAL);
        assertThat(Log.level(null)).isEqualTo(Log.Level.INFO);
        assertThat(Log.level("LOUD")).isEqualTo(Log.Level.INFO);

        Log trace = new Log("test", lines::add, Log.Level.TRACE, Clock.systemUTC());
        trace.trace("t");
        trace.debug("d");
        Log fatalOnly = new Log("test", lines::add, Log.Level.FATAL, Clock.systemUTC());
        fatalOnly.error("e", null);
        fatalOnly.fatal("f", null);

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("\"level\":\"TRACE\"", "\"event\":\"t\"");
        assertThat(lines.get(1)).contains("\"level\":\"DEBUG\"");
        assertThat(lines.get(2)).contains("\"level\":\"FATAL\"", "\"event\":\"f\"");
    }

    @Test
    void linesCarryTheRequestIdAndHowTheContainerStarted() {
        log.info("during.init");
        log.invocation("req-1");
        log.info("first");
        log.invocation("req-2");
        log.info("second");
        log.restored();
        log.invocation("req-3");
        log.info("after.restore");
        log.invocation("req-4");
        log.info("later");

        assertThat(lines.get(0)).contains("\"start\":\"init\"").doesNotContain("requestId");
        assertThat(lines.get(1)).contains("\"requestId\":\"req-1\"", "\"start\":\"cold\"");
        assertThat(lines.get(2)).contains("\"requestId\":\"req-2\"", "\"start\":\"warm\"");
        assertThat(lines.get(3)).contains("\"requestId\":\"req-3\"", "\"start\":\"restored\"");
        assertThat(lines.get(4)).contains("\"requestId\":\"req-4\"", "\"start\":\"warm\"");
    }

    @Test
    void aRestoreBeforeAnyInvocationStillReportsTheFirstOneAsRestored() {
        log.restored();
        log.invocation("req-1");
        log.info("first");

        assertThat(lines).singleElement().asString().contains("\"start\":\"restored\"");
    }
}
