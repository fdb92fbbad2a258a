package com.leadpipe.captcha;

import com.leadpipe.json.JsonTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The providers' documented server-side check: POST {@code secret}, {@code response} (the token)
 * and {@code remoteip} as a form to siteverify, read {@code success} and {@code error-codes} from
 * the JSON answer. HttpURLConnection (already loaded for the SDK's HTTP client; no netty, no
 * Apache client) with connect and read timeouts, so a hanging provider cannot hold the answer.
 */
public class Siteverify {

    /** Siteverify answers in well under a second; 2 s keeps a signup's answer inside its budget when it does not. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    /** The provider's verdict on one token. */
    public sealed interface Verdict permits Passed, Rejected, Unreachable {
    }

    public record Passed() implements Verdict {
    }

    /** The provider answered: the token is not good ({@code reason}), with its error codes. */
    public record Rejected(Reason reason, List<String> errorCodes) implements Verdict {
        public Rejected {
            errorCodes = List.copyOf(errorCodes);
        }
    }

    /** No usable answer (timeout, refused connection, 5xx, not the documented JSON). */
    public record Unreachable(String why) implements Verdict {
    }

    /** What a rejection means to whoever sent the form. */
    public enum Reason {
        /** No token: the widget was not completed (or a JSON client sent none). */
        MISSING,
        /** Used before or too old (Turnstile tokens live 300 s and are single-use). */
        EXPIRED,
        /** Not a token the provider issued for this site. */
        INVALID,
        /** The provider refused our secret: the stack's configuration is wrong, not the visitor. */
        SECRET
    }

    private static final Set<String> EXPIRED = Set.of("timeout-or-duplicate", "expired-input-response",
            "already-seen-response", "invalid-or-already-seen-response");
    private static final Set<String> SECRET = Set.of("missing-input-secret", "invalid-input-secret",
            "sitekey-secret-mismatch", "not-using-dummy-secret");
    private static final Set<String> MISSING = Set.of("missing-input-response");

    private final Optional<String> baseUrl;
    private final Duration timeout;

    /**
     * @param baseUrl replaces the providers' origins (CAPTCHA_SITEVERIFY_BASE_URL): a stand-in for
     *                tests and the local runner; empty in production
     */
    public Siteverify(Optional<String> baseUrl, Duration timeout) {
        this.baseUrl = baseUrl;
        this.timeout = timeout;
    }

    /** CAPTCHA_SITEVERIFY_BASE_URL, when set; otherwise the providers' own endpoints. */
    public static Siteverify from(Map<String, String> env) {
        return new Siteverify(Optional.ofNullable(env.get("CAPTCHA_SITEVERIFY_BASE_URL")).map(String::strip)
                .filter(s -> !s.isEmpty()), DEFAULT_TIMEOUT);
    }

    public Verdict verify(CaptchaProvider provider, String secret, String token, String remoteIp) {
        String form = "secret=" + encode(secret) + "&response=" + encode(token)
                + (remoteIp == null || remoteIp.isEmpty() ? "" : "&remoteip=" + encode(remoteIp));
        HttpURLConnection http = null;
        try {
            http = (HttpURLConnection) URI.create(provider.siteverifyUrl(baseUrl)).toURL().openConnection();
            http.setConnectTimeout((int) timeout.toMillis());
            http.setReadTimeout((int) timeout.toMillis());
            http.setRequestMethod("POST");
            http.setDoOutput(true);
            http.setInstanceFollowRedirects(false);
            http.setRequestProperty("content-type", "application/x-www-form-urlencoded");
            http.setRequestProperty("accept", "application/json");
            try (OutputStream out = http.getOutputStream()) {
                out.write(form.getBytes(StandardCharsets.UTF_8));
            }
            int status = http.getResponseCode();
            InputStream in = status >= 400 ? http.getErrorStream() : http.getInputStream();
            String body = in == null ? "" : new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            return parse(status, body);
        } catch (IOException | IllegalArgumentException e) {
            return new Unreachable(e.getClass().getSimpleName());
        } finally {
            if (http != null) {
                http.disconnect();
            }
        }
    }

    /** The verdict in an HTTP answer of siteverify: only its documented JSON counts as an answer. */
    public static Verdict parse(int status, String body) {
        if (status >= 500) {
            return new Unreachable("status " + status);
        }
        Object tree;
        try {
            tree = JsonTree.parse(body);
        } catch (IllegalArgumentException e) {
            return new Unreachable("status " + status + ", not JSON");
        }
        if (!(tree instanceof Map<?, ?> json) || !(json.get("success") instanceof Boolean success)) {
            return new Unreachable("status " + status + ", no success");
        }
        List<String> codes = new ArrayList<>();
        JsonTree.array(tree, "error-codes").forEach(c -> codes.add(String.valueOf(c)));
        if (success && status < 300) {
            return new Passed();
        }
        if (codes.contains("internal-error")) {
            return new Unreachable("internal-error"); // the provider's own failure, not the token's
        }
        return new Rejected(reason(codes), codes);
    }

    private static Reason reason(List<String> codes) {
        if (codes.stream().anyMatch(SECRET::contains)) {
            return Reason.SECRET;
        }
        if (codes.stream().anyMatch(EXPIRED::contains)) {
            return Reason.EXPIRED;
        }
        return codes.stream().anyMatch(MISSING::contains) ? Reason.MISSING : Reason.INVALID;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
