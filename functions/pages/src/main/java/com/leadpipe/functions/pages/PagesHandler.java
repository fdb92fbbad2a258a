package com.leadpipe.functions.pages;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.http.Answers;
import com.leadpipe.http.HttpApiStream;
import com.leadpipe.http.HttpRequest;
import com.leadpipe.http.HttpResponse;
import com.leadpipe.log.Log;
import com.leadpipe.priming.Priming;
import com.leadpipe.priming.SyntheticEvents;
import com.leadpipe.web.CampaignPages;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;

/**
 * Campaign pages: {@code GET /c/{campaign}} (the signup form), {@code /thanks} ("check your
 * inbox") and {@code /confirmed}. Reads campaign files only: no AWS client, fast cold start.
 */
public final class PagesHandler implements RequestStreamHandler {

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
    public void handleRequest(InputStream event, OutputStream response, Context context) {
        log.invocation(context == null ? null : context.getAwsRequestId());
        HttpApiStream.handle(event, response, this::handle, log);
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

    /**
     * SnapStart priming: every page of every campaign and an unknown campaign, bytes to bytes as the
     * runtime invokes the handler. No SDK client: all in-process, so every step runs the rehearsal's
     * rounds, enough for the JIT to compile the page path before the snapshot.
     */
    public Priming priming() {
        Priming steps = new Priming(log);
        for (String id : campaigns.ids()) {
            Map<String, String> path = Map.of("campaign", id);
            steps.rehearse(id + ": landing", () -> Priming.rehearse(this, SyntheticEvents.get("/c/" + id,
                    "GET /c/{campaign}", path, "utm_source=priming")));
            steps.rehearse(id + ": thanks", () -> Priming.rehearse(this, SyntheticEvents.get("/c/" + id + "/thanks",
                    "GET /c/{campaign}/thanks", path, "s=" + SyntheticEvents.unmintedToken(id))));
            steps.rehearse(id + ": confirmed", () -> Priming.rehearse(this, SyntheticEvents.get("/c/" + id + "/confirmed",
                    "GET /c/{campaign}/confirmed", path, "already=1")));
        }
        steps.rehearse("unknown campaign", () -> Priming.invoke(this, SyntheticEvents.get("/c/priming-unknown",
                "GET /c/{campaign}", Map.of("campaign", "priming-unknown"), null)));
        return steps;
    }
}
