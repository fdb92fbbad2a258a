package com.leadpipe.functions.survey;

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
import com.leadpipe.survey.SurveyService;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Lambda entry point for {@code GET /c/{campaign}/survey} and {@code POST /c/{campaign}/survey}. */
public final class SurveyHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final SurveyEndpoint endpoint;
    private final CampaignCatalog campaigns;
    private final Log log;
    /** Held so the CRaC context, which may keep resources weakly, calls it. */
    private Priming priming;

    public SurveyHandler() {
        this(LeadpipeConfig.fromEnvironment());
        priming = priming().register();
    }

    private SurveyHandler(LeadpipeConfig config) {
        this(config, AwsClients.from(config.runtime()).dynamoDb(), CampaignCatalog.fromClasspath(), Clock.systemUTC(),
                Log.stdout("survey", config.runtime().logLevel()));
    }

    public SurveyHandler(LeadpipeConfig config, DynamoDbClient dynamo, CampaignCatalog campaigns, Clock clock, Log log) {
        this.log = log;
        this.campaigns = campaigns;
        this.endpoint = new SurveyEndpoint(campaigns, new SurveyService(new LeadStore(dynamo, config.tableName()), clock,
                log), log);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        log.invocation(context == null ? null : context.getAwsRequestId());
        return ApiGatewayHttp.handle(event, endpoint::handle, log);
    }

    /** SnapStart priming: the survey page and a posted answer for a link nobody was sent, per campaign. */
    public Priming priming() {
        Priming steps = new Priming(log);
        for (String id : campaigns.ids()) {
            String path = "/c/" + id + "/survey";
            String token = "t=" + SyntheticEvents.unmintedToken(id);
            steps.step(id + ": page", () -> handleRequest(SyntheticEvents.get(path, "GET /c/{campaign}/survey",
                    Map.of("campaign", id), token), null));
            steps.step(id + ": answer", () -> handleRequest(SyntheticEvents.http("POST", path, "POST /c/{campaign}/survey",
                    Map.of("campaign", id), null, Map.of(), SyntheticEvents.FORM, token), null));
        }
        return steps;
    }
}
