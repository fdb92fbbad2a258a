package com.leadpipe.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP response; built through the factory methods so every answer carries the same headers. */
public record HttpResponse(int status, Map<String, String> headers, String body) {

    private static final Map<String, String> BASE_HEADERS = Map.of(
            "x-content-type-options", "nosniff",
            "referrer-policy", "no-referrer",
            // Nothing we answer may be cached by a shared cache: pages can carry tokens and errors.
            "cache-control", "no-store");

    /** Pages: no scripts, no framing, forms post only to us. */
    public static final String PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public HttpResponse {
        headers = Map.copyOf(headers);
    }

    public static HttpResponse html(int status, String html) {
        return html(status, html, PAGE_CSP);
    }

    /** A page with its own Content-Security-Policy, e.g. one allowing a hashed inline script. */
    public static HttpResponse html(int status, String html, String csp) {
        Map<String, String> h = new LinkedHashMap<>(BASE_HEADERS);
        h.put("content-type", "text/html; charset=utf-8");
        h.put("content-security-policy", csp);
        h.put("x-frame-options", "DENY");
        return new HttpResponse(status, h, html);
    }

    /**
     * A campaign page: framing allowed only for the campaign's listed sites (CSP frame-ancestors;
     * X-Frame-Options DENY when there are none), optionally one inline script allowed by hash.
     */
    public static HttpResponse page(int status, String html, java.util.List<String> frameAncestors,
                                    java.util.Optional<String> scriptHash) {
        return page(status, html, frameAncestors, scriptHash, Map.of());
    }

    /**
     * As above, with more sources per CSP directive (e.g. {@code script-src}, {@code frame-src}):
     * what a third-party widget on the page, the captcha, needs and nothing more.
     */
    public static HttpResponse page(int status, String html, java.util.List<String> frameAncestors,
                                    java.util.Optional<String> scriptHash,
                                    Map<String, java.util.List<String>> moreSources) {
        Map<String, java.util.List<String>> directives = new LinkedHashMap<>();
        directives.put("default-src", java.util.List.of("'none'"));
        directives.put("style-src", java.util.List.of("'unsafe-inline'"));
        directives.put("img-src", java.util.List.of("https:", "data:"));
        directives.put("form-action", java.util.List.of("'self'"));
        directives.put("frame-ancestors", frameAncestors.isEmpty() ? java.util.List.of("'none'") : frameAncestors);
        directives.put("base-uri", java.util.List.of("'none'"));
        scriptHash.ifPresent(h -> directives.put("script-src", java.util.List.of("'" + h + "'")));
        moreSources.forEach((name, sources) -> directives.merge(name, sources,
                (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
        StringBuilder csp = new StringBuilder();
        directives.forEach((name, sources) -> csp.append(csp.isEmpty() ? "" : "; ").append(name).append(' ')
                .append(String.join(" ", sources)));
        Map<String, String> h = new LinkedHashMap<>(BASE_HEADERS);
        h.put("content-type", "text/html; charset=utf-8");
        h.put("content-security-policy", csp.toString());
        if (frameAncestors.isEmpty()) {
            h.put("x-frame-options", "DENY");
        }
        return new HttpResponse(status, h, html);
    }

    /** The same response with one more header. */
    public HttpResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpResponse(status, h, body);
    }

    public static HttpResponse json(int status, String json) {
        Map<String, String> h = new LinkedHashMap<>(BASE_HEADERS);
        h.put("content-type", "application/json");
        return new HttpResponse(status, h, json);
    }

    public static HttpResponse seeOther(String location) {
        Map<String, String> h = new LinkedHashMap<>(BASE_HEADERS);
        h.put("location", location);
        return new HttpResponse(303, h, "");
    }

    public static HttpResponse text(int status, String text) {
        Map<String, String> h = new LinkedHashMap<>(BASE_HEADERS);
        h.put("content-type", "text/plain; charset=utf-8");
        return new HttpResponse(status, h, text);
    }

    public String header(String name) {
        return headers.get(name);
    }
}
