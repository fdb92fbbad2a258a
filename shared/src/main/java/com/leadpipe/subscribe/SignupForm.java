package com.leadpipe.subscribe;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.FieldSpec;
import com.leadpipe.email.EmailAddress;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks submitted values against a campaign; every message is fit to show next to its field. */
public final class SignupForm {

    public static final String EMAIL = "email";
    public static final String CONSENT = "consent";
    /** Honeypot: hidden from people, filled in by bots. */
    public static final String HONEYPOT = "website";

    private static final Set<String> AFFIRMATIVE = Set.of("yes", "on", "true", "1");
    private static final Pattern TEL = Pattern.compile("[0-9+() .-]{3,30}");
    private static final int MAX_USER_AGENT = 512;

    private SignupForm() {
    }

    /** The outcome of checking a form: a signup, a honeypot hit, or errors by field. */
    public sealed interface Result permits Valid, Honeypot, Invalid {
    }

    public record Valid(Signup signup) implements Result {
    }

    public record Honeypot() implements Result {
    }

    public record Invalid(Map<String, String> errors) implements Result {
        public Invalid {
            errors = Map.copyOf(errors);
        }
    }

    /** Attribution the form may carry: hidden inputs on our page, or the embedding site's own. */
    public static final java.util.List<String> ATTRIBUTION = java.util.List.of(
            "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "referrer");
    private static final int MAX_ATTRIBUTION = 300;

    public static Result check(Campaign campaign, Map<String, String> values, Instant now, String ip, String userAgent) {
        return check(campaign, values, now, ip, userAgent, "");
    }

    /**
     * @param refererHeader the request's Referer: the embedding page when a form on another site
     *                      posts here; used when the form carries no referrer of its own
     */
    public static Result check(Campaign campaign, Map<String, String> values, Instant now, String ip, String userAgent,
                               String refererHeader) {
        if (!values.getOrDefault(HONEYPOT, "").isEmpty()) {
            return new Honeypot();
        }
        Map<String, String> errors = new LinkedHashMap<>();
        EmailAddress email = null;
        try {
            email = EmailAddress.parse(values.get(EMAIL));
        } catch (EmailAddress.InvalidEmailException e) {
            errors.put(EMAIL, e.getMessage());
        }
        String consent = values.getOrDefault(CONSENT, "").strip().toLowerCase(Locale.ROOT);
        if (!AFFIRMATIVE.contains(consent)) {
            errors.put(CONSENT, "Please tick the box to agree to receive our emails.");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (FieldSpec spec : campaign.fields()) {
            String value = values.getOrDefault(spec.name(), "").strip();
            String problem = check(spec, value);
            if (problem != null) {
                errors.put(spec.name(), problem);
            } else if (!value.isEmpty()) {
                fields.put(spec.name(), value);
            }
        }
        if (!errors.isEmpty()) {
            return new Invalid(errors);
        }
        String ua = userAgent == null ? "" : userAgent;
        return new Valid(new Signup(campaign.id(), email, fields, new Signup.ConsentEvidence(now, ip,
                ua.length() > MAX_USER_AGENT ? ua.substring(0, MAX_USER_AGENT) : ua,
                campaign.consent().version(), campaign.consent().text()), attribution(values, refererHeader)));
    }

    /** Best effort: attribution never rejects a signup; odd values are cut or dropped. */
    static Map<String, String> attribution(Map<String, String> values, String refererHeader) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : ATTRIBUTION) {
            String value = values.getOrDefault(name, "").strip();
            if (name.equals("referrer") && value.isEmpty() && refererHeader != null) {
                value = refererHeader.strip();
            }
            if (value.isEmpty() || value.chars().anyMatch(Character::isISOControl)) {
                continue;
            }
            if (name.equals("referrer") && !isWebUrl(value)) {
                continue;
            }
            out.put(name, value.length() > MAX_ATTRIBUTION ? value.substring(0, MAX_ATTRIBUTION) : value);
        }
        return out;
    }

    /** @return why the value is not acceptable, or null when it is */
    static String check(FieldSpec spec, String value) {
        if (value.isEmpty()) {
            return spec.required() ? spec.label() + " is required." : null;
        }
        if (value.codePointCount(0, value.length()) > spec.maxLength()) {
            return spec.label() + " must be at most " + spec.maxLength() + " characters.";
        }
        boolean multiline = spec.type() == FieldSpec.Type.TEXTAREA;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
                return spec.label() + " has characters that can't be used.";
            }
        }
        return switch (spec.type()) {
            case TEXT, TEXTAREA -> null;
            case TEL -> TEL.matcher(value).matches() ? null : spec.label() + " must be a phone number.";
            case URL -> isWebUrl(value) ? null : spec.label() + " must be a web address starting with https://.";
            case CHOICE -> spec.options().contains(value) ? null : spec.label() + " must be one of the listed choices.";
            case NUMBER -> number(spec, value);
        };
    }

    private static String number(FieldSpec spec, String value) {
        BigDecimal n;
        try {
            n = new BigDecimal(value);
        } catch (NumberFormatException e) {
            return spec.label() + " must be a number.";
        }
        if (spec.min().isPresent() && n.compareTo(spec.min().get()) < 0) {
            return spec.label() + " must be at least " + spec.min().get().toPlainString() + ".";
        }
        if (spec.max().isPresent() && n.compareTo(spec.max().get()) > 0) {
            return spec.label() + " must be at most " + spec.max().get().toPlainString() + ".";
        }
        return null;
    }

    private static boolean isWebUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
