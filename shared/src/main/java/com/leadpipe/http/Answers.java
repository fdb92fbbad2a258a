package com.leadpipe.http;

import com.leadpipe.json.JsonTree;
import com.leadpipe.web.Pages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Error answers shaped for who asked: JSON for scripts, a page for people. */
public final class Answers {

    private Answers() {
    }

    public static HttpResponse error(HttpRequest request, int status, String code, String message) {
        if (request.wantsJson()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", code);
            body.put("message", message);
            return HttpResponse.json(status, JsonTree.write(body));
        }
        return HttpResponse.html(status, Pages.message(title(status), title(status),
                List.of(message, nextStep(status)), Optional.empty(), ""));
    }

    public static HttpResponse notFound(HttpRequest request) {
        return error(request, 404, "not_found", "There is no such page or campaign.");
    }

    public static HttpResponse badRequest(HttpRequest request, BadRequestException e) {
        String code = switch (e.status()) {
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> "bad_request";
        };
        return error(request, e.status(), code, e.getMessage());
    }

    /**
     * The store failed. "Nothing was stored" only when that is known: a write that timed out may
     * have been applied, and then the answer only asks to try again (every route is safe to repeat).
     */
    public static HttpResponse unavailable(HttpRequest request, com.leadpipe.store.StoreException e) {
        return unavailable(request, e.outcomeUnknown());
    }

    private static HttpResponse unavailable(HttpRequest request, boolean outcomeUnknown) {
        HttpResponse r = error(request, 503, "unavailable", outcomeUnknown
                ? "We could not finish this just now. Please try again in a minute; trying again is safe."
                : "We could not save this just now. Nothing was stored; please try again in a minute.");
        Map<String, String> headers = new LinkedHashMap<>(r.headers());
        headers.put("retry-after", "30");
        return new HttpResponse(r.status(), headers, r.body());
    }

    /** What a person can do about it, under what happened. */
    private static String nextStep(int status) {
        return switch (status) {
            case 404 -> "Check the address for typos, or open the link in our email again.";
            case 400, 413, 415 -> "Go back, check what you entered and send it again.";
            case 429, 503 -> "";
            default -> "Please try again in a minute. If it keeps happening, let us know by replying to any of our emails.";
        };
    }

    /** Over a rate limit: nothing was stored or sent; {@code Retry-After} says when the window ends. */
    public static HttpResponse tooManyRequests(HttpRequest request, java.time.Duration retryAfter) {
        long minutes = Math.max(1, (retryAfter.toSeconds() + 59) / 60);
        String when = minutes < 120 ? minutes + (minutes == 1 ? " minute" : " minutes") : (minutes + 59) / 60 + " hours";
        HttpResponse r = error(request, 429, "rate_limited", "There have been too many signups from your network "
                + "just now. Nothing was stored and no email was sent; please try again in " + when + ".");
        return r.withHeader("retry-after", Long.toString(Math.max(1, retryAfter.toSeconds())));
    }

    /** The captcha was not solved, or its token was expired or not genuine: nothing was stored or sent. */
    public static HttpResponse captchaRefused(HttpRequest request, com.leadpipe.captcha.Siteverify.Reason reason) {
        return switch (reason) {
            case MISSING -> error(request, 400, "captcha_required", "Please complete the check that you are not "
                    + "a robot, then send the form again. Nothing was stored.");
            case EXPIRED -> error(request, 400, "captcha_expired", "The check that you are not a robot has expired "
                    + "or was already used. Please complete it again and resend the form. Nothing was stored.");
            default -> error(request, 400, "captcha_invalid", "The check that you are not a robot could not be "
                    + "confirmed. Please complete it again and resend the form. Nothing was stored.");
        };
    }

    /** The captcha provider cannot be reached and the campaign fails closed. */
    public static HttpResponse captchaUnavailable(HttpRequest request) {
        return error(request, 503, "captcha_unavailable", "We could not check that you are not a robot just now. "
                + "Nothing was stored; please try again in a minute.").withHeader("retry-after", "30");
    }

    /** The stack cannot verify captchas (no or a wrong secret): the operator's to fix, logged as an error. */
    public static HttpResponse captchaMisconfigured(HttpRequest request) {
        return error(request, 500, "server_error", "This form cannot take signups just now. Nothing was stored.");
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "That request could not be read";
            case 404 -> "Not found";
            case 413 -> "Too much data";
            case 415 -> "Unsupported format";
            case 429 -> "Too many signups";
            case 503 -> "Please try again";
            default -> "Something went wrong";
        };
    }
}
