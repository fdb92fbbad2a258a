package com.leadpipe.functions.submit;

import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.http.Answers;
import com.leadpipe.http.BadRequestException;
import com.leadpipe.http.HttpRequest;
import com.leadpipe.http.HttpResponse;
import com.leadpipe.http.Json;
import com.leadpipe.http.RequestBodies;
import com.leadpipe.log.Log;
import com.leadpipe.store.StoreException;
import com.leadpipe.subscribe.SignupForm;
import com.leadpipe.subscribe.SubscriptionService;
import com.leadpipe.web.Pages;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /c/{campaign}/subscribe}: parse, check, subscribe, answer. Every accepted outcome
 * gets the same answer (202 for scripts, 303 to the thanks page for forms): no enumeration.
 */
public final class SubscribeEndpoint {

    private final CampaignCatalog campaigns;
    private final SubscriptionService subscriptions;
    private final Optional<URI> publicBaseUrl;
    private final Clock clock;
    private final Log log;

    public SubscribeEndpoint(CampaignCatalog campaigns, SubscriptionService subscriptions, Optional<URI> publicBaseUrl,
                             Clock clock, Log log) {
        this.campaigns = campaigns;
        this.subscriptions = subscriptions;
        this.publicBaseUrl = publicBaseUrl;
        this.clock = clock;
        this.log = log;
    }

    public HttpResponse handle(HttpRequest request) {
        Optional<Campaign> campaign = campaigns.find(request.pathParameters().get("campaign"));
        if (campaign.isEmpty()) {
            return Answers.notFound(request);
        }
        Map<String, String> values;
        try {
            values = RequestBodies.fields(request);
        } catch (BadRequestException e) {
            log.info("signup.rejected", "campaign", campaign.get().id(), "status", e.status());
            return Answers.badRequest(request, e);
        }
        SignupForm.Result result = SignupForm.check(campaign.get(), values, clock.instant(), request.sourceIp(),
                request.userAgent());
        try {
            switch (result) {
                case SignupForm.Invalid invalid -> {
                    log.info("signup.invalid", "campaign", campaign.get().id(), "fields",
                            String.join(",", invalid.errors().keySet()));
                    return invalid(request, campaign.get(), values, invalid.errors());
                }
                case SignupForm.Honeypot honeypot ->
                    // Bots get the success answer so they don't learn to avoid the trap.
                    log.info("signup.honeypot", "campaign", campaign.get().id());
                case SignupForm.Valid valid -> subscriptions.subscribe(campaign.get(), valid.signup(), baseUrl(request));
            }
        } catch (StoreException e) {
            log.error("signup.store_unavailable", e, "campaign", campaign.get().id());
            return Answers.unavailable(request);
        }
        return accepted(request, campaign.get());
    }

    private HttpResponse accepted(HttpRequest request, Campaign campaign) {
        if (request.wantsJson()) {
            return HttpResponse.json(202, Json.write(Map.of("status", "pending")));
        }
        return HttpResponse.seeOther(request.basePath() + "/c/" + campaign.id() + "/thanks");
    }

    private HttpResponse invalid(HttpRequest request, Campaign campaign, Map<String, String> values,
                                 Map<String, String> errors) {
        if (request.wantsJson()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "invalid");
            body.put("message", "Some fields need attention.");
            body.put("fields", errors);
            return HttpResponse.json(422, Json.write(body));
        }
        return HttpResponse.html(422, Pages.form(campaign, request.basePath() + "/c/" + campaign.id() + "/subscribe",
                values, errors));
    }

    private String baseUrl(HttpRequest request) {
        return publicBaseUrl.map(URI::toString).orElseGet(request::publicBaseUrl);
    }
}
