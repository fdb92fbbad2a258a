package com.leadpipe.testing;

import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** A raw MIME message read back with Jakarta Mail: an independent check that what we send is well-formed. */
public record MimeMail(String from, List<String> to, String subject, String text, String html,
                       Map<String, String> headers) {

    /** Raw message text as emulators store it (ASCII on the wire). */
    public static MimeMail parse(String raw) {
        return parse(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A header by name, case-insensitive as in RFC 5322; null when absent. */
    public String header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    /** Bare addresses, first occurrence kept: moto lists raw recipients twice (envelope and header). */
    static List<String> distinctBare(List<String> addresses) {
        java.util.LinkedHashSet<String> seen = new java.util.LinkedHashSet<>();
        for (String address : addresses) {
            String bare = address.trim();
            int open = bare.lastIndexOf('<');
            int close = bare.lastIndexOf('>');
            if (open >= 0 && close > open) {
                bare = bare.substring(open + 1, close).trim();
            }
            String b = bare;
            if (b.contains("@") && seen.stream().noneMatch(s -> s.equalsIgnoreCase(b))) {
                seen.add(b);
            }
        }
        return List.copyOf(seen);
    }

    public static MimeMail parse(byte[] raw) {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
            String text = null;
            String html = null;
            Object content = message.getContent();
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart part = multipart.getBodyPart(i);
                    if (part.isMimeType("text/plain")) {
                        text = (String) part.getContent();
                    } else if (part.isMimeType("text/html")) {
                        html = (String) part.getContent();
                    }
                }
            } else if (message.isMimeType("text/html")) {
                html = (String) content;
            } else {
                text = String.valueOf(content);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (Enumeration<Header> e = message.getAllHeaders(); e.hasMoreElements(); ) {
                Header h = e.nextElement();
                headers.put(h.getName(), h.getValue());
            }
            String from = null;
            if (message.getFrom() != null && message.getFrom().length > 0) {
                InternetAddress sender = (InternetAddress) message.getFrom()[0];
                from = sender.getPersonal() == null ? sender.getAddress()
                        : sender.getPersonal() + " <" + sender.getAddress() + ">";
            }
            return new MimeMail(from,
                    Arrays.stream(Optional.ofNullable(message.getAllRecipients()).orElse(new jakarta.mail.Address[0])).map(a -> ((InternetAddress) a).getAddress()).toList(),
                    message.getSubject(), text, html, headers);
        } catch (MessagingException | IOException e) {
            throw new AssertionError("not a well-formed MIME message", e);
        }
    }
}
