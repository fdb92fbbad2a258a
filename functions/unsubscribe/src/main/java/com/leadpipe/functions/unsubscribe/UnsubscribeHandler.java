package com.leadpipe.functions.unsubscribe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.http.ApiGatewayHttp;
import com.leadpipe.log.Log;
import com.leadpipe.priming.Priming;
import com.leadpipe.priming.SyntheticEvents;
import com.leadpipe.store.LeadStore;
import com.leadpipe.unsubscribe.UnsubscribeService;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Lambda entry point for {@code GET /unsubscribe} and {@code POST /unsubscribe}. */
public final class UnsubscribeHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final UnsubscribeEndpoint endpoint;
    private final CampaignCatalog campaigns;
    private final Log log;
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
        this.log = log;
        this.campaigns = campaigns;
        this.endpoint = new UnsubscribeEndpoint(campaigns,
                new UnsubscribeService(new LeadStore(dynamo, config.tableName()), clock, log), log);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        log.invocation(context == null ? null : context.getAwsRequestId());
        return ApiGatewayHttp.handle(event, endpoint::handle, log);
    }

    /**
     * SnapStart priming: the unsubscribe page, the page's button and the one-click POST for a link
     * nobody was sent, per campaign (one read of its token each, nothing written).
     */
    public Priming priming() {
        Priming steps = new Priming(log);
        for (String id : campaigns.ids()) {
            String token = "t=" + SyntheticEvents.unmintedToken(id);
            steps.step(id + ": page", () -> handleRequest(SyntheticEvents.get("/unsubscribe", "GET /unsubscribe",
                    Map.of(), token), null));
            steps.step(id + ": button", () -> handleRequest(SyntheticEvents.http("POST", "/unsubscribe",
                    "POST /unsubscribe", Map.of(), null, Map.of(), SyntheticEvents.FORM, token), null));
            steps.step(id + ": one-click", () -> handleRequest(SyntheticEvents.http("POST", "/unsubscribe",
                    "POST /unsubscribe", Map.of(), token, Map.of(), SyntheticEvents.FORM, "List-Unsubscribe=One-Click"),
                    null));
        }
        return steps;
    }
}
