package com.leadpipe.mail;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Destination;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.RawMessage;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;
import software.amazon.awssdk.services.sesv2.model.LimitExceededException;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;

/** SESv2 SendEmail with a raw MIME message from {@link MimeWriter}. */
public final class SesMailSender implements MailSender {

    private final SesV2Client ses;
    private final String senderAddress;
    private final Optional<String> configurationSet;
    private final Clock clock;

    public SesMailSender(SesV2Client ses, String senderAddress, Optional<String> configurationSet) {
        this(ses, senderAddress, configurationSet, Clock.systemUTC());
    }

    public SesMailSender(SesV2Client ses, String senderAddress, Optional<String> configurationSet, Clock clock) {
        this.ses = ses;
        this.clock = clock;
        this.senderAddress = senderAddress;
        this.configurationSet = configurationSet;
    }

    @Override
    public String send(OutgoingEmail email) throws MailException {
        SendEmailRequest request = request(email);
        try {
            return ses.sendEmail(request).messageId();
        } catch (TooManyRequestsException | LimitExceededException e) {
            throw new MailException("SES throttled the send", true, e);
        } catch (SesV2Exception e) {
            boolean throttled = e.isThrottlingException()
                    || (e.getMessage() != null && e.getMessage().contains("Maximum sending rate exceeded"));
            String code = e.awsErrorDetails() == null ? "unknown" : e.awsErrorDetails().errorCode();
            throw new MailException("SES refused the send: " + code, throttled, e);
        } catch (SdkException e) {
            throw new MailException("SES could not be reached", false, e);
        }
    }

    /**
     * SnapStart priming: renders {@code sample} to the request {@link #send} would make, without
     * sending it, and makes one read-only SES call (the sender identity) so the client, its signer,
     * credentials and connection are ready.
     */
    public void prime(OutgoingEmail sample) {
        request(sample);
        try {
            ses.getEmailIdentity(r -> r.emailIdentity(senderAddress));
        } catch (NotFoundException domainVerifiedInstead) {
            // The address's domain is the verified identity: the call still warmed the client.
        }
    }

    private SendEmailRequest request(OutgoingEmail email) {
        // Raw MIME rather than SES "simple" content: one format for both parts and custom headers
        // (List-Unsubscribe) that every SES emulator stores and tests can read back.
        byte[] mime = MimeWriter.write(from(email.senderName(), senderAddress), email.to().value(), email.subject(),
                email.text(), email.html(), email.headers(), ZonedDateTime.now(clock), domainOf(senderAddress));
        SendEmailRequest.Builder request = SendEmailRequest.builder()
                .fromEmailAddress(senderAddress)
                .destination(Destination.builder().toAddresses(email.to().value()).build())
                .content(EmailContent.builder()
                        .raw(RawMessage.builder().data(SdkBytes.fromByteArrayUnsafe(mime)).build()).build());
        if (configurationSet.isPresent()) {
            request.configurationSetName(configurationSet.get());
        }
        return request.build();
    }

    private static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1);
    }

    /** RFC 5322 display name; MIME-encoded when not plain ASCII, as SES requires. */
    static String from(String name, String address) {
        if (name == null || name.isBlank()) {
            return address;
        }
        boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(name);
        String display = ascii ? "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
                : MimeWriter.encodeWord(name);
        return display + " <" + address + ">";
    }

}
