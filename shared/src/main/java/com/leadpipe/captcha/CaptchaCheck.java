package com.leadpipe.captcha;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.log.Log;
import java.util.Map;
import java.util.Optional;

/**
 * The captcha step of a signup, before anything is stored or sent: finds the token (the widget's
 * form field, or {@code captchaToken} from JSON clients), verifies it with the campaign's provider
 * and decides. Logs carry the campaign and the provider's error codes, never the token or the IP.
 */
public final class CaptchaCheck {

    /** Turnstile documents tokens of at most 2048 characters; longer ones are not sent on. */
    static final int MAX_TOKEN = 2048;

    /** What the signup does next. */
    public sealed interface Outcome permits Pass, Refused, Unavailable, Misconfigured {
    }

    /** Verified, or the campaign has no captcha, or its provider is down and it fails open. */
    public record Pass() implements Outcome {
    }

    /** The visitor's token is missing, expired or invalid: 400, nothing stored. */
    public record Refused(Siteverify.Reason reason) implements Outcome {
    }

    /** The provider cannot be reached and the campaign fails closed: 503, nothing stored. */
    public record Unavailable() implements Outcome {
    }

    /** The stack cannot verify at all (no secret, unreadable, refused by the provider): 500, nothing stored. */
    public record Misconfigured() implements Outcome {
    }

    private final CaptchaSecret secret;
    private final Siteverify siteverify;
    private final Log log;

    public CaptchaCheck(CaptchaSecret secret, Siteverify siteverify, Log log) {
        this.secret = secret;
        this.siteverify = siteverify;
        this.log = log;
    }

    /** Without a secret: campaigns without captcha pass, those with it are misconfigured (500, logged). */
    public static CaptchaCheck withoutSecret(Log log) {
        return new CaptchaCheck(CaptchaSecret.none(), new Siteverify(Optional.empty(), Siteverify.DEFAULT_TIMEOUT), log);
    }

    /**
     * @param values   the posted fields, as {@link com.leadpipe.http.RequestBodies} read them
     * @param clientIp the visitor's address as the per-IP limits see it (sent as {@code remoteip})
     */
    public Outcome check(Campaign campaign, Map<String, String> values, String clientIp) {
        if (campaign.captcha().isEmpty()) {
            return new Pass();
        }
        Campaign.Captcha captcha = campaign.captcha().get();
        String token = values.getOrDefault(captcha.provider().formField(),
                values.getOrDefault(CaptchaProvider.JSON_TOKEN_FIELD, "")).strip();
        if (token.isEmpty() || token.length() > MAX_TOKEN) {
            // Not worth a call: the provider could only say missing-input-response or invalid-input-response.
            return refused(campaign, new Siteverify.Rejected(token.isEmpty() ? Siteverify.Reason.MISSING
                    : Siteverify.Reason.INVALID, java.util.List.of()));
        }
        String key;
        try {
            key = secret.get();
        } catch (CaptchaSecret.Unavailable e) {
            // The name, never the value: what an operator needs to fix the stack.
            log.error("captcha.secret_unavailable", e, "campaign", campaign.id(), "why", e.getMessage());
            return new Misconfigured();
        }
        Siteverify.Verdict verdict = siteverify.verify(captcha.provider(), key, token, clientIp);
        return switch (verdict) {
            case Siteverify.Passed passed -> new Pass();
            case Siteverify.Rejected rejected when rejected.reason() == Siteverify.Reason.SECRET -> {
                log.error("captcha.secret_rejected", null, "campaign", campaign.id(), "provider",
                        captcha.provider().id(), "codes", String.join(",", rejected.errorCodes()));
                yield new Misconfigured();
            }
            case Siteverify.Rejected rejected -> refused(campaign, rejected);
            case Siteverify.Unreachable down -> {
                // Warn either way: failing open lets unverified signups in, failing closed turns people away.
                log.warn("captcha.provider_down", "campaign", campaign.id(), "provider", captcha.provider().id(),
                        "why", down.why(), "decision", captcha.failOpen() ? "open" : "closed");
                yield captcha.failOpen() ? new Pass() : new Unavailable();
            }
        };
    }

    private Outcome refused(Campaign campaign, Siteverify.Rejected rejected) {
        log.info("signup.captcha_refused", "campaign", campaign.id(), "reason",
                rejected.reason().name().toLowerCase(java.util.Locale.ROOT), "codes", String.join(",", rejected.errorCodes()));
        return new Refused(rejected.reason());
    }
}
