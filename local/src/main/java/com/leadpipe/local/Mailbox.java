package com.leadpipe.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.leadpipe.testing.SentEmail;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;

/**
 * Every email the local SES accepted, read back from the emulator (so mail sent by any client
 * shows up) and parsed as a mail client would. The emulators keep no send time, so it is taken
 * from the runner's clock when a function's send returns (the mail's time in the preview's fast
 * time), or when the mailbox first sees a mail it didn't watch being sent.
 */
public final class Mailbox {

    /** One email, as {@code /_local/mail.json} shows it. */
    public record Mail(String id, String from, List<String> to, String subject, String text, String html,
                       Map<String, String> headers, Instant sentAt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance)) // ISO-8601
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Supplier<List<SentEmail>> source;
    private final Clock clock;
    private final Map<String, Instant> sentAt = new ConcurrentHashMap<>();

    public Mailbox(Supplier<List<SentEmail>> source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    /**
     * {@code ses} with every accepted {@code SendEmail} noted (message id and time). A proxy, as
     * {@link SesV2Client} is an interface of some hundred methods, all passed through unchanged.
     */
    public SesV2Client recording(SesV2Client ses) {
        return (SesV2Client) Proxy.newProxyInstance(SesV2Client.class.getClassLoader(), new Class<?>[] {SesV2Client.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(ses, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof SendEmailResponse sent && sent.messageId() != null) {
                        sentAt.putIfAbsent(sent.messageId(), clock.instant());
                    }
                    return result;
                });
    }

    /** Newest first. */
    public List<Mail> mails() {
        List<SentEmail> sent = source.get();
        List<Mail> mails = new ArrayList<>(sent.size());
        for (SentEmail email : sent) {
            Instant at = email.sentAt() != null ? email.sentAt()
                    : sentAt.computeIfAbsent(email.messageId(), id -> clock.instant());
            mails.add(new Mail(email.messageId(), email.from(), email.to(), email.subject(), email.text(), email.html(),
                    email.headers(), at));
        }
        // Stable sort on the reversed list: among equal times, the later send comes first.
        List<Mail> newestFirst = new ArrayList<>(mails.reversed());
        newestFirst.sort(Comparator.comparing(Mail::sentAt).reversed());
        return newestFirst;
    }

    public Optional<Mail> find(String id) {
        return mails().stream().filter(m -> m.id().equals(id)).findFirst();
    }

    public String json() {
        try {
            return JSON.writeValueAsString(mails());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
