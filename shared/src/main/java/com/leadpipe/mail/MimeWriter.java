package com.leadpipe.mail;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a multipart/alternative (text + HTML) message in UTF-8. Hand-written on purpose: a mail
 * library costs hundreds of classes at Lambda cold start, and this needs only the two safe
 * encodings: base64 bodies and RFC 2047 encoded-word headers. Tests read the output back with a
 * full MIME parser (Jakarta Mail) to prove it is well-formed.
 */
public final class MimeWriter {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BODY = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII));

    private MimeWriter() {
    }

    /**
     * @param from    a complete From value, e.g. {@code "Name" <a@b.c>} (display name encoded already)
     * @param headers extra headers (e.g. List-Unsubscribe); values must be ASCII
     */
    public static byte[] write(String from, String to, String subject, String text, String html,
                               Map<String, String> headers, ZonedDateTime date, String messageIdDomain) {
        String boundary = "=_lp_" + HexFormat.of().formatHex(randomBytes(12));
        StringBuilder out = new StringBuilder(256 + text.length() * 2 + html.length() * 2);
        header(out, "From", from);
        header(out, "To", to);
        header(out, "Subject", encodeWord(subject));
        header(out, "Date", DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT).format(date));
        header(out, "Message-ID", "<" + HexFormat.of().formatHex(randomBytes(16)) + "@" + messageIdDomain + ">");
        header(out, "MIME-Version", "1.0");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            requireSafeHeader(h.getKey(), h.getValue());
            header(out, h.getKey(), h.getValue());
        }
        header(out, "Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
        out.append("\r\n");
        part(out, boundary, "text/plain; charset=UTF-8", text);
        part(out, boundary, "text/html; charset=UTF-8", html);
        out.append("--").append(boundary).append("--\r\n");
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** RFC 2047: plain ASCII stays readable, anything else becomes a base64 encoded-word. */
    public static String encodeWord(String value) {
        if (StandardCharsets.US_ASCII.newEncoder().canEncode(value) && !value.contains("=?")) {
            return value;
        }
        // Split so each encoded-word stays under 75 characters, never inside a character.
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int end = i;
            int bytes = 0;
            while (end < value.length()) {
                int cp = value.codePointAt(end);
                int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
                if (bytes + len > 39) { // 52 base64 chars: "Subject: " + word stays under 78
                    break;
                }
                bytes += len;
                end += Character.charCount(cp);
            }
            if (out.length() > 0) {
                out.append("\r\n ");
            }
            out.append("=?UTF-8?B?").append(Base64.getEncoder().encodeToString(
                    value.substring(i, end).getBytes(StandardCharsets.UTF_8))).append("?=");
            i = end;
        }
        return out.toString();
    }

    private static void part(StringBuilder out, String boundary, String contentType, String body) {
        out.append("--").append(boundary).append("\r\n");
        header(out, "Content-Type", contentType);
        header(out, "Content-Transfer-Encoding", "base64");
        out.append("\r\n");
        out.append(BODY.encodeToString(body.getBytes(StandardCharsets.UTF_8))).append("\r\n");
    }

    private static void header(StringBuilder out, String name, String value) {
        out.append(name).append(": ").append(value).append("\r\n");
    }

    private static void requireSafeHeader(String name, String value) {
        if (!name.matches("[A-Za-z0-9-]+") || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c > 0x7e)) {
            throw new IllegalArgumentException("unsafe header " + name);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
