package com.leadpipe.functions.unsubscribe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.campaign.Campaign;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.http.HttpApiStream;
import com.leadpipe.log.Log;
import com.leadpipe.priming.Priming;
import com.leadpipe.priming.Rehearsal;
import com.leadpipe.priming.SyntheticEvents;
import com.leadpipe.store.LeadStore;
import com.leadpipe.unsubscribe.UnsubscribeLinks;
import com.leadpipe.unsubscribe.UnsubscribeService;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Lambda entry point for {@code GET /unsubscribe} and {@code POST /unsubscribe}. */
public final class UnsubscribeHandler implements RequestStreamHandler {

    private final UnsubscribeEndpoint endpoint;
    private final CampaignCatalog campaigns;
    private final Log log;
    private final LeadpipeConfig config;
    /** Held so the CRaC context, which may keep resources weakly, calls it. */
    private Priming priming;

    public UnsubscribeHandler() {
        this(LeadpipeConfig.fromEnvironment());
        priming = priming().register();
    }

    private UnsubscribeHandler(LeadpipeConfig config) {
        this(config, AwsClients.from(config.runtime()).dynamoDb(), CampaignCatalog.fromClasspath(), Clock.systemUTC(),
                Log.stdout("unsubscribe", config.runtime().logLevel()));
    }

    public UnsubscribeHandler(LeadpipeConfig config, DynamoDbClient dynamo, CampaignCatalog campaigns, Clock clock,
                              Log log) {
        this.config = config;
        this.log = log;
        this.campaigns = campaigns;
        this.endpoint = new UnsubscribeEndpoint(campaigns,
                new UnsubscribeService(new LeadStore(dynamo, config.tableName()), clock, log), log);
    }

    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) {
        log.invocation(context == null ? null : context.getAwsRequestId());
        HttpApiStream.handle(event, response, endpoint::handle, log);
    }

    /**
     * SnapStart priming. Real client, harmless: per campaign the unsubscribe page, the page's button
     * and the one-click POST for a link nobody was sent (one read of its token each, nothing
     * written). Rehearsed ({@link Rehearsal}: offline clients, nothing leaves the JVM): a confirmed
     * lead's nurture mail link opened and its one-click POST, through the unsubscribe transaction.
     */
    public Priming priming() {
        Priming steps = new Priming(log);
        Rehearsal.Stage<UnsubscribeHandler> offline = Rehearsal.stage(config, campaigns, "unsubscribe",
                r -> new UnsubscribeHandler(config, r.dynamoDb(), campaigns, Clock.systemUTC(),
                r.log()));
        for (String id : campaigns.ids()) {
            String token = "t=" + SyntheticEvents.unmintedToken(id);
            steps.step(id + ": page", () -> Priming.invoke(this, page(token)));
            steps.step(id + ": button", () -> Priming.invoke(this, post(null, token)));
            steps.step(id + ": one-click", () -> Priming.invoke(this, post(token, UnsubscribeLinks.ONE_CLICK)));
            if (campaigns.find(id).flatMap(Campaign::sequence).isPresent()) {
                steps.rehearse(id + ": unsubscribed", () -> {
                    String link = "t=" + offline.rehearsal().nurtured(offline.rehearsal().confirmed(id));
                    Priming.rehearse(offline.handler(), page(link));
                    Priming.rehearse(offline.handler(), post(link, UnsubscribeLinks.ONE_CLICK));
                });
            }
        }
        return steps.afterAll(offline::clear);
    }

    private static HttpApiStream.WireEvent page(String query) {
        return SyntheticEvents.get("/unsubscribe", "GET /unsubscribe", Map.of(), query);
    }

    private static HttpApiStream.WireEvent post(String query, String form) {
        return SyntheticEvents.http("POST", "/unsubscribe", "POST /unsubscribe", Map.of(), query, Map.of(),
                SyntheticEvents.FORM, form);
    }
}
