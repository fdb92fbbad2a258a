package com.leadpipe.functions.pages;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.http.Answers;
import com.leadpipe.http.ApiGatewayHttp;
import com.leadpipe.http.HttpRequest;
import com.leadpipe.http.HttpResponse;
import com.leadpipe.log.Log;
import com.leadpipe.priming.Priming;
import com.leadpipe.priming.SyntheticEvents;
import com.leadpipe.web.CampaignPages;
import java.util.Map;
import java.util.Optional;

/**
 * Campaign pages: {@code GET /c/{campaign}} (the signup form), {@code /thanks} ("check your
 * inbox") and {@code /confirmed}. Reads campaign files only: no AWS client, fast cold start.
 */
public final class PagesHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final CampaignCatalog campaigns;
    private final Log log;
    /** Held so the CRaC context, which may keep resources weakly, calls it. */
    private Priming priming;

    public PagesHandler() {
        this(CampaignCatalog.fromClasspath(), Log.stdout("pages", LeadpipeConfig.fromEnvironment().runtime().logLevel()));
        priming = priming().register();
    }

    public PagesHandler(CampaignCatalog campaigns, Log log) {
        this.campaigns = campaigns;
        this.log = log;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        log.invocation(context == null ? null : context.getAwsRequestId());
        return ApiGatewayHttp.handle(event, this::handle, log);
    }

    HttpResponse handle(HttpRequest request) {
        Optional<Campaign> campaign = campaigns.find(request.pathParameters().get("campaign"));
        if (campaign.isEmpty()) {
            return Answers.notFound(request);
        }
        String path = request.path();
        // ?s= carries the survey link's token from the submit and confirm answers.
        Optional<String> surveyToken = Optional.ofNullable(request.query().get("s"));
        if (path.endsWith("/thanks")) {
            return CampaignPages.thanks(campaign.get(), request.basePath(), surveyToken);
        }
        if (path.endsWith("/confirmed")) {
            return CampaignPages.confirmed(campaign.get(), request.basePath(), "1".equals(request.query().get("already")),
                    surveyToken, Optional.ofNullable(request.query().get("h")));
        }
        return CampaignPages.landing(campaign.get(), request);
    }

    /** SnapStart priming: every page of every campaign, rendered once. */
    public Priming priming() {
        Priming steps = new Priming(log);
        for (String id : campaigns.ids()) {
            Map<String, String> path = Map.of("campaign", id);
            steps.step(id + ": landing", () -> handleRequest(SyntheticEvents.get("/c/" + id, "GET /c/{campaign}", path,
                    "utm_source=priming"), null));
            steps.step(id + ": thanks", () -> handleRequest(SyntheticEvents.get("/c/" + id + "/thanks",
                    "GET /c/{campaign}/thanks", path, "s=" + SyntheticEvents.unmintedToken(id)), null));
            steps.step(id + ": confirmed", () -> handleRequest(SyntheticEvents.get("/c/" + id + "/confirmed",
                    "GET /c/{campaign}/confirmed", path, "already=1"), null));
        }
        steps.step("unknown campaign", () -> handleRequest(SyntheticEvents.get("/c/priming-unknown", "GET /c/{campaign}",
                Map.of("campaign", "priming-unknown"), null), null));
        return steps;
    }
}
