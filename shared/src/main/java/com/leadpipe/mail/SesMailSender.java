package com.leadpipe.mail;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.Message;
import software.amazon.awssdk.services.sesv2.model.MessageHeader;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;
import software.amazon.awssdk.services.sesv2.model.LimitExceededException;

/** SESv2 SendEmail with simple content: SES builds the MIME, so no MIME library is loaded. */
public final class SesMailSender implements MailSender {

    private final SesV2Client ses;
    private final String senderAddress;
    private final Optional<String> configurationSet;

    public SesMailSender(SesV2Client ses, String senderAddress, Optional<String> configurationSet) {
        this.ses = ses;
        this.senderAddress = senderAddress;
        this.configurationSet = configurationSet;
    }

    @Override
    public String send(OutgoingEmail email) throws MailException {
        Message.Builder message = Message.builder()
                .subject(utf8(email.subject()))
                .body(Body.builder().text(utf8(email.text())).html(utf8(email.html())).build());
        if (!email.headers().isEmpty()) {
            message.headers(email.headers().entrySet().stream()
                    .map(h -> MessageHeader.builder().name(h.getKey()).value(h.getValue()).build()).toList());
        }
        SendEmailRequest.Builder request = SendEmailRequest.builder()
                .fromEmailAddress(from(email.senderName(), senderAddress))
                .destination(d -> d.toAddresses(email.to().value()))
                .content(EmailContent.builder().simple(message.build()).build());
        configurationSet.ifPresent(request::configurationSetName);
        try {
            return ses.sendEmail(request.build()).messageId();
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

    /** RFC 5322 display name; MIME-encoded when not plain ASCII, as SES requires. */
    static String from(String name, String address) {
        if (name == null || name.isBlank()) {
            return address;
        }
        boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(name);
        String display = ascii ? "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
                : "=?UTF-8?B?" + Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8)) + "?=";
        return display + " <" + address + ">";
    }

    private static Content utf8(String data) {
        return Content.builder().data(data).charset("UTF-8").build();
    }
}
