package com.leadpipe.captcha;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

/**
 * The captcha services a campaign may use, with what their documentation fixes: the widget's
 * markup and script, the origins its Content-Security-Policy must allow, the form field the
 * widget posts its token in, and the siteverify endpoint that checks the token server-side.
 */
public enum CaptchaProvider {
    /** Cloudflare Turnstile: developers.cloudflare.com/turnstile. */
    TURNSTILE("cf-turnstile", "https://challenges.cloudflare.com/turnstile/v0/api.js", "cf-turnstile-response",
            "https://challenges.cloudflare.com", "/turnstile/v0/siteverify",
            List.of("https://challenges.cloudflare.com"), false),
    /** hCaptcha: docs.hcaptcha.com; its widget also loads styles from its origins. */
    HCAPTCHA("h-captcha", "https://js.hcaptcha.com/1/api.js", "h-captcha-response",
            "https://api.hcaptcha.com", "/siteverify",
            List.of("https://hcaptcha.com", "https://*.hcaptcha.com"), true);

    /** The field JSON clients send the token in, whatever the provider. */
    public static final String JSON_TOKEN_FIELD = "captchaToken";

    private final String widgetClass;
    private final String scriptUrl;
    private final String formField;
    private final String siteverifyOrigin;
    private final String siteverifyPath;
    private final List<String> origins;
    private final boolean styles;

    CaptchaProvider(String widgetClass, String scriptUrl, String formField, String siteverifyOrigin,
                    String siteverifyPath, List<String> origins, boolean styles) {
        this.widgetClass = widgetClass;
        this.scriptUrl = scriptUrl;
        this.formField = formField;
        this.siteverifyOrigin = siteverifyOrigin;
        this.siteverifyPath = siteverifyPath;
        this.origins = origins;
        this.styles = styles;
    }

    /** The name in campaign files: {@code turnstile}, {@code hcaptcha}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CaptchaProvider> fromYaml(String id) {
        for (CaptchaProvider p : values()) {
            if (p.id().equals(id)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The class of the {@code <div>} the provider's script turns into its widget. */
    public String widgetClass() {
        return widgetClass;
    }

    public String scriptUrl() {
        return scriptUrl;
    }

    /** The form field the widget adds to the form, holding its token. */
    public String formField() {
        return formField;
    }

    /** Where siteverify answers; {@code baseUrl} (tests, the local runner) replaces its origin. */
    public String siteverifyUrl(Optional<String> baseUrl) {
        String base = baseUrl.orElse(siteverifyOrigin);
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + siteverifyPath;
    }

    /** The origins the widget loads scripts and frames from and sends requests to. */
    public List<String> origins() {
        return origins;
    }

    /** Whether the widget also loads style sheets from {@link #origins()}. */
    public boolean loadsStyles() {
        return styles;
    }

    /** The CSP sources the widget needs, by directive: its script, its frame, its calls (and its styles). */
    public Map<String, List<String>> cspSources() {
        Map<String, List<String>> sources = new LinkedHashMap<>();
        for (String directive : List.of("script-src", "frame-src", "connect-src")) {
            sources.put(directive, origins);
        }
        if (styles) {
            sources.put("style-src", origins);
        }
        return sources;
    }
}
