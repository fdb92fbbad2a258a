package com.leadpipe.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The emulators' sent-email JSON, as their source writes it, to {@link SentEmail}. LocalStack's
 * shape is only checked here: no Docker engine on the build machines to check it for real.
 */
class SentEmailStoresTest {

    @Test
    void motoSimpleAndRawMessages() {
        // GIVEN moto's data.json (only the ses part matters)
        String json = """
                {"ses": {
                  "Message": [
                    {"id": "m1", "source": "news@leadpipe.test", "subject": "Welcome",
                     "body": "<p>Hi</p>", "destinations": {"ToAddresses": ["a@example.com"],
                                                          "CcAddresses": ["c@example.com"]}},
                    {"id": "m2", "source": "news@leadpipe.test", "subject": "Plain",
                     "body": "Hi <https://example.com/u>", "destinations": {"ToAddresses": ["b@example.com"]}}
                  ],
                  "RawMessage": [
                    {"id": "m3", "source": "news@leadpipe.test",
                     "destinations": ["r@example.com", "r@example.com"],
                     "raw_data": "From: news@leadpipe.test\\r\\nTo: r@example.com\\r\\nSubject: Raw\\r\\nX-Campaign: spring\\r\\n\\r\\nbody"}
                  ]},
                 "sqs": {"Message": [{"body": "not an email"}]}}
                """;

        // WHEN
        List<SentEmail> emails = MotoServer.parseSentEmails(Net.parseJson(json));

        // THEN
        assertThat(emails).extracting(SentEmail::messageId).containsExactly("m1", "m2", "m3");
        SentEmail html = emails.get(0);
        assertThat(html.to()).containsExactly("a@example.com", "c@example.com");
        assertThat(html.html()).isEqualTo("<p>Hi</p>");
        assertThat(html.text()).isNull();
        SentEmail text = emails.get(1);
        assertThat(text.text()).isEqualTo("Hi <https://example.com/u>");
        assertThat(text.html()).isNull();
        SentEmail raw = emails.get(2);
        assertThat(raw.to()).containsExactly("r@example.com");
        assertThat(raw.subject()).isEqualTo("Raw");
        assertThat(raw.header("x-campaign")).isEqualTo("spring");
        assertThat(raw.text()).isEqualTo("body");
        assertThat(raw.sentAt()).isNull();
    }

    @Test
    void localStackSimpleAndRawMessages() {
        // GIVEN LocalStack's GET /_aws/ses
        String json = """
                {"messages": [
                  {"Id": "l1", "Region": "us-east-1", "Timestamp": "2025-03-01T10:15:30",
                   "Source": "news@leadpipe.test",
                   "Destination": {"ToAddresses": ["a@example.com"], "BccAddresses": ["audit@example.com"]},
                   "Subject": "Welcome", "Body": {"text_part": "Hi", "html_part": "<p>Hi</p>"}},
                  {"Id": "l2", "Region": "us-east-1", "Timestamp": "2025-03-01T10:15:31Z",
                   "Source": "news@leadpipe.test",
                   "RawData": "To: Ray <r@example.com>\\nSubject: Raw\\nList-Unsubscribe: <https://example.com/u>\\n\\nbody"}
                ]}
                """;

        // WHEN
        List<SentEmail> emails = LocalStackEmulator.parseSentEmails(Net.parseJson(json));

        // THEN
        SentEmail simple = emails.get(0);
        assertThat(simple.to()).containsExactly("a@example.com", "audit@example.com");
        assertThat(simple.text()).isEqualTo("Hi");
        assertThat(simple.html()).isEqualTo("<p>Hi</p>");
        assertThat(simple.sentAt()).isEqualTo(Instant.parse("2025-03-01T10:15:30Z"));
        SentEmail raw = emails.get(1);
        assertThat(raw.to()).containsExactly("r@example.com");
        assertThat(raw.subject()).isEqualTo("Raw");
        assertThat(raw.header("List-Unsubscribe")).isEqualTo("<https://example.com/u>");
        assertThat(raw.sentAt()).isEqualTo(Instant.parse("2025-03-01T10:15:31Z"));
        assertThat(raw.isAddressedTo("R@EXAMPLE.COM")).isTrue();
    }
}
