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
import com.leadpipe.aws.AwsClients;
import com.leadpipe.log.Log;
import com.leadpipe.priming.Priming;
import com.leadpipe.priming.Rehearsal;
import com.leadpipe.priming.SyntheticEvents;
import com.leadpipe.store.PageViewCounter;
import com.leadpipe.store.StoreException;
import com.leadpipe.web.CampaignPages;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Campaign pages: {@code GET /c/{campaign}} (the signup form), {@code /thanks} ("check your
 * inbox") and {@code /confirmed}, rendered from the campaign files. A landing page view is the
 * funnel's first step: one counter update ({@link PageViewCounter}), best effort, so a slow or
 * failing table never keeps the page from the visitor.
 */
public final class PagesHandler implements RequestStreamHandler {

    /** Link previews and crawlers are not people reading the page. */
    private static final Pattern NOT_A_VISITOR = Pattern.compile(
            "bot|crawl|spider|slurp|preview|facebookexternalhit|headless", Pattern.CASE_INSENSITIVE);

    private final LeadpipeConfig config;
    private final CampaignCatalog campaigns;
    private final PageViewCounter views;
    private final Clock clock;
    private final Log log;
    /** Held so the CRaC context, which may keep resources weakly, calls it. */
    private Priming priming;

    public PagesHandler() {
        this(LeadpipeConfig.fromEnvironment());
        priming = priming().register();
    }

    private PagesHandler(LeadpipeConfig config) {
        this(config, AwsClients.from(config.runtime()).dynamoDb(), CampaignCatalog.fromClasspath(), Clock.systemUTC(),
                Log.stdout("pages", config.runtime().logLevel()));
    }

    public PagesHandler(LeadpipeConfig config, DynamoDbClient dynamo, CampaignCatalog campaigns, Clock clock, Log log) {
        this.config = config;
        this.campaigns = campaigns;
        this.views = new PageViewCounter(dynamo, config.tableName());
        this.clock = clock;
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
        HttpResponse page = CampaignPages.landing(campaign.get(), request);
        if (page.status() == 200 && isVisit(request)) {
            countView(campaign.get().id(), request);
        }
        return page;
    }

    /** A person's GET: not a HEAD, not a browser's speculative prefetch, not a crawler or link preview. */
    static boolean isVisit(HttpRequest request) {
        if (!"GET".equalsIgnoreCase(request.method())) {
            return false;
        }
        String purpose = request.header("sec-purpose").or(() -> request.header("purpose")).orElse("");
        if (purpose.toLowerCase(Locale.ROOT).contains("prefetch")) {
            return false;
        }
        return !NOT_A_VISITOR.matcher(request.userAgent()).find();
    }

    private void countView(String campaignId, HttpRequest request) {
        Map<String, String> attribution = new LinkedHashMap<>();
        for (String name : new String[] {"utm_source", "utm_medium", "utm_campaign"}) {
            String value = request.query().get(name);
            if (value != null) {
                attribution.put(name, value);
            }
        }
        try {
            views.count(campaignId, attribution, clock.instant(), Long.toString(ThreadLocalRandom.current().nextLong()));
        } catch (StoreException e) {
            log.warn("pages.view_not_counted", "campaign", campaignId, "reason", e.getMessage());
        }
    }

    /**
     * SnapStart priming: every page of every campaign and an unknown campaign, bytes to bytes as the
     * runtime invokes the handler. Landing pages on a second handler over the rehearsal's offline
     * clients (a view counted by priming would be a view nobody made), so their rounds count
     * nothing; the real client makes refused view updates per campaign, often enough for its HTTP
     * path to be compiled. Enough rounds for the JIT to compile the page path before the snapshot.
     */
    public Priming priming() {
        Priming steps = new Priming(log);
        Rehearsal.Stage<PagesHandler> offline = Rehearsal.stage(config, campaigns, "pages",
                r -> new PagesHandler(config, r.dynamoDb(), campaigns, clock, r.log()));
        for (String id : campaigns.ids()) {
            Map<String, String> path = Map.of("campaign", id);
            // The role may only update counters: the warming call is the refused update itself.
            steps.warm(id + ": view counter", () -> {
                if (!views.rehearse(id, clock.instant())) {
                    throw new IllegalStateException("the refused view update was written");
                }
            });
            steps.rehearse(id + ": landing", () -> Priming.rehearse(offline.handler(), SyntheticEvents.get("/c/" + id,
                    "GET /c/{campaign}", path, "utm_source=priming")));
            steps.rehearse(id + ": thanks", () -> Priming.rehearse(this, SyntheticEvents.get("/c/" + id + "/thanks",
                    "GET /c/{campaign}/thanks", path, "s=" + SyntheticEvents.unmintedToken(id))));
            steps.rehearse(id + ": confirmed", () -> Priming.rehearse(this, SyntheticEvents.get("/c/" + id + "/confirmed",
                    "GET /c/{campaign}/confirmed", path, "already=1")));
        }
        steps.rehearse("unknown campaign", () -> Priming.invoke(this, SyntheticEvents.get("/c/priming-unknown",
                "GET /c/{campaign}", Map.of("campaign", "priming-unknown"), null)));
        return steps.afterAll(offline::clear);
    }
}
