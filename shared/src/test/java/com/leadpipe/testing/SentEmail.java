package com.leadpipe.testing;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One email an emulator accepted, as read back from its store of sent messages.
 *
 * <p>What each emulator keeps differs; fields it does not keep are {@code null} (or empty):
 * <ul>
 *   <li><b>moto</b>, SESv2 {@code Simple} content: only ONE body part. moto stores the HTML part
 *       when there is one, else the text part; so with both parts sent, {@link #text()} is null.
 *       The stored part lands in {@link #html()} when it looks like markup, else in {@link #text()}.
 *       {@code Simple} headers ({@code Message.headers(...)}) are dropped, so {@link #headers()}
 *       is empty. No send time: {@link #sentAt()} is null.</li>
 *   <li><b>moto</b>, {@code Raw} content: the whole MIME message is kept, so every field but
 *       {@link #sentAt()} is filled from it.</li>
 *   <li><b>LocalStack</b>, {@code Simple}: both parts and the send time; no headers.
 *       {@code Raw}: parsed like moto's.</li>
 * </ul>
 *
 * @param messageId the id SES returned from SendEmail, to match a send with its email
 * @param from      the sender as given (may include a display name)
 * @param to        every recipient (To, Cc and Bcc), bare addresses, in order, no repeats
 * @param headers   header name to value; names as sent, at most one value per name (the last)
 */
public record SentEmail(
        String messageId,
        String from,
        List<String> to,
        String subject,
        String text,
        String html,
        Map<String, String> headers,
        Instant sentAt) {

    public SentEmail {
        to = List.copyOf(to);
        headers = Map.copyOf(headers);
    }

    /** The HTML part if there is one, else the text part: what moto keeps in every case. */
    public String body() {
        return html != null ? html : text;
    }

    /** A header by name, case-insensitive as in RFC 5322; null when absent. */
    public String header(String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    /** Whether {@code address} (bare, any case) is among the recipients. */
    public boolean isAddressedTo(String address) {
        String wanted = address.trim().toLowerCase(Locale.ROOT);
        return to.stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(wanted));
    }
}
