package com.leadpipe.functions.submit;

import com.leadpipe.abuse.SignupLimits;
import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.captcha.CaptchaCheck;
import com.leadpipe.http.Answers;
import com.leadpipe.http.BadRequestException;
import com.leadpipe.http.HttpRequest;
import com.leadpipe.http.HttpResponse;
import com.leadpipe.json.JsonTree;
import com.leadpipe.http.RequestBodies;
import com.leadpipe.log.Log;
import com.leadpipe.store.StoreException;
import com.leadpipe.subscribe.SignupForm;
import com.leadpipe.subscribe.SubscriptionService;
import com.leadpipe.token.Tokens;
import com.leadpipe.web.CampaignPages;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /c/{campaign}/subscribe} (and its CORS preflight): parse, check, subscribe, answer.
 * Every accepted outcome gets the same answer (202 for scripts, 303 to the thanks page for forms),
 * survey link included: no enumeration.
 */
public final class SubscribeEndpoint {

    private final CampaignCatalog campaigns;
    private final SubscriptionService subscriptions;
    private final Optional<URI> publicBaseUrl;
    private final List<String> allowedOrigins;
    private final Clock clock;
    private final Log log;
    private final SignupLimits limits;
    private final CaptchaCheck captcha;

    public SubscribeEndpoint(CampaignCatalog campaigns, SubscriptionService subscriptions, Optional<URI> publicBaseUrl,
                             List<String> allowedOrigins, Clock clock, Log log) {
        this(campaigns, subscriptions, publicBaseUrl, allowedOrigins, clock, log, SignupLimits.none());
    }

    public SubscribeEndpoint(CampaignCatalog campaigns, SubscriptionService subscriptions, Optional<URI> publicBaseUrl,
                             List<String> allowedOrigins, Clock clock, Log log, SignupLimits limits) {
        this(campaigns, subscriptions, publicBaseUrl, allowedOrigins, clock, log, limits, CaptchaCheck.withoutSecret(log));
    }

    /**
     * @param limits  per-IP signup limits, checked before anything is stored or sent
     * @param captcha the captcha of campaigns that have one, checked before the limits (a refused
     *                token counts nothing)
     */
    public SubscribeEndpoint(CampaignCatalog campaigns, SubscriptionService subscriptions, Optional<URI> publicBaseUrl,
                             List<String> allowedOrigins, Clock clock, Log log, SignupLimits limits,
                             CaptchaCheck captcha) {
        this.limits = limits;
        this.captcha = captcha;
        this.campaigns = campaigns;
        this.subscriptions = subscriptions;
        this.publicBaseUrl = publicBaseUrl;
        this.allowedOrigins = List.copyOf(allowedOrigins);
        this.clock = clock;
        this.log = log;
    }

    public HttpResponse handle(HttpRequest request) {
        Optional<Campaign> campaign = campaigns.find(request.pathParameters().get("campaign"));
        if (campaign.isEmpty()) {
            return Answers.notFound(request);
        }
        Optional<String> corsOrigin = request.header("origin").filter(o -> allowed(campaign.get(), o));
        HttpResponse response = "OPTIONS".equals(request.method())
                ? preflight(corsOrigin)
                : subscribe(request, campaign.get());
        return corsOrigin.map(o -> response.withHeader("access-control-allow-origin", o).withHeader("vary", "Origin"))
                .orElse(response);
    }

    /** Scripts on the campaign's listed sites (and the stack-wide list) may post; nobody else's. */
    private boolean allowed(Campaign campaign, String origin) {
        return campaign.embed().allowedOrigins().contains(origin) || allowedOrigins.contains(origin);
    }

    private static HttpResponse preflight(Optional<String> origin) {
        HttpResponse response = new HttpResponse(204, Map.of("cache-control", "no-store"), "");
        return origin.isEmpty() ? response : response
                .withHeader("access-control-allow-methods", "POST, OPTIONS")
                .withHeader("access-control-allow-headers", "content-type, accept")
                .withHeader("access-control-max-age", "600");
    }

    private HttpResponse subscribe(HttpRequest request, Campaign campaign) {
        Map<String, String> values;
        try {
            values = RequestBodies.fields(request);
        } catch (BadRequestException e) {
            log.info("signup.rejected", "campaign", campaign.id(), "status", e.status());
            return Answers.badRequest(request, e);
        }
        SignupForm.Result result = SignupForm.check(campaign, values, clock.instant(), request.sourceIp(),
                request.userAgent(), request.header("referer").orElse(""));
        Optional<String> surveyToken;
        try {
            switch (result) {
                case SignupForm.Invalid invalid -> {
                    log.info("signup.invalid", "campaign", campaign.id(), "fields",
                            String.join(",", invalid.errors().keySet()));
                    return invalid(request, campaign, values, invalid.errors());
                }
                case SignupForm.Honeypot honeypot -> {
                    // Bots get the success answer, survey link shape included, so they learn nothing.
                    log.info("signup.honeypot", "campaign", campaign.id());
                    surveyToken = campaign.survey().map(s -> Tokens.mint(campaign.id()).value());
                }
                case SignupForm.Valid valid -> {
                    Optional<HttpResponse> refused = captcha(request, campaign, values);
                    if (refused.isPresent()) {
                        return refused.get(); // nothing stored, nothing sent
                    }
                    Optional<java.time.Duration> wait = limits.admit(request, campaign.id());
                    if (wait.isPresent()) {
                        return Answers.tooManyRequests(request, wait.get()); // nothing stored, nothing sent
                    }
                    if (valid.signup().email().mixedScriptDomain()) {
                        // Stored as typed (it may be real), but a look-alike domain is worth a look.
                        log.warn("signup.mixed_script", "campaign", campaign.id(), "address",
                                valid.signup().email().key().substring(0, 12));
                    }
                    surveyToken = subscriptions.subscribe(campaign, valid.signup(), baseUrl(request)).surveyToken()
                            .map(Tokens.Token::value);
                }
            }
        } catch (StoreException e) {
            log.error("signup.store_unavailable", e, "campaign", campaign.id());
            return Answers.unavailable(request, e);
        }
        return accepted(request, campaign, surveyToken);
    }

    /** Empty: verified (or no captcha, or failing open); otherwise the answer. */
    private Optional<HttpResponse> captcha(HttpRequest request, Campaign campaign, Map<String, String> values) {
        return switch (captcha.check(campaign, values, limits.clientIp(request))) {
            case CaptchaCheck.Pass pass -> Optional.empty();
            case CaptchaCheck.Refused refused -> Optional.of(Answers.captchaRefused(request, refused.reason()));
            case CaptchaCheck.Unavailable down -> Optional.of(Answers.captchaUnavailable(request));
            case CaptchaCheck.Misconfigured wrong -> Optional.of(Answers.captchaMisconfigured(request));
        };
    }

    private HttpResponse accepted(HttpRequest request, Campaign campaign, Optional<String> surveyToken) {
        if (request.wantsJson()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "pending");
            surveyToken.ifPresent(t -> body.put("survey", baseUrl(request) + CampaignPages.surveyPath("", campaign.id(), t)));
            return HttpResponse.json(202, JsonTree.write(body));
        }
        return HttpResponse.seeOther(CampaignPages.landingPath(request.basePath(), campaign.id()) + "/thanks"
                + surveyToken.map(t -> "?s=" + t).orElse(""));
    }

    private HttpResponse invalid(HttpRequest request, Campaign campaign, Map<String, String> values,
                                 Map<String, String> errors) {
        if (request.wantsJson()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "invalid");
            body.put("message", "Some fields need attention.");
            body.put("fields", errors);
            return HttpResponse.json(422, JsonTree.write(body));
        }
        return CampaignPages.form(campaign, request.basePath(), 422, values, errors);
    }

    private String baseUrl(HttpRequest request) {
        return publicBaseUrl.map(URI::toString).orElseGet(request::publicBaseUrl);
    }
}
