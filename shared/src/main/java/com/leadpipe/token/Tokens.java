package com.leadpipe.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Link tokens: {@code <campaign>.<43 chars of base64url>}, 256 random bits. Unguessable, so no
 * signing key is needed; only their SHA-256 is stored, with purpose, lead and expiry, so a leaked
 * table dump yields no working links. The campaign prefix is not secret: it lets an expired or
 * broken link still point the visitor back to the right signup page.
 */
public final class Tokens {

    private static final Pattern FORMAT = Pattern.compile("([a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)\\.([A-Za-z0-9_-]{43})");
    /** Replaced after a SnapStart restore ({@link #reseed}): containers from one snapshot must not share it. */
    private static volatile SecureRandom random = new SecureRandom();

    private Tokens() {
    }

    /** A token as it appears in a link. */
    public record Token(String campaignId, String value) {
        public String hash() {
            return sha256(value);
        }

        @Override
        public String toString() {
            return "Token[" + campaignId + "]"; // the value is a credential: never log it
        }
    }

    public static Token mint(String campaignId) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return new Token(campaignId, campaignId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** A fresh random source, seeded from the operating system now (called after a SnapStart restore). */
    public static void reseed() {
        random = new SecureRandom();
    }

    /** Empty when the text is not shaped like a token (tampered, truncated by a mail client). */
    public static Optional<Token> parse(String text) {
        if (text == null || text.length() > 120) {
            return Optional.empty();
        }
        var m = FORMAT.matcher(text.strip());
        return m.matches() ? Optional.of(new Token(m.group(1), text.strip())) : Optional.empty();
    }

    /** The campaign a malformed token claims, when that part survived; for "sign up again" links. */
    public static Optional<String> campaignHint(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int dot = text.indexOf('.');
        String prefix = dot < 0 ? "" : text.substring(0, dot);
        return Pattern.matches("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?", prefix) ? Optional.of(prefix) : Optional.empty();
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
