package com.leadpipe.functions.handoff;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.handoff.HandRaiseLinks;
import com.leadpipe.handoff.HandoffAcknowledgements;
import com.leadpipe.handoff.HandoffNotifier;
import com.leadpipe.handoff.HandoffService;
import com.leadpipe.http.HttpApiStream;
import com.leadpipe.log.Log;
import com.leadpipe.priming.Priming;
import com.leadpipe.priming.SyntheticEvents;
import com.leadpipe.store.HandoffStore;
import com.leadpipe.store.LeadStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Lambda entry point for {@code GET|POST /c/{campaign}/talk} and {@code GET|POST /c/{campaign}/talk/ack}. */
public final class HandoffHandler implements RequestStreamHandler {

    private final HandoffEndpoint endpoint;
    private final CampaignCatalog campaigns;
    private final Log log;
    /** Held so the CRaC context, which may keep resources weakly, calls it. */
    private Priming priming;

    /** Used by Lambda: real clients, built once per container (before the SnapStart snapshot). */
    public HandoffHandler() {
        this(LeadpipeConfig.fromEnvironment());
        priming = priming().register();
    }

    private HandoffHandler(LeadpipeConfig config) {
        this(config, AwsClients.from(config.runtime()), CampaignCatalog.fromClasspath(),
                Log.stdout("handoff", config.runtime().logLevel()));
    }

    private HandoffHandler(LeadpipeConfig config, AwsClients aws, CampaignCatalog campaigns, Log log) {
        this(config, aws.dynamoDb(), campaigns, Clock.systemUTC(), log);
    }

    /** No SES: the notify list hears from the lead-events function (the table's stream), not from here. */
    public HandoffHandler(LeadpipeConfig config, DynamoDbClient dynamo, CampaignCatalog campaigns, Clock clock, Log log) {
        this.log = log;
        this.campaigns = campaigns;
        LeadStore leads = new LeadStore(dynamo, config.tableName());
        this.endpoint = new HandoffEndpoint(campaigns, new HandoffService(leads, clock, log),
                new HandoffAcknowledgements(leads, new HandoffStore(dynamo, config.tableName()), clock, log), log);
    }

    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) {
        log.invocation(context == null ? null : context.getAwsRequestId());
        HttpApiStream.handle(event, response, endpoint::handle, log);
    }

    /**
     * SnapStart priming: per campaign, the form and its POST for a link nobody was sent (one read
     * of its token each, nothing written); the same for the "I've got this" page and its POST.
     */
    public Priming priming() {
        Priming steps = new Priming(log);
        for (String id : campaigns.ids()) {
            String path = HandRaiseLinks.path(id);
            String route = "/c/{campaign}/talk";
            String token = "t=" + SyntheticEvents.unmintedToken(id);
            steps.step(id + ": page", () -> Priming.invoke(this, SyntheticEvents.get(path, "GET " + route,
                    Map.of("campaign", id), token)));
            String ack = HandoffNotifier.AckLinks.path(id);
            steps.step(id + ": acknowledge page", () -> Priming.invoke(this, SyntheticEvents.get(ack, "GET " + route + "/ack",
                    Map.of("campaign", id), token)));
            steps.step(id + ": acknowledge", () -> Priming.invoke(this, SyntheticEvents.http("POST", ack, "POST " + route + "/ack",
                    Map.of("campaign", id), null, Map.of(), SyntheticEvents.FORM, token)));
            steps.step(id + ": raise", () -> Priming.invoke(this, SyntheticEvents.http("POST", path, "POST " + route,
                    Map.of("campaign", id), null, Map.of(), SyntheticEvents.FORM, token + "&channel=email")));
        }
        return steps;
    }
}
