package com.leadpipe.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of a MIME reader to turn a raw email that an emulator kept (SES {@code Raw} content)
 * into {@link SentEmail} fields: top-level headers, the first text/plain and text/html parts
 * (through nested multiparts, skipping attachments), base64 and quoted-printable bodies, and
 * RFC 2047 encoded words in headers. The JDK has no MIME parser and Jakarta Mail is a heavy test
 * dependency for this; anything fancier (S/MIME, header parameters in RFC 2231 form) is not needed
 * to check the emails Leadpipe sends.
 */
final class RawEmail {

    private static final Pattern PARAMETER =
            Pattern.compile(";\\s*([A-Za-z0-9_.-]+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^;\\s]+))");
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?]+)\\?([BbQq])\\?([^?]*)\\?=");
    private static final Pattern BETWEEN_ENCODED_WORDS = Pattern.compile("(\\?=)\\s+(=\\?)");

    /** Top-level headers, decoded; text and html bodies, null when absent. */
    record Parsed(Map<String, String> headers, String text, String html) {

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
        }

        /** Bare addresses from the To, Cc and Bcc headers, in order. */
        List<String> recipients() {
            List<String> all = new ArrayList<>();
            for (String name : List.of("To", "Cc", "Bcc")) {
                String value = header(name);
                if (value != null) {
                    all.addAll(addressList(value));
                }
            }
            return all;
        }
    }

    private RawEmail() {
    }

    static Parsed parse(String raw) {
        Part root = Part.of(raw);
        Map<String, String> decoded = new LinkedHashMap<>();
        root.headers.forEach((name, value) -> decoded.put(name, decodeWords(value)));
        String[] bodies = new String[2];
        collectBodies(root, bodies);
        return new Parsed(decoded, bodies[0], bodies[1]);
    }

    /** Splits an address-list header and reduces each entry to its bare address. */
    static List<String> addressList(String value) {
        List<String> addresses = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean angled = false;
        for (char c : value.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angled = true;
            } else if (!quoted && c == '>') {
                angled = false;
            } else if (!quoted && !angled && c == ',') {
                addIfAddress(addresses, current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        addIfAddress(addresses, current.toString());
        return addresses;
    }

    /** "Name &lt;a@example.com&gt;" or "a@example.com" to "a@example.com". */
    static String bareAddress(String address) {
        String trimmed = address.trim();
        int open = trimmed.lastIndexOf('<');
        int close = trimmed.lastIndexOf('>');
        if (open >= 0 && close > open) {
            return trimmed.substring(open + 1, close).trim();
        }
        return trimmed;
    }

    /** Bare addresses, first occurrence kept: moto lists raw recipients twice (envelope and header). */
    static List<String> distinctBare(List<String> addresses) {
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        for (String address : addresses) {
            String bare = bareAddress(address);
            if (!bare.isEmpty() && seen.stream().noneMatch(s -> s.equalsIgnoreCase(bare))) {
                seen.add(bare);
            }
        }
        return List.copyOf(seen);
    }

    private static void addIfAddress(List<String> addresses, String entry) {
        String bare = bareAddress(entry);
        if (bare.contains("@")) {
            addresses.add(bare);
        }
    }

    private static void collectBodies(Part part, String[] bodies) {
        String type = part.mediaType();
        if (type.startsWith("multipart/")) {
            for (Part child : part.children()) {
                collectBodies(child, bodies);
            }
            return;
        }
        String disposition = part.header("Content-Disposition");
        if (disposition != null && disposition.trim().toLowerCase(Locale.ROOT).startsWith("attachment")) {
            return;
        }
        if (type.equals("text/plain") && bodies[0] == null) {
            bodies[0] = part.decodedBody();
        } else if (type.equals("text/html") && bodies[1] == null) {
            bodies[1] = part.decodedBody();
        }
    }

    static String decodeWords(String value) {
        String joined = BETWEEN_ENCODED_WORDS.matcher(value).replaceAll("$1$2");
        Matcher m = ENCODED_WORD.matcher(joined);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Charset charset = charset(m.group(1));
            String text = m.group(2).equalsIgnoreCase("B")
                    ? new String(Base64.getMimeDecoder().decode(m.group(3)), charset)
                    : quotedPrintable(m.group(3).replace('_', ' '), charset);
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String quotedPrintable(String encoded, Charset charset) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String text = encoded.replace("=\r\n", "").replace("=\n", "");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '=' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] encodedChar = String.valueOf(c).getBytes(charset);
                bytes.write(encodedChar, 0, encodedChar.length);
            }
        }
        return bytes.toString(charset);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private static Charset charset(String name) {
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name.trim());
        } catch (IllegalArgumentException unknown) {
            return StandardCharsets.UTF_8;
        }
    }

    /** One MIME entity: its headers (unfolded, last value wins) and its undecoded body. */
    private record Part(Map<String, String> headers, String body) {

        static Part of(String raw) {
            String text = raw.replace("\r\n", "\n");
            int split = text.indexOf("\n\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 2);
            Map<String, String> headers = new LinkedHashMap<>();
            String name = null;
            StringBuilder value = new StringBuilder();
            for (String line : head.split("\n")) {
                if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                    value.append(' ').append(line.strip()); // folded continuation
                    continue;
                }
                if (name != null) {
                    headers.put(name, value.toString());
                }
                int colon = line.indexOf(':');
                name = colon > 0 ? line.substring(0, colon).trim() : null;
                value.setLength(0);
                if (name != null) {
                    value.append(line.substring(colon + 1).strip());
                }
            }
            if (name != null) {
                headers.put(name, value.toString());
            }
            return new Part(headers, body);
        }

        String header(String wanted) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(wanted))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
        }

        /** Lower-cased type/subtype; text/plain when absent, as RFC 2045 says. */
        String mediaType() {
            String contentType = header("Content-Type");
            if (contentType == null || contentType.isBlank()) {
                return "text/plain";
            }
            int semicolon = contentType.indexOf(';');
            String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
            return type.trim().toLowerCase(Locale.ROOT);
        }

        String parameter(String wanted) {
            String contentType = header("Content-Type");
            if (contentType == null) {
                return null;
            }
            Matcher m = PARAMETER.matcher(contentType);
            while (m.find()) {
                if (m.group(1).equalsIgnoreCase(wanted)) {
                    return m.group(2) != null ? m.group(2) : m.group(3);
                }
            }
            return null;
        }

        List<Part> children() {
            String boundary = parameter("boundary");
            if (boundary == null) {
                return List.of();
            }
            String delimiter = "--" + boundary;
            List<Part> parts = new ArrayList<>();
            StringBuilder current = null;
            for (String line : body.split("\n", -1)) {
                if (line.startsWith(delimiter)) {
                    if (current != null) {
                        parts.add(Part.of(withoutLastNewline(current)));
                    }
                    if (line.startsWith(delimiter + "--")) {
                        return parts; // closing delimiter: the epilogue is not a part
                    }
                    current = new StringBuilder();
                } else if (current != null) {
                    current.append(line).append('\n');
                }
            }
            if (current != null) {
                parts.add(Part.of(withoutLastNewline(current)));
            }
            return parts;
        }

        String decodedBody() {
            Charset charset = charset(parameter("charset"));
            String encoding = header("Content-Transfer-Encoding");
            String kind = encoding == null ? "" : encoding.trim().toLowerCase(Locale.ROOT);
            return switch (kind) {
                case "base64" -> new String(Base64.getMimeDecoder().decode(body.strip()), charset);
                case "quoted-printable" -> quotedPrintable(body, charset);
                default -> body; // 7bit/8bit: moto and LocalStack hand the message over as text already
            };
        }

        // The line break before a boundary delimiter belongs to the delimiter (RFC 2046 5.1.1).
        private static String withoutLastNewline(StringBuilder sb) {
            int end = sb.length();
            if (end > 0 && sb.charAt(end - 1) == '\n') {
                end--;
            }
            return sb.substring(0, end);
        }
    }
}
