package com.leadpipe.email;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A syntactically valid, normalised email address.
 *
 * <p>Normalisation: surrounding white space trimmed; the domain lower-cased and, if
 * internationalised, converted to its ASCII (punycode) form by UTS #46 nontransitional processing
 * (IDNA2008: {@code straße.de} is {@code xn--strae-oqa.de}; see {@link Idna}), which is what mail servers use; the
 * local part kept as typed (RFC 5321 lets servers treat case as significant). Identity for
 * de-duplication and caps is case-insensitive: see {@link #key()}.
 *
 * @param value the address to send to, e.g. {@code Ada.Lovelace@xn--bcher-kva.example}
 */
public record EmailAddress(String value) {

    public static final int MAX_LENGTH = 254;
    static final int MAX_LOCAL_LENGTH = 64;
    // RFC 5322 dot-atom; quoted local parts are legal but in practice only used by abusers.
    private static final Pattern LOCAL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    /** Why an address was refused; the message is safe to show to the person who typed it. */
    public static final class InvalidEmailException extends Exception {
        public InvalidEmailException(String message) {
            super(message);
        }
    }

    public static EmailAddress parse(String raw) throws InvalidEmailException {
        if (raw == null || raw.isBlank()) {
            throw new InvalidEmailException("Enter your email address.");
        }
        String trimmed = raw.strip();
        if (trimmed.length() > MAX_LENGTH * 4) {
            throw new InvalidEmailException("That email address is too long.");
        }
        int at = trimmed.lastIndexOf('@');
        if (at <= 0 || at == trimmed.length() - 1) {
            throw new InvalidEmailException("Enter an email address like name@example.com.");
        }
        String local = trimmed.substring(0, at);
        String domain = asciiDomain(trimmed.substring(at + 1));
        if (local.length() > MAX_LOCAL_LENGTH || !LOCAL.matcher(local).matches()) {
            throw new InvalidEmailException("The part before @ has characters an email address can't have.");
        }
        String address = local + "@" + domain;
        if (address.length() > MAX_LENGTH) {
            throw new InvalidEmailException("That email address is too long.");
        }
        return new EmailAddress(address);
    }

    public static Optional<EmailAddress> tryParse(String raw) {
        try {
            return Optional.of(parse(raw));
        } catch (InvalidEmailException e) {
            return Optional.empty();
        }
    }

    private static String asciiDomain(String domain) throws InvalidEmailException {
        String ascii;
        if (isAscii(domain)) {
            // Nothing to convert, and every label is checked below: skip ICU4J, whose tables would
            // load at cold start.
            ascii = domain.toLowerCase(Locale.ROOT);
        } else {
            String converted;
            try {
                converted = Idna.toAscii(domain);
            } catch (NoClassDefFoundError e) {
                // This function does not ship ICU4J (only the submit function reads typed domains).
                throw new InvalidEmailException("The part after @ is not a valid domain.");
            }
            if (converted == null) {
                throw new InvalidEmailException("The part after @ is not a valid domain.");
            }
            ascii = converted.toLowerCase(Locale.ROOT);
        }
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2 || ascii.length() > 253) {
            throw new InvalidEmailException("The part after @ is not a valid domain.");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new InvalidEmailException("The part after @ is not a valid domain.");
            }
        }
        if (allDigits(labels[labels.length - 1])) {
            throw new InvalidEmailException("The part after @ is not a valid domain.");
        }
        return ascii;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * The domain has a label mixing scripts not written together (a homoglyph look-alike such as
     * a Cyrillic а in {@code аpple.com}). Such addresses are stored as typed; callers log it.
     */
    public boolean mixedScriptDomain() {
        String domain = domain();
        if (!domain.contains("xn--")) {
            return false; // ASCII labels are all Latin
        }
        try {
            return Idna.mixedScript(Idna.toUnicode(domain));
        } catch (NoClassDefFoundError e) {
            return false;
        }
    }

    public String domain() {
        return value.substring(value.lastIndexOf('@') + 1);
    }

    /**
     * Stable pseudonymous identity: hex SHA-256 of the lower-cased address. Used in table keys so
     * they hold no address, and so {@code Ada@x.com} and {@code ada@x.com} are one subscriber.
     */
    public String key() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(value.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** Never print the address itself: logs must not hold PII. */
    @Override
    public String toString() {
        return "EmailAddress[" + key().substring(0, 12) + "…]";
    }
}
