package com.leadpipe.functions.confirm;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.leadpipe.aws.AwsClients;
import com.leadpipe.campaign.CampaignCatalog;
import com.leadpipe.config.LeadpipeConfig;
import com.leadpipe.confirm.ConfirmationService;
import com.leadpipe.http.ApiGatewayHttp;
import com.leadpipe.log.Log;
import com.leadpipe.priming.Priming;
import com.leadpipe.priming.SyntheticEvents;
import com.leadpipe.store.LeadStore;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Lambda entry point for {@code GET /confirm} and {@code POST /confirm}. */
public final class ConfirmHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final ConfirmEndpoint endpoint;
    private final CampaignCatalog campaigns;
    private final Log log;
    /** Held so the CRaC context, which may keep resources weakly, calls it. */
    private Priming priming;

    public ConfirmHandler() {
        this(LeadpipeConfig.fromEnvironment());
        priming = priming().register();
    }

    private ConfirmHandler(LeadpipeConfig config) {
        this(config, AwsClients.from(config.runtime()).dynamoDb(), CampaignCatalog.fromClasspath(), Clock.systemUTC(),
                Log.stdout("confirm", config.runtime().logLevel()));
    }

    public ConfirmHandler(LeadpipeConfig config, DynamoDbClient dynamo, CampaignCatalog campaigns, Clock clock, Log log) {
        this.log = log;
        this.campaigns = campaigns;
        this.endpoint = new ConfirmEndpoint(campaigns,
                new ConfirmationService(campaigns, new LeadStore(dynamo, config.tableName()), clock, log), log);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        log.invocation(context == null ? null : context.getAwsRequestId());
        return ApiGatewayHttp.handle(event, endpoint::handle, log);
    }

    /**
     * SnapStart priming: the confirm page and the confirm action for a link nobody was sent (one
     * read of its token, nothing written), and for a malformed link, per campaign.
     */
    public Priming priming() {
        Priming steps = new Priming(log);
        for (String id : campaigns.ids()) {
            String token = "t=" + SyntheticEvents.unmintedToken(id);
            steps.step(id + ": page", () -> handleRequest(SyntheticEvents.get("/confirm", "GET /confirm", Map.of(), token),
                    null));
            steps.step(id + ": confirm", () -> handleRequest(SyntheticEvents.http("POST", "/confirm", "POST /confirm",
                    Map.of(), null, Map.of(), SyntheticEvents.FORM, token), null));
        }
        steps.step("malformed link", () -> handleRequest(SyntheticEvents.get("/confirm", "GET /confirm", Map.of(),
                "t=broken"), null));
        return steps;
    }
}
