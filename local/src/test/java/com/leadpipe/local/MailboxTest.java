package com.leadpipe.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadpipe.testing.SentEmail;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;

class MailboxTest {

    final FastClock clock = new FastClock(Instant.parse("2026-01-01T00:00:00Z"), 1);
    final List<SentEmail> store = new ArrayList<>();
    final Mailbox mailbox = new Mailbox(() -> List.copyOf(store), clock);

    /** An SES that "accepts" every mail into {@link #store}, like an emulator. */
    SesV2Client emulatedSes() {
        return (SesV2Client) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SesV2Client.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("sendEmail") && args[0] instanceof SendEmailRequest r) {
                        String id = "m" + store.size();
                        store.add(new SentEmail(id, r.fromEmailAddress(), r.destination().toAddresses(), "subject " + id,
                                "text", null, Map.of(), null));
                        return SendEmailResponse.builder().messageId(id).build();
                    }
                    if (method.getName().equals("sendEmail")) {
                        return InvocationHandler.invokeDefault(proxy, method, args); // builds the request, as the SDK does
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void sendTimesComeFromTheRunnersClockAndTheNewestIsFirst() {
        SesV2Client ses = mailbox.recording(emulatedSes());

        ses.sendEmail(r -> r.fromEmailAddress("a@x.test").destination(d -> d.toAddresses("b@x.test")));
        Instant first = clock.instant();
        clock.advance(Duration.ofDays(3));
        ses.sendEmail(SendEmailRequest.builder().fromEmailAddress("a@x.test").destination(d -> d.toAddresses("c@x.test")).build());

        List<Mailbox.Mail> mails = mailbox.mails();
        assertThat(mails).extracting(Mailbox.Mail::id).containsExactly("m1", "m0");
        assertThat(mails.get(0).sentAt()).isAfterOrEqualTo(first.plus(Duration.ofDays(3)));
        assertThat(mails.get(1).sentAt()).isBefore(first.plusSeconds(5));
        assertThat(mailbox.json()).contains("\"sentAt\" : \"2026-01-0").contains("\"to\" : [ \"c@x.test\" ]");
    }

    @Test
    void mailSentByOtherClientsGetsTheTimeItWasFirstSeen() {
        store.add(new SentEmail("other", "a@x.test", List.of("b@x.test"), "s", "t", null, Map.of(), null));

        Instant seen = mailbox.mails().get(0).sentAt();
        clock.advance(Duration.ofHours(1));

        assertThat(mailbox.find("other").orElseThrow().sentAt()).isEqualTo(seen);
    }
}
