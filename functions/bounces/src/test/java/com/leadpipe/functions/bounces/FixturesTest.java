package com.leadpipe.functions.bounces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadpipe.feedback.SesNotification;
import com.leadpipe.feedback.SesNotification.Kind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The events/ fixtures read as Lambda would deliver them, and what each SES event says. */
class FixturesTest {

    static SesNotification event(String fixture) {
        SnsMessage message = TestSns.fixtureMessage(fixture);
        assertThat(message.type()).isEqualTo("Notification");
        assertThat(message.topicArn()).isEqualTo(TestSns.TOPIC);
        assertThat(message.subject()).isNull();
        assertThat(message.signatureVersion()).isEqualTo("2");
        assertThat(message.signingCertUrl()).startsWith("https://sns.eu-west-1.amazonaws.com/").endsWith(".pem");
        assertThat(message.signature()).isNotBlank();
        return SesNotification.parse(message.message());
    }

    @Test
    void permanentBounce() {
        SesNotification event = event("ses-bounce-permanent.json");

        assertThat(event.kind()).isEqualTo(Kind.PERMANENT_BOUNCE);
        assertThat(event.eventType()).isEqualTo("Bounce");
        assertThat(event.detail()).isEqualTo("Permanent/General");
        assertThat(event.recipients()).containsExactly("ada@example.com");
        assertThat(event.sesMessageId()).isEqualTo("0102019aafc3e1a7-5d0c2b84-6f1e-4a39-9c7d-2e8b51f04a6d-000000");
        assertThat(event.feedbackId()).isEqualTo("0102019aafc3e4c1-8a7b6c5d-4e3f-4a2b-8c1d-0e9f8a7b6c5d-000000");
        assertThat(event.at()).contains(Instant.parse("2026-11-23T10:16:26.512Z"));
    }

    @Test
    void transientBounce() {
        SesNotification event = event("ses-bounce-transient.json");

        assertThat(event.kind()).isEqualTo(Kind.TRANSIENT_BOUNCE);
        assertThat(event.detail()).isEqualTo("Transient/MailboxFull");
        assertThat(event.recipients()).containsExactly("lin@example.net");
        assertThat(event.feedbackId()).endsWith("-000000").isNotEqualTo(event.sesMessageId());
    }

    @Test
    void complaint() {
        SesNotification event = event("ses-complaint.json");

        assertThat(event.kind()).isEqualTo(Kind.COMPLAINT);
        assertThat(event.detail()).isEqualTo("abuse");
        assertThat(event.recipients()).containsExactly("grace@example.org");
        assertThat(event.at()).contains(Instant.parse("2026-11-23T15:42:07Z"));
    }

    @Test
    void delivery() {
        SesNotification event = event("ses-delivery.json");

        assertThat(event.kind()).isEqualTo(Kind.DELIVERY);
        assertThat(event.recipients()).containsExactly("alan@example.com");
        assertThat(event.at()).contains(Instant.parse("2026-11-23T10:19:51.733Z"));
    }

    @Test
    void payloadsThatAreNotSnsEventsAreRefused() {
        for (String payload : new String[] {"", "[]", "{}", "{\"Records\":[]}",
                "{\"Records\":[{\"EventSource\":\"aws:sqs\",\"body\":\"{}\"}]}",
                "{\"Records\":[{\"EventSource\":\"aws:sns\",\"EventSource\":\"aws:sns\"}]}"}) {
            assertThatThrownBy(() -> SnsEvents.parse(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8))))
                    .as(payload).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
